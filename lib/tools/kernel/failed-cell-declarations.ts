/**
 * A cell that fails part-way keeps the declarations whose values it made, as Python keeps the names a failed cell
 * assigned: after
 *
 *     import { mlp } from "dl4nlp";
 *     const net = mlp([4, 16, 3], { seed: 1 });
 *     net.fit(badData); // throws
 *
 * the next cell can use `mlp` and `net` (tslab alone forgot every declaration of a cell that threw, so the next cell
 * failed with "Cannot find name 'mlp'" although the value was there). Names the cell declared but never reached
 * (after the throw, or an import that failed) keep what they had before the cell, value and declaration (as Python
 * keeps `net` from an earlier cell when an edited cell throws before assigning it), or stay unknown if they had
 * nothing, so using them is a type error, not `undefined`. Types, interfaces and type-only imports have no value and
 * are kept. An interrupted cell counts as failed.
 *
 * How: tslab's executor keeps the declarations of earlier cells (`prevDecl`, the TypeScript declaration text of every
 * name so far) only after a cell succeeds. `keepDeclarationsOfFailedCells` wraps the converter the executor calls, so
 * the declarations passed to it are ours: after a success, tslab's own (the cell's `declOutput`); after a failure at
 * run time, that `declOutput` with the declarations of the names the cell did not assign taken from before the cell
 * (or dropped). The converted code no longer resets the cell's names to `undefined` before it runs (TypeScript's
 * `exports.x = void 0` lines), so an unassigned name keeps its value. A cell that does not compile changes nothing.
 */

/** The part of TypeScript this file uses (tslab's own copy is passed in: `@tslab/typescript-for-tslab`). */
type TS = typeof import("typescript");

/** What tslab's converter returns for a cell (tslab/dist/converter.d.ts). */
interface Converted {
  output?: string;
  declOutput?: string;
  diagnostics: unknown[];
}
interface Converter {
  convert(prevDecl: string, src: string): Converted;
  inspect(prevDecl: string, src: string, position: number): unknown;
  complete(prevDecl: string, src: string, position: number): unknown;
}
interface ConverterSet {
  node: Converter;
}
interface Executor {
  execute(src: string): Promise<boolean>;
  reset(): void;
  locals: Record<string, unknown>;
}
/** tslab/dist/executor.js */
export interface ExecutorModule {
  createExecutor(rootDir: string, convs: unknown, console: unknown): unknown;
}

/** Wraps tslab's executor factory so that failed cells keep the declarations of the values they made (see above). */
export function keepDeclarationsOfFailedCells(executorModule: ExecutorModule, ts: TS): void {
  const create = executorModule.createExecutor;
  executorModule.createExecutor = (rootDir, convs, console) => {
    let declarations = "";
    let last: Converted | null = null;
    /** The values of the cell's names before it ran. */
    let before = new Map<string, unknown>();
    let locals: Record<string, unknown> = {};
    let node: Converter | null = null;
    const wrapNode = (inner: Converter): Converter => ({
      convert: (_prev, src) => {
        const converted = inner.convert(declarations, src);
        last = converted;
        if (converted.output) {
          before = new Map(exportedValues(converted.output).map((name) => [name, locals[name]]));
          converted.output = withoutExportResets(converted.output);
        }
        return converted;
      },
      inspect: (_prev, src, position) => inner.inspect(declarations, src, position),
      complete: (_prev, src, position) => inner.complete(declarations, src, position),
    });
    const set = convs as ConverterSet;
    const ours = new Proxy(set, {
      get(target, key, receiver) {
        if (key !== "node") {
          const value = Reflect.get(target, key, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
        node ??= wrapNode(target.node);
        return node;
      },
    });
    const executor = create(rootDir, ours, console) as Executor;
    locals = executor.locals;
    const execute = executor.execute.bind(executor);
    executor.execute = async (src) => {
      last = null;
      const ok = await execute(src);
      const converted = last as Converted | null;
      if (converted === null || converted.diagnostics.length > 0) return ok; // a module cell, or a type error
      if (ok) declarations = converted.declOutput || "";
      else if (converted.output) {
        try {
          const { unset, unchanged } = valuesAfterFailure(before, locals);
          const made = withoutDeclarationsOf(ts, converted.declOutput || "", new Set([...unset, ...unchanged]));
          declarations = made + onlyDeclarationsOf(ts, declarations, unchanged);
        } catch {
          // keep what tslab would have kept: the declarations before this cell
        }
      }
      return ok;
    };
    const reset = executor.reset.bind(executor);
    executor.reset = () => {
      declarations = "";
      reset();
    };
    return executor;
  };
}

/** The line(s) `exports.a = exports.b = … = void 0;` of TypeScript's CommonJS output. */
const EXPORT_RESET = /^exports\.[\w$]+ = .*void 0;$/;

/**
 * The values a cell declares: the names of the emitted `exports.a = exports.b = … = void 0;` lines (TypeScript's
 * CommonJS output resets every value the cell exports before its code, and tslab exports every top-level name).
 */
export function exportedValues(output: string): string[] {
  const names: string[] = [];
  for (const line of output.split("\n")) {
    if (EXPORT_RESET.test(line)) for (const m of line.matchAll(/exports\.([\w$]+) = /g)) names.push(m[1]);
  }
  return names;
}

/**
 * The output without those resets: a name keeps its earlier cell's value until this cell assigns it, as in Python (a
 * cell that throws before `const net = …` leaves the earlier `net`, not `undefined`).
 */
export function withoutExportResets(output: string): string {
  return output
    .split("\n")
    .filter((line) => !EXPORT_RESET.test(line))
    .join("\n");
}

/**
 * After a failed cell, its names by what became of them: `unset` (no value: never reached, and none before) and
 * `unchanged` (the value from before the cell: never reached, so the earlier declaration stands). The others were
 * made by the cell and keep its declarations.
 */
export function valuesAfterFailure(
  before: Map<string, unknown>,
  locals: Record<string, unknown>,
): { unset: Set<string>; unchanged: Set<string> } {
  const unset = new Set<string>();
  const unchanged = new Set<string>();
  for (const [name, value] of before) {
    const now = locals[name];
    if (now === undefined) unset.add(name);
    else if (now === value) unchanged.add(name);
  }
  return { unset, unchanged };
}

/**
 * Declaration text (a .d.ts, as tslab's `declOutput`) without the declarations of `names`: import specifiers,
 * variable declarators, functions (with their overloads), classes, enums and namespaces of those names. Everything
 * else (types, interfaces, other names) is kept as written.
 */
export function withoutDeclarationsOf(ts: TS, text: string, names: Set<string>): string {
  if (names.size === 0) return text;
  return selectDeclarations(ts, text, (name) => !names.has(name), true);
}

/** Only the declarations of `names` in a declaration text (their import specifiers, declarators, functions...). */
export function onlyDeclarationsOf(ts: TS, text: string, names: Set<string>): string {
  if (names.size === 0) return "";
  return selectDeclarations(ts, text, (name) => names.has(name), false);
}

/**
 * The declarations of the value names `keep` accepts; statements that declare no value name (types, interfaces) are
 * kept when `others` is true.
 */
function selectDeclarations(ts: TS, text: string, keep: (name: string) => boolean, others: boolean): string {
  const file = ts.createSourceFile("decl.d.ts", text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const kept = keptImport(ts, statement, keep, others);
      if (kept !== null) out.push(kept);
    } else if (ts.isVariableStatement(statement)) {
      const all = statement.declarationList.declarations;
      const left = all.filter((d) => (ts.isIdentifier(d.name) ? keep(d.name.text) : others));
      if (left.length === all.length) out.push(statement.getText());
      else if (left.length > 0) {
        const head = text.slice(statement.getStart(), all[0].getStart());
        out.push(`${head}${left.map((d) => d.getText()).join(", ")};`);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        ts.isModuleDeclaration(statement)) &&
      statement.name !== undefined &&
      ts.isIdentifier(statement.name)
    ) {
      if (keep(statement.name.text)) out.push(statement.getText());
    } else if (others) out.push(statement.getText());
  }
  return out.length ? `${out.join("\n")}\n` : "";
}

/** An import declaration with only the bindings `keep` accepts: its text, or null when no binding is left. */
function keptImport(
  ts: TS,
  statement: import("typescript").ImportDeclaration,
  keep: (name: string) => boolean,
  others: boolean,
): string | null {
  const clause = statement.importClause;
  if (clause === undefined || clause.isTypeOnly) return others ? statement.getText() : null;
  const module = statement.moduleSpecifier.getText();
  const defaultName = clause.name && keep(clause.name.text) ? clause.name.text : null;
  const bindings = clause.namedBindings;
  let rest: string | null = null;
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) {
    if (keep(bindings.name.text)) rest = bindings.getText();
  } else if (bindings !== undefined) {
    const left = bindings.elements.filter((e) => (e.isTypeOnly ? others : keep(e.name.text)));
    if (left.length > 0) rest = `{ ${left.map((e) => e.getText()).join(", ")} }`;
  }
  if (defaultName === null && rest === null) return null;
  if (defaultName === (clause.name?.text ?? null) && rest === (bindings?.getText() ?? null)) return statement.getText();
  return `import ${[defaultName, rest].filter((p) => p !== null).join(", ")} from ${module};`;
}
