import { describe, expect, it } from "vitest";
import { mergeStreams } from "../../../lib/tools/kernel/outputs";
import { errorFromThrownValue, errorFromTslabText, withoutKernelFrames } from "../../../lib/tools/kernel/tslab-errors";
import { decode, encode, newMessage } from "../../../lib/tools/kernel/wire";

// The texts below are what tslab 1.0.22 printed on stderr in the kernel tests (copied from a real run).
describe("errorFromTslabText", () => {
  it("several TypeScript diagnostics become one TSError", () => {
    const e = errorFromTslabText("1:24 - ';' expected.\n1:26 - Cannot find name 'length'.\n");
    expect(e).toEqual({
      output_type: "error",
      ename: "TSError",
      evalue: "1:24 - ';' expected.\n1:26 - Cannot find name 'length'.",
      traceback: ["1:24 - ';' expected.", "1:26 - Cannot find name 'length'."],
    });
  });
  it("a synchronous throw: node's evalmachine header is skipped, the multi-line message kept", () => {
    const text =
      "evalmachine.<anonymous>:3\nthrow new RangeError('multi\\nline');\n^\n\nRangeError: multi\nline\n    at evalmachine.<anonymous>:3:7\n";
    const e = errorFromTslabText(text);
    expect(e.ename).toBe("RangeError");
    expect(e.evalue).toBe("multi\nline");
    expect(e.traceback[0]).toBe("evalmachine.<anonymous>:3");
  });
  it("a throw inside the library a cell called: named by its class and message, without the library's source line", () => {
    const text =
      "/work/x/lib/dist/nn/init.js:90\n        throw new RangeError(caller + ' init');\n        ^\n\n" +
      'RangeError: mlp: init "xavier" needs a seeded generator\n    at initializerByName (/work/x/lib/dist/nn/init.js:90:15)\n' +
      "    at In[1]:2:13\n";
    const e = errorFromTslabText(text);
    expect(e.ename).toBe("RangeError");
    expect(e.evalue).toBe('mlp: init "xavier" needs a seeded generator');
    expect(e.traceback[0]).toBe('RangeError: mlp: init "xavier" needs a seeded generator');
    expect(e.traceback.join("\n")).not.toContain("throw new RangeError");
    expect(e.traceback.join("\n")).toContain("at In[1]:2:13");
  });
  it("a throw inside a package on Windows-like or spaced paths: the same", () => {
    const text =
      "C:\\Users\\a b\\node_modules\\p\\index.js:3\n  throw new TypeError('x');\n  ^\n\nTypeError: x\n    at f (p:3:9)\n";
    expect(errorFromTslabText(text)).toMatchObject({ ename: "TypeError", evalue: "x" });
  });
  it("the kernel's own frames (Node's vm, tslab, the launcher) leave the traceback; the cell's and the library's stay", () => {
    const text = [
      'RangeError: mlp: activation "nope" is unknown',
      "    at activationByName (/p/lib/dist/nn/activations.js:150:11)",
      "    at In[3]:3:11",
      "    at In[3]:5:3",
      "    at Script.runInThisContext (node:vm:122:12)",
      "    at sigintHandlersWrap (node:vm:270:12)",
      "    at Object.execute (/p/node_modules/tslab/dist/executor.js:158:38)",
      "    at executor.execute (/p/lib/dist/tools/kernel/failed-cell-declarations.js:55:32)",
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    ].join("\n");
    expect(withoutKernelFrames(text, ["/p/node_modules/tslab/dist/", "/p/lib/dist/tools/kernel/"]).split("\n")).toEqual([
      'RangeError: mlp: activation "nope" is unknown',
      "    at activationByName (/p/lib/dist/nn/activations.js:150:11)",
      "    at In[3]:3:11",
      "    at In[3]:5:3",
    ]);
    expect(withoutKernelFrames("a printed line: at home (node: yes)", [])).toBe("a printed line: at home (node: yes)");
    const machinery = "Error: the kernel's own\n    at Script.runInThisContext (node:vm:122:12)";
    expect(withoutKernelFrames(machinery, [])).toBe(machinery);
  });
  it("an interrupted cell (Jupyter's interrupt, a time limit) shows Node's message alone, not the kernel's frames", () => {
    const dirs = ["/p/node_modules/tslab/dist/", "/p/lib/dist/tools/kernel/"];
    for (const message of ["Error: Script execution was interrupted by `SIGINT`", "Error: Script execution interrupted."]) {
      const text = [
        message,
        "    at sigintHandlersWrap (node:vm:280:12)",
        "    at vm.runInThisContext (/p/lib/dist/tools/kernel/launcher.js:105:16)",
        "    at Object.execute (/p/node_modules/tslab/dist/executor.js:160:38)",
        "    at async JupyterHandlerImpl.handleExecute (/p/node_modules/tslab/dist/jupyter.js:208:21) {",
        "  code: 'ERR_SCRIPT_EXECUTION_INTERRUPTED'",
        "}",
        "",
      ].join("\n");
      const shown = withoutKernelFrames(text, dirs);
      expect(shown).toBe(`${message}\n`);
      expect(errorFromTslabText(shown)).toEqual({
        output_type: "error",
        ename: "Error",
        evalue: message.slice("Error: ".length),
        traceback: [message],
      });
    }
  });
  it("an error's own properties after a kernel frame stay in their braces", () => {
    const text = [
      "Error: ENOENT: no such file or directory, open 'missing.csv'",
      "    at Object.openSync (node:fs:573:18)",
      "    at In[2]:1:4",
      "    at Script.runInThisContext (node:vm:122:12) {",
      "  errno: -2,",
      "  code: 'ENOENT'",
      "}",
    ].join("\n");
    expect(withoutKernelFrames(text, []).split("\n")).toEqual([
      "Error: ENOENT: no such file or directory, open 'missing.csv'",
      "    at In[2]:1:4 {",
      "  errno: -2,",
      "  code: 'ENOENT'",
      "}",
    ]);
  });
  it("the cell's header without a caret (the place not found in the cell's line) or without the line still names the error", () => {
    for (const text of [
      "In[3]:2\nconst y = f(x);\n\nRangeError: bad\n    at In[3]:2:11",
      "In[3]:2\n\nRangeError: bad\n    at In[3]:2:11",
    ]) {
      expect(errorFromTslabText(text)).toMatchObject({ ename: "RangeError", evalue: "bad" });
    }
  });
  it("a rejected promise prints no header", () => {
    expect(errorFromTslabText("Error: async\n    at evalmachine.<anonymous>:3:43\n")).toMatchObject({
      ename: "Error",
      evalue: "async",
    });
  });
  it("an Error without message", () => {
    expect(errorFromTslabText("evalmachine.<anonymous>:5\nthrow e;\n^\n\nError\n    at x (y:1:1)\n")).toMatchObject({
      ename: "Error",
      evalue: "",
    });
  });
  it("a printed value that is no error and no diagnostic is 'Uncaught' (the kernel names what it sees thrown itself)", () => {
    expect(errorFromTslabText("{ a: 1 }\n")).toMatchObject({ ename: "Uncaught", evalue: "{ a: 1 }" });
  });
  it("a type error inside a file the cell imports is a TSError, as one in the cell (file names with a space or folder)", () => {
    for (const text of [
      "badhelper.ts 1:14 - Type 'string' is not assignable to type 'number'.\n",
      "lib/my util.tsx 3:1 - Cannot find name 'x'.\n1:7 - Type 'number' is not assignable to type 'string'.\n",
    ])
      expect(errorFromTslabText(text)).toMatchObject({ ename: "TSError", evalue: text.trimEnd() });
  });
});

describe("a thrown value that is not an Error", () => {
  it("is named by its kind, printed as Node prints it, and the traceback says how to get a message and a stack", () => {
    class Reason {
      code = 7;
    }
    const cases: [unknown, string, string][] = [
      ["no data", "Thrown string", "'no data'"],
      [{ code: 42 }, "Thrown object", "{ code: 42 }"],
      [null, "Thrown null", "null"],
      [undefined, "Thrown undefined", "undefined"],
      [3, "Thrown number", "3"],
      [new Reason(), "Thrown Reason", "Reason { code: 7 }"],
      [Object.create(null), "Thrown object", "[Object: null prototype] {}"],
    ];
    for (const [value, ename, evalue] of cases) {
      const e = errorFromThrownValue(value);
      expect(e).toMatchObject({ ename, evalue });
      expect(e.traceback[0]).toBe(`${ename}: ${evalue}`);
      expect(e.traceback[1]).toMatch(/not an Error.*throw new Error/);
    }
  });
});

describe("outputs and wire", () => {
  it("consecutive streams of the same name are merged, others kept apart", () => {
    expect(
      mergeStreams([
        { output_type: "stream", name: "stdout", text: "a" },
        { output_type: "stream", name: "stdout", text: "b" },
        { output_type: "stream", name: "stderr", text: "c" },
        { output_type: "stream", name: "stdout", text: "d" },
      ]),
    ).toEqual([
      { output_type: "stream", name: "stdout", text: "ab" },
      { output_type: "stream", name: "stderr", text: "c" },
      { output_type: "stream", name: "stdout", text: "d" },
    ]);
  });
  it("a signed message decodes back; a wrong key is refused", () => {
    const msg = newMessage("execute_request", "s1", { code: "1" });
    const frames = encode("secret", msg);
    expect(decode("secret", frames).content).toEqual({ code: "1" });
    expect(() => decode("other", frames)).toThrow(/bad HMAC signature/);
  });
});
