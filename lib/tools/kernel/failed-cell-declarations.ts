/**
 * A cell that fails part-way keeps the declarations whose values it made, as Python keeps the names a failed cell
 * assigned: after
 *
 *     import { mlp } from "dl4nlp";
 *     const net = mlp([4, 16, 3], { seed: 1 });
 *     net.fit(badData); // throws
 *
 * the next cell can use `mlp` and `net` (tslab alone forgets every declaration of a cell that threw, so the next cell
 * failed with "Cannot find name 'mlp'" although the value was there). Names the cell declared but never reached
 * (after the throw, or an import that failed) are dropped, so using them is still a type error, not `undefined`.
 * Types, interfaces and type-only imports have no value and are kept. An interrupted cell counts as failed.
 *
 * How: tslab's executor keeps the declarations of earlier cells (`prevDecl`, the TypeScript declaration text of every
 * name so far) only after a cell succeeds. `keepDeclarationsOfFailedCells` wraps the converter the executor calls, so
 * the declarations passed to it are ours: after a success, tslab's own (the cell's `declOutput`); after a failure at
 * run time, that `declOutput` without the declarations of the cell's values that are still `undefined`. A cell that
 * does not compile changes nothing (as before).
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
    let node: Converter | null = null;
    const wrapNode = (inner: Converter): Converter => ({
      convert: (_prev, src) => {
        last = inner.convert(declarations, src);
        return last;
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
    const execute = executor.execute.bind(executor);
    executor.execute = async (src) => {
      last = null;
      const ok = await execute(src);
      const converted = last as Converted | null;
      if (converted === null || converted.diagnostics.length > 0) return ok; // a module cell, or a type error
      if (ok) declarations = converted.declOutput || "";
      else if (converted.output) {
        try {
          const unset = unsetValues(converted.output, executor.locals);
          declarations = withoutDeclarationsOf(ts, converted.declOutput || "", unset);
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

/**
 * The values a cell declares that are `undefined` after it ran: the names of the emitted
 * `exports.a = exports.b = … = void 0;` lines (TypeScript's CommonJS output resets every value the cell exports, and
 * tslab exports every top-level name), read back from the executor's `exports`.
 */
export function unsetValues(output: string, locals: Record<string, unknown>): Set<string> {
  const unset = new Set<string>();
  for (const line of output.split("\n")) {
    if (!/^exports\.[\w$]+ = .*void 0;$/.test(line)) continue;
    for (const m of line.matchAll(/exports\.([\w$]+) = /g)) if (locals[m[1]] === undefined) unset.add(m[1]);
  }
  return unset;
}

/**
 * Declaration text (a .d.ts, as tslab's `declOutput`) without the declarations of `names`: import specifiers,
 * variable declarators, functions (with their overloads), classes, enums and namespaces of those names. Everything
 * else (types, interfaces, other names) is kept as written.
 */
export function withoutDeclarationsOf(ts: TS, text: string, names: Set<string>): string {
  if (names.size === 0) return text;
  const file = ts.createSourceFile("decl.d.ts", text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const keep = (node: { getText(): string }) => out.push(node.getText());
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const kept = keptImport(ts, statement, names);
      if (kept !== null) out.push(kept);
    } else if (ts.isVariableStatement(statement)) {
      const all = statement.declarationList.declarations;
      const left = all.filter((d) => !(ts.isIdentifier(d.name) && names.has(d.name.text)));
      if (left.length === all.length) keep(statement);
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
      ts.isIdentifier(statement.name) &&
      names.has(statement.name.text)
    ) {
      // a value the cell never made
    } else keep(statement);
  }
  return out.length ? `${out.join("\n")}\n` : "";
}

/** An import declaration without the bindings in `names`: its text, or null when no binding is left. */
function keptImport(ts: TS, statement: import("typescript").ImportDeclaration, names: Set<string>): string | null {
  const clause = statement.importClause;
  if (clause === undefined || clause.isTypeOnly) return statement.getText();
  const module = statement.moduleSpecifier.getText();
  const defaultName = clause.name && !names.has(clause.name.text) ? clause.name.text : null;
  const bindings = clause.namedBindings;
  let rest: string | null = null;
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) {
    if (!names.has(bindings.name.text)) rest = bindings.getText();
  } else if (bindings !== undefined) {
    const left = bindings.elements.filter((e) => e.isTypeOnly || !names.has(e.name.text));
    if (left.length > 0) rest = `{ ${left.map((e) => e.getText()).join(", ")} }`;
  }
  if (defaultName === null && rest === null) return null;
  if (defaultName === clause.name?.text && rest === bindings?.getText()) return statement.getText();
  return `import ${[defaultName, rest].filter((p) => p !== null).join(", ")} from ${module};`;
}
