/**
 * The trusted realm: where the master's tests run and every verdict forms. A fresh `vm` context in the grader process
 * holds the master's setup cells (imports become `require`, only `dl4nlp` and a silent `tslab`) and, while the key is
 * checked, the master's own solutions. Each test cell is compiled once into a function whose parameters are the
 * answer names it uses (the top-level names of the master's solution and ordinary code cells); the grader calls it with
 * the master's definitions (recording which calls the test makes) or with stand-ins that return the values the
 * student's kernel computed for the same arguments (oracle.ts). The comparison, `check` included (lib/check/assert.ts), runs here.
 * TypeScript is turned into JavaScript by the typescript package's transpileModule (no type check: tests are trusted).
 */
import { createContext, type Context, runInContext } from "node:vm";
import ts from "typescript";
import { check } from "../../check/assert";

/** A master cell turned into JavaScript for the trusted realm. */
export interface CompiledTest {
  gradeId: string;
  /** Answer names the test's source mentions, in a fixed order: the parameters of `fn`. */
  names: string[];
  fn: (bindings: unknown[], checkObject: unknown) => void;
}

/** Names a cell declares at its top level (functions, classes, variables, enums); imports are not answers. */
export function topLevelNames(source: string): string[] {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names: string[] = [];
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.push(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  for (const s of file.statements) {
    const declared = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
    if (declared) continue;
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) names.push(s.name.text);
    else if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) bind(d.name);
  }
  return [...new Set(names)];
}

/** A cell's source with its import declarations turned into `const … = require(…)` (type-only imports dropped). */
function importsToRequire(source: string): string {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  let out = "";
  let at = 0;
  for (const s of file.statements) {
    if (!ts.isImportDeclaration(s)) continue;
    out += source.slice(at, s.getStart(file));
    at = s.getEnd();
    const from = JSON.stringify((s.moduleSpecifier as ts.StringLiteral).text);
    const clause = s.importClause;
    if (!clause || clause.isTypeOnly) {
      if (!clause) out += `require(${from});`;
      continue;
    }
    const parts: string[] = [];
    if (clause.name) parts.push(`const ${clause.name.text} = require(${from}).default;`);
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) parts.push(`const ${nb.name.text} = require(${from});`);
    if (nb && ts.isNamedImports(nb)) {
      const items = nb.elements
        .filter((e) => !e.isTypeOnly)
        .map((e) => (e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text));
      if (items.length > 0) parts.push(`const { ${items.join(", ")} } = require(${from});`);
    }
    out += parts.join(" ");
  }
  return out + source.slice(at);
}

/** TypeScript to JavaScript (a script: no module wrapper), positions kept line for line. */
function toJavaScript(source: string, file: string): string {
  const r = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None, removeComments: false },
  });
  const errors = (r.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, "\n")}`);
  }
  return r.outputText;
}

/** Words of a source: the answer names a test mentions (a superset is harmless: unused bindings). */
function mentioned(source: string, names: readonly string[]): string[] {
  const words = new Set(source.match(/[A-Za-z_$][\w$]*/g) ?? []);
  return names.filter((n) => words.has(n));
}

/** A setup, solution or ordinary cell as a script of the trusted realm. Throws naming the cell when it does not parse. */
export function cellScript(source: string, where: string): string {
  return toJavaScript(importsToRequire(source), where);
}

/**
 * A test cell as the source of a function expression `(bindings, check) => void`: the answer names it mentions are
 * unpacked from `bindings` (in the order of the returned names), its own declarations live in an inner scope.
 */
export function testScript(gradeId: string, source: string, answerNames: readonly string[]): { names: string[]; js: string } {
  const names = mentioned(source, answerNames);
  const js = toJavaScript(source, `${gradeId}.ts`);
  return {
    names,
    js: `(function (__bindings, check) { "use strict"; const [${names.join(", ")}] = __bindings; return (() => {\n${js}\n})(); })`,
  };
}

/** Modules a master's cells may import in the trusted realm. */
function trustedRequire(libraryRoot: string) {
  const silent: unknown = new Proxy(() => silent, { get: () => silent, apply: () => silent });
  return (id: string): unknown => {
    if (id === "dl4nlp") return require(libraryRoot);
    if (id === "tslab") return silent;
    throw new Error(`grading: a master cell imports "${id}"; master cells may import only dl4nlp and tslab`);
  };
}

export class TrustedRealm {
  private readonly context: Context;

  constructor(libraryRoot: string) {
    const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {}, table() {} };
    this.context = createContext({ require: trustedRequire(libraryRoot), console: quiet });
  }

  /** Runs a master setup, solution or ordinary cell (from cellScript) at the realm's top level. */
  runScript(js: string, where: string, timeoutMs = 60_000): void {
    runInContext(js, this.context, { filename: where, timeout: timeoutMs });
  }

  /** The realm's current value of a top-level name (undefined when none). */
  valueOf(name: string): unknown {
    this.context.__name = name;
    return runInContext("(() => { try { return eval(__name); } catch { return undefined; } })()", this.context);
  }

  /** A test compiled by testScript, as a function in this realm. */
  compileTest(gradeId: string, names: string[], js: string): CompiledTest {
    const fn = runInContext(js, this.context, { filename: `${gradeId}.ts` }) as CompiledTest["fn"];
    return { gradeId, names, fn };
  }

  /** Runs a compiled test with the given bindings under a time limit: undefined when it passed, else the message. */
  runTest(test: CompiledTest, bindings: unknown[], timeoutMs: number): string | undefined {
    this.context.__run = () => test.fn(bindings, check);
    try {
      runInContext("__run()", this.context, { timeout: timeoutMs });
      return undefined;
    } catch (e) {
      if (e && typeof e === "object" && "code" in e && (e as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
        return `the test did not finish within ${timeoutMs / 1000} s on the submission's values`;
      }
      const message = e && typeof e === "object" && "message" in e ? String((e as Error).message) : String(e);
      return message;
    } finally {
      this.context.__run = undefined;
    }
  }
}
