import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KernelClient } from "../../../lib/tools/kernel/types";
import { createZmqKernel } from "../../../lib/tools/kernel/zmq-client";

// A student's `import { f } from "./helper.ts"` (the path their editor completes) works in the project's kernel as
// `"./helper"` does: in a cell, in the imported files themselves, re-exported, dynamically imported; the same module
// either way. tslab alone refused it ("An import path can only end with a '.ts' extension when
// 'allowImportingTsExtensions' is enabled"). Real tslab kernel through the project's launcher.
const folder = join(__dirname, "..", "..", "fixtures", "ts-imports");

describe('import … from "./helper.ts" in a notebook cell', { timeout: 180_000 }, () => {
  let kernel: KernelClient;
  beforeAll(async () => {
    kernel = await createZmqKernel({ cwd: folder, startTimeoutMs: 120_000 });
  }, 180_000);
  afterAll(async () => {
    await kernel?.shutdown();
  });

  /** The cell's stdout, or its error's name and value. */
  const run = async (code: string): Promise<string> => {
    const r = await kernel.execute(code, { timeoutMs: 120_000 });
    const err = r.outputs.find((o) => o.output_type === "error") as { ename: string; evalue: string } | undefined;
    if (err) {
      await new Promise((done) => setTimeout(done, 300)); // tslab's abort window after an error
      return `${err.ename}: ${err.evalue}`;
    }
    return r.outputs.map((o) => (o.output_type === "stream" ? String(o.text) : "")).join("");
  };

  it("a named import with the extension: the helper's own .ts imports and `export *` from a .ts file run too", async () => {
    expect(
      await run(
        'import { double, six, triple, notAnImport } from "./helper.ts";\nconsole.log(double(21), six, triple(1), notAnImport);',
      ),
    ).toBe("42 6 3 ./not-an-import.ts\n");
  });

  it("the same module as the import without the extension (one instance, not two)", async () => {
    expect(
      await run(
        'import * as plain from "./helper";\nimport * as withTs from "./helper.ts";\nconsole.log(plain.double === withTs.double);',
      ),
    ).toBe("true\n");
  });

  it("a dynamic import with the extension", async () => {
    expect(await run('const m = await import("./other.ts");\nconsole.log(m.triple(5));')).toBe("15\n");
  });

  it("types are checked against the file: a wrong argument is a type error naming the parameter's type", async () => {
    expect(await run('import { double } from "./helper.ts";\ndouble("2");')).toMatch(
      /^TSError: .*Argument of type 'string' is not assignable to parameter of type 'number'/,
    );
  });

  it("a file that is not there is named, as without the extension", async () => {
    expect(await run('import { nope } from "./missing.ts";')).toMatch(/Cannot find module '\.\/missing\.ts'/);
  });
});
