// Kernels started from a start-up snapshot built in another folder than the notebook's: the notebook's own folder
// decides what its imports resolve to, exactly as for a kernel started the ordinary way. A snapshot once kept the
// folder it was built in as the compiler's working folder (TypeScript memoizes process.cwd() as it loads), so a
// kernel from it put its cell file there: "Cannot find module 'dl4nlp'" for a folder's own node_modules/dl4nlp and for
// a folder that installs none, and "Cannot find module './helper'" for a module beside a notebook below the project
// root. Each folder here is run by `dl4nlp run` with the snapshot for its key already built elsewhere.
import type { INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kernelLauncher } from "../../../lib/tools/kernel/kernel-process";
import { buildSnapshot, usableSnapshot } from "../../../lib/tools/kernel/snapshot";
import { dl4nlpNotebook } from "../../helpers/notebook";

const ROOT = resolve(__dirname, "..", "..", "..");
const CLI = join(ROOT, "lib", "bin", "dl4nlp.js");

/** Whether the kernel started from a snapshot, and whether its compiler works in the kernel's folder. */
const COMPILER_FOLDER = `const tsFile = Object.keys(require.cache).find((f) => f.endsWith("typescript-for-tslab/lib/typescript.js"));
console.log("snapshot", process.execArgv.includes("--snapshot-blob"));
console.log("compiler folder", require.cache[tsFile!]!.exports.sys.getCurrentDirectory() === process.cwd());`;

/**
 * A product large enough to be split over helper threads (on a machine of two cores or more), twice, the second after the
 * helpers have started: a kernel from a snapshot once aborted there (a helper thread with a heap limit could not be
 * deserialized from the snapshot: "Fatal JavaScript OOM in GC during deserialization", the kernel killed by SIGTRAP).
 */
const SPLIT_PRODUCT = `import { matmul } from "dl4nlp";
const big = Tensor.from(Array.from({ length: 512 }, (_, i) => Array.from({ length: 512 }, (_, j) => ((i * 7 + j) % 13) / 13)));
const once = matmul(big, big);
await new Promise((r) => setTimeout(r, 2000));
const twice = matmul(big, big);
console.log("same product", twice.data.every((v, i) => v === once.data[i]));`;

/** Each folder (relative to the test's temporary folder) with its files, its notebook, and what the notebook prints. */
const FOLDERS = {
  // no dl4nlp installed: the launcher forwards "dl4nlp" to its own package, types included; a tsconfig.json of the
  // folder is not read by tslab (noImplicitAny would reject the function below)
  forwarded: {
    files: { "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, noImplicitAny: true } }) },
    cells: [
      'import { Tensor, softmax } from "dl4nlp";\nconsole.log(softmax(Tensor.from([[0, 0]])).toArray());',
      "function same(x) { return x; }\nconsole.log(same(1));",
      COMPILER_FOLDER,
      SPLIT_PRODUCT,
      "console.log(twice.size);",
      'softmax("not a tensor");',
    ],
    printed: "[ [ 0.5, 0.5 ] ]\n1\nsnapshot true\ncompiler folder true\nsame product true\n262144\n",
    error: /not assignable to parameter of type 'Tensor'/,
  },
  // the folder's own node_modules/dl4nlp wins, for its types and at run time
  own: {
    files: {
      "node_modules/dl4nlp/package.json": JSON.stringify({ name: "dl4nlp", version: "0.0.1", main: "dist/index.js" }),
      "node_modules/dl4nlp/dist/index.js": 'exports.marker = "the folder\'s own dl4nlp";\n',
      "node_modules/dl4nlp/dist/index.d.ts": "export declare const marker: string;\n",
    },
    cells: ['import { marker } from "dl4nlp";\nconsole.log(marker);', COMPILER_FOLDER, "const n: number = marker;"],
    printed: "the folder's own dl4nlp\nsnapshot true\ncompiler folder true\n",
    error: /Type 'string' is not assignable to type 'number'/,
  },
  // a notebook below its project's root (which has node_modules/@types of its own), beside a module it imports
  "project/notebooks": {
    files: {
      "../node_modules/@types/own-marker/package.json": JSON.stringify({ name: "@types/own-marker", version: "1.0.0" }),
      "../node_modules/@types/own-marker/index.d.ts": 'declare type OwnMarker = "from the project\'s own @types";\n',
      "helper.ts": "export const helper = (x: number): number => x * 2;\n",
    },
    cells: [
      'import { helper } from "./helper";\nconst m: OwnMarker = "from the project\'s own @types";\nconsole.log(helper(21), m);',
      COMPILER_FOLDER,
      'const wrong: OwnMarker = "other";',
    ],
    printed: "42 from the project's own @types\nsnapshot true\ncompiler folder true\n",
    error: /"other"' is not assignable to type '"from the project's own @types"'/,
  },
} as const;

/** Where each folder's snapshot is built: another folder with the same key (same type roots and dl4nlp types). */
const BUILT_IN = { forwarded: "elsewhere", own: "own", "project/notebooks": "project" } as const;

describe("a snapshot built in another folder: the notebook's folder decides its imports", () => {
  let dir = "";
  let cache = "";
  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "dl4nlp-snapshot-folders-")));
    cache = join(dir, "cache");
    mkdirSync(cache, { mode: 0o700 });
    mkdirSync(join(dir, "elsewhere"));
    for (const [folder, { files, cells }] of Object.entries(FOLDERS)) {
      for (const [name, text] of Object.entries({ ...files, "nb.ipynb": JSON.stringify(dl4nlpNotebook([...cells])) })) {
        const file = join(dir, folder, name);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("dl4nlp run gives each folder its own dl4nlp, @types and modules from a snapshot made elsewhere", async () => {
    const env = { ...process.env, DL4NLP_KERNEL_CACHE: cache, DL4NLP_LIVE_STATIC_FIGURES: "0" };
    const snapshots: Record<string, string | null> = {};
    for (const [folder, from] of Object.entries(BUILT_IN)) {
      const built = await buildSnapshot({ tslabBin: kernelLauncher(), cwd: join(dir, from), env });
      expect(built.file, built.log).not.toBeNull();
      snapshots[folder] = usableSnapshot({ tslabBin: kernelLauncher(), cwd: join(dir, folder), env });
      expect(snapshots[folder], `${folder}: the snapshot built in ${from}`).toBe(built.file);
    }
    // three keys: the folders' type roots or dl4nlp declarations differ
    expect(new Set(Object.values(snapshots)).size).toBe(3);

    const notebooks = Object.keys(FOLDERS).map((folder) => join(dir, folder, "nb.ipynb"));
    const out = join(dir, "out");
    const run = spawnSync(process.execPath, [CLI, "run", ...notebooks, "--out", out, "--allow-errors", "-j", "1"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 300_000,
      env,
    });
    expect(run.stdout + run.stderr).not.toMatch(/Cannot find (module|name)/);
    for (const [folder, { printed, error }] of Object.entries(FOLDERS)) {
      const nb = JSON.parse(readFileSync(join(out, folder, "nb.ipynb"), "utf8")) as INotebookContent;
      const outputs = nb.cells.flatMap((c) => (c.outputs as IOutput[] | undefined) ?? []);
      const text = (o: IOutput) => (Array.isArray(o.text) ? o.text.join("") : String(o.text ?? ""));
      expect(
        outputs
          .filter((o) => o.output_type === "stream" && o.name === "stdout")
          .map(text)
          .join(""),
        folder,
      ).toBe(printed);
      const errors = outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`);
      expect(errors, folder).toHaveLength(1);
      expect(errors[0], folder).toMatch(error);
    }
  }, 600_000);
});
