/**
 * The entry script of a tslab start-up snapshot: run by `node --snapshot-blob FILE --build-snapshot entry.js` (see
 * ./index.ts, which owns when and where), never imported. A V8 start-up snapshot is the heap of a process frozen after
 * this script ran; a kernel started with `node --snapshot-blob FILE tslab-arguments…` begins from that heap.
 *
 * What it freezes, and why: a tslab kernel spends most of its start-up CPU (about 3 s of 3.7 s measured with
 * --cpu-prof) compiling TypeScript's own 9 MB compiler and parsing and binding the declaration files every program
 * needs (lib.es2022*.d.ts, every package under node_modules/@types, the dl4nlp library's .d.ts). Here the compiler is
 * loaded and those files are parsed and bound once; the kernel then reuses the files whose text is unchanged.
 *
 * Rules of a snapshot entry (Node 20): only built-in modules may be required while building, so the compiler is
 * evaluated from its file with `vm`; the runtime part (`main` below) runs in the kernel's own process with its own
 * argv, environment and working folder.
 *
 * Configuration comes from the environment variable DL4NLP_SNAPSHOT_BUILD (JSON, see ./config.ts).
 *
 * A script, not a module: Node's snapshot builder runs it without `exports`, so it has no import or export statement
 * (built-ins come from `require`, types from `import(…)` type expressions) and keeps its names inside one function.
 */
(() => {
  const { readFileSync } = require("node:fs") as typeof import("node:fs");
  const Module = require("node:module") as typeof import("node:module");
  const { dirname } = require("node:path") as typeof import("node:path");
  const { runInThisContext } = require("node:vm") as typeof import("node:vm");
  const { startupSnapshot } = require("node:v8") as typeof import("node:v8");
  type BuildConfig = import("./config").BuildConfig;

  /** One parsed file and the parse options it was made with (a kernel reuses it only for the same options). */
  interface Parsed {
    file: { text: string };
    languageVersion: number;
    impliedNodeFormat: number | undefined;
    setParentNodes: boolean;
    scriptKind: number | undefined;
  }

  /** The name under which the patched compiler looks up a parsed file (see HOOK). */
  const HOOK_KEY = "dl4nlp.kernelSnapshot.reuseSourceFile";

  /**
   * The first line of TypeScript 5.0's createSourceFile, and the same line with a lookup in front: a file whose name,
   * text and parse options match a frozen one is returned as it is. The compiler is evaluated from this patched text;
   * when the line is not found (another TypeScript), the build fails and kernels start without a snapshot.
   */
  const CREATE_SOURCE_FILE =
    "function createSourceFile(fileName, sourceText, languageVersionOrOptions, setParentNodes = false, scriptKind) {";
  const HOOK = `${CREATE_SOURCE_FILE} const reused = globalThis[Symbol.for("${HOOK_KEY}")]?.(fileName, sourceText, languageVersionOrOptions, setParentNodes, scriptKind); if (reused) return reused;`;

  function build(config: BuildConfig): void {
    const source = readFileSync(config.typescript, "utf8");
    if (!source.includes(CREATE_SOURCE_FILE)) {
      throw new Error(`${config.typescript}: createSourceFile not found: not the TypeScript this snapshot knows`);
    }
    const wrapper = runInThisContext(
      `(function (exports, require, module, __filename, __dirname) {${source.replace(CREATE_SOURCE_FILE, HOOK)}\n})`,
      {
        filename: config.typescript,
      },
    );
    const tsModule = { exports: {} as Record<string, unknown> };
    wrapper(tsModule.exports, require, tsModule, config.typescript, dirname(config.typescript));
    // biome-ignore lint/suspicious/noExplicitAny: the compiler's API, untyped here (only built-ins may be imported)
    const ts = tsModule.exports as any;
    const parsed = new Map<string, Parsed>();
    const { files, options } = declarationFiles(ts, config);
    for (const file of files) {
      const languageVersion = ts.ScriptTarget.ES2022;
      const text = readFileSync(file, "utf8");
      const sf = ts.createSourceFile(file, text, { languageVersion }, false);
      parsed.set(file, { file: sf, languageVersion, impliedNodeFormat: undefined, setParentNodes: false, scriptKind: undefined });
    }
    // Bound too: a program of these very files, whose checker binds each one (TypeScript binds a file once, `if
    // (!file.locals)`, and shares bound files between programs and checkers, as its language service does). Binding a
    // declaration file depends on its text and on the target and strictness options, which are tslab's here.
    const hook = Symbol.for(HOOK_KEY);
    (globalThis as Record<symbol, unknown>)[hook] = reuseParsed(parsed, false);
    ts.createProgram({ rootNames: config.roots, options }).getTypeChecker();
    delete (globalThis as Record<symbol, unknown>)[hook];
    keepStackTraces();
    startupSnapshot.setDeserializeMainFunction(() => main(config, tsModule.exports, parsed));
  }

  /**
   * While a snapshot is built, Node deletes Error.stackTraceLimit and installs it again in the deserialized process
   * only where it is still missing. The compiler's file-system calls save and restore it (`limit = 0` around a stat),
   * so they leave an own property holding undefined: a kernel from such a snapshot captured no stack frames at all,
   * a thrown RangeError printed as "[RangeError: msg]" and its error reply lost ename and evalue. Deleting it again
   * lets Node install the usual limit (10, or --stack-trace-limit) at start-up.
   */
  function keepStackTraces(): void {
    if (typeof Error.stackTraceLimit !== "number") delete (Error as { stackTraceLimit?: number }).stackTraceLimit;
  }

  /**
   * The declaration files a tslab kernel started in config.cwd parses before its first cell: the compiler options tslab
   * uses on Node 18+ (converter.js: target and lib es2022, its type roots, tslab's own @types/node when cwd has none),
   * plus config.roots.
   */
  // biome-ignore lint/suspicious/noExplicitAny: see build
  function declarationFiles(ts: any, config: BuildConfig): { files: string[]; options: Record<string, unknown> } {
    // as tslab's converter (getTypeRoots): its own @types when no default type root holds @types/node
    const typeRoots: string[] = ts.getDefaultTypeRoots(config.cwd, ts.sys) ?? [];
    if (!typeRoots.some((root) => ts.sys.fileExists(`${root}/node/package.json`))) typeRoots.push(config.tslabTypes);
    const options = {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      typeRoots,
      skipLibCheck: true,
      noEmit: true,
    };
    const program = ts.createProgram({ rootNames: config.roots, options });
    return { files: program.getSourceFiles().map((f: { fileName: string }) => f.fileName), options };
  }

  /**
   * The createSourceFile hook: a file whose name, text and parse options match a frozen one gets the frozen one. In the
   * kernel (`handOut`) each is handed out once: a second request (a watch program's re-read) parses afresh.
   */
  function reuseParsed(parsed: Map<string, Parsed>, handOut: boolean) {
    return (
      fileName: string,
      text: string,
      options:
        | number
        | { languageVersion: number; impliedNodeFormat?: number; setExternalModuleIndicator?: (f: unknown) => void },
      setParentNodes: boolean,
      scriptKind: number | undefined,
    ) => {
      const hit = parsed.get(fileName);
      if (hit === undefined || hit.file.text !== text) return undefined;
      const languageVersion = typeof options === "number" ? options : options.languageVersion;
      const implied = typeof options === "number" ? undefined : options.impliedNodeFormat;
      if (hit.languageVersion !== languageVersion || hit.impliedNodeFormat !== implied) return undefined;
      if (hit.setParentNodes !== setParentNodes || hit.scriptKind !== scriptKind) return undefined;
      if (handOut) parsed.delete(fileName);
      if (typeof options !== "number") options.setExternalModuleIndicator?.(hit.file);
      return hit.file;
    };
  }

  /**
   * What the compiler took from the process that loaded it, taken again from the kernel's own process. The compiler was
   * loaded (and a program made) while the snapshot was built, in the builder's process: `ts.sys` memoizes the working
   * folder on first use (`getCurrentDirectory = memoize(() => process.cwd())`) and copies `process.argv` when it loads.
   * A kernel from the snapshot kept the builder's folder as its own: tslab puts its cell file (`__tslab__.ts`) in that
   * folder and resolves a cell's imports from there, so `import … from "./helper"` beside the notebook, or a folder's
   * own node_modules/dl4nlp, was "Cannot find module" whenever the snapshot was built in another folder. The values
   * the compiler reads from the environment as it loads (TSC_* watch settings, NODE_ENV, the inspector variables)
   * cannot be taken again: they are part of the snapshot's key (./index.ts).
   */
  function rebase(ts: { sys: { getCurrentDirectory(): string; args: string[] } }): void {
    let cwd: string | undefined;
    ts.sys.getCurrentDirectory = () => {
      cwd ??= process.cwd();
      return cwd;
    };
    ts.sys.args = process.argv.slice(2);
  }

  /** The kernel: its program (tslab, or the project's launcher) with the compiler and the parsed files of the snapshot. */
  function main(config: BuildConfig, ts: Record<string, unknown>, parsed: Map<string, Parsed>): void {
    // as if started as `node program args…`: tslab's argument parser skips argv[1]
    process.argv.splice(1, 0, config.program);
    rebase(ts as unknown as Parameters<typeof rebase>[0]);
    (globalThis as Record<symbol, unknown>)[Symbol.for(HOOK_KEY)] = reuseParsed(parsed, true);
    // tslab's require("@tslab/typescript-for-tslab") gets the compiler of the snapshot
    const tsModule = new Module(config.typescript);
    tsModule.filename = config.typescript;
    tsModule.exports = ts;
    tsModule.loaded = true;
    // biome-ignore lint/suspicious/noExplicitAny: Module._cache is Node's documented-by-use require cache
    (Module as any)._cache[config.typescript] = tsModule;
    const program = Module.createRequire(config.program)(config.program);
    if (config.start === "launch") program.launch(process.argv.slice(2));
  }

  build(JSON.parse(process.env.DL4NLP_SNAPSHOT_BUILD ?? "null") as BuildConfig);
})();
