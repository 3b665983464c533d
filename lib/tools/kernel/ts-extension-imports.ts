/**
 * `import { f } from "./helper.ts"` in a notebook cell works as `"./helper"` does (also `.tsx`, and in the imported
 * files themselves), as in Deno, Bun, `node --experimental-strip-types` and TypeScript 5.7's
 * `rewriteRelativeImportExtensions`. tslab alone failed with TypeScript's "An import path can only end with a '.ts'
 * extension when 'allowImportingTsExtensions' is enabled": its compiler (TypeScript 5.0) emits JavaScript, and
 * TypeScript allows that option only when it emits none.
 *
 * How: tslab's compiler gets `allowImportingTsExtensions` (its one complaint, that the option needs noEmit, is a
 * diagnostic of the options, which tslab does not show and which stops no emit; the watch host's report of it is
 * dropped here), so the import type-checks against the file; the JavaScript tslab then runs has each
 * `require("./helper.ts")` of a relative path changed to `require("./helper")`, which tslab's loader resolves to the
 * file it compiled (its own compiled form, as for `"./helper"`), never Node loading TypeScript source as JavaScript.
 * Only calls of `require` with one string literal that is a relative path ending in a TypeScript extension change,
 * and those of an absolute path to a file in the notebook's folder, which become relative (import-paths.ts); the
 * compiler's errors about imports of other files say what is supported (import-paths.ts).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { explainImportDiagnostics, relativeImportOf, type TslabDiagnostic } from "./import-paths";

/** The part of TypeScript this file uses (tslab's own copy is passed in: `@tslab/typescript-for-tslab`). */
type TS = typeof import("typescript");

/** TypeScript's diagnostic "Option 'allowImportingTsExtensions' can only be used when either 'noEmit' or 'emitDeclarationOnly' is set." */
const NEEDS_NO_EMIT = 5096;

/**
 * A relative module path ending in the extension of a file tslab compiles to `.js`: `./a.ts`, `../lib/b.tsx`; group 1
 * is the path without it. (tslab runs no `.mts`/`.cts` file, with or without the extension.)
 */
const RELATIVE_TS = /^(\.{1,2}\/.*)\.tsx?$/;

/** What tslab's converter returns for a cell (tslab/dist/converter.d.ts): the cell's JavaScript and the files it imports. */
interface Converted {
  output?: string;
  sideOutputs?: { path: string; data: string }[];
  diagnostics?: TslabDiagnostic[];
}
/** tslab/dist/converter.js */
export interface ConverterModule {
  createConverter(options?: unknown): { convert(prevDecl: string, src: string): Converted };
}

/**
 * Makes tslab accept and run relative imports that name a TypeScript file with its extension (see above). Call it
 * before tslab's converter is first loaded: the module `typescriptPath` (tslab's TypeScript) is replaced in Node's
 * require cache by a view of it whose createWatchCompilerHost adds the option (the compiler's exports are read-only).
 * Returns that view, for the other patches to use. `onHelper` is told the JavaScript of each file a cell imports, as
 * tslab will run it (for mapping its stack frames back to the file: cell-lines.ts).
 */
export function allowTsExtensionImports(
  typescriptPath: string,
  converterPath: string,
  onHelper?: (path: string, javascript: string) => void,
): TS {
  if (!require.cache[typescriptPath]) require(typescriptPath);
  const entry = require.cache[typescriptPath];
  if (!entry) throw new Error(`${typescriptPath}: not in Node's require cache after loading it`);
  const ts = entry.exports as TS;
  const createHost = ts.createWatchCompilerHost as (...args: unknown[]) => unknown;
  const createWatchCompilerHost = (...args: unknown[]) => {
    const [rootFiles, options, system, createProgram, reportDiagnostic, ...rest] = args;
    if (!Array.isArray(rootFiles) || typeof options !== "object" || options === null) return createHost(...args);
    const report = reportDiagnostic as ((d: { code: number }) => void) | undefined;
    return createHost(
      rootFiles,
      { ...options, allowImportingTsExtensions: true },
      system,
      createProgram,
      report && ((d: { code: number }) => (d.code === NEEDS_NO_EMIT ? undefined : report(d))),
      ...rest,
    );
  };
  const view = new Proxy(ts, {
    get: (target, key, receiver) =>
      key === "createWatchCompilerHost" ? createWatchCompilerHost : Reflect.get(target, key, receiver),
  });
  entry.exports = view;
  const converterModule = require(converterPath) as ConverterModule;
  const create = converterModule.createConverter;
  converterModule.createConverter = (options) => {
    const converter = create(options);
    // tslab's converter compiles the folder the kernel started in (its cwd, the notebook's folder)
    const rootDir = process.cwd();
    const convert = converter.convert.bind(converter);
    converter.convert = (prevDecl, src) => {
      const converted = convert(prevDecl, src);
      if (converted.output) converted.output = withoutTsExtensions(ts, converted.output, rootDir, rootDir);
      for (const side of converted.sideOutputs ?? []) {
        side.data = withoutTsExtensions(ts, side.data, dirname(side.path), rootDir);
        onHelper?.(side.path, side.data);
      }
      if (converted.diagnostics?.length)
        converted.diagnostics = explainImportDiagnostics(converted.diagnostics, rootDir, (file) =>
          file === undefined ? src : readOrUndefined(resolve(rootDir, file)),
        );
      return converted;
    };
    return converter;
  };
  return view;
}

/** A file's text, or undefined when it cannot be read. */
function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * JavaScript with `require("./x.ts")` (a relative path ending in a TypeScript extension) as `require("./x")`, and,
 * given the folder of the file the JavaScript is for and the notebook's folder, `require("/abs/nb/x.ts")` of a file in
 * the notebook's folder as a `require` of it relative to `fromDir`.
 */
export function withoutTsExtensions(ts: TS, js: string, fromDir?: string, rootDir?: string): string {
  if (!/\.tsx?["'`]/.test(js) && !(rootDir && js.includes(rootDir))) return js;
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: import("typescript").Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "require" &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      const written = node.arguments[0].text;
      const relativePath = fromDir && rootDir ? relativeImportOf(written, fromDir, rootDir) : undefined;
      const path = RELATIVE_TS.exec(relativePath ?? written) ?? (relativePath ? [relativePath, relativePath] : null);
      if (path)
        edits.push({ start: node.arguments[0].getStart(file), end: node.arguments[0].end, text: JSON.stringify(path[1]) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = js;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
