/**
 * The grader's own cells in a graded kernel run without a TypeScript compile: the prelude (preludeSource) and every
 * call cell (callSource) are one JavaScript expression made only of string literals, `(0, eval)("…")` and
 * `(0, eval)("this")["…"].calls("…", "…")`. tslab type-checks every cell against everything declared before it (a new
 * program and checker per cell, 20–70 ms of CPU each on this machine, seven times per submission of a six-test
 * assignment); for these cells that check can find nothing (an indirect eval of a string is `any`) and the emitted
 * JavaScript is the expression itself. So a cell whose text is exactly one of those two shapes gets the conversion
 * tslab would have produced, built here: the same code (the expression as tslab's last-expression value), the same
 * declarations (none of its own: the earlier cells' are kept), no diagnostics. Everything after the conversion (the
 * run, the output, the failed-cell bookkeeping of kernel/failed-cell-declarations.ts, interrupts) is tslab's as before.
 *
 * Why this is safe for grading: only the grader writes cells of these shapes (a student's cells never match: any
 * statement, declaration or type annotation leaves the shape), their text is checked character by character (each
 * literal a complete JSON string), and what runs is identical to what TypeScript emits for them
 * (test/tools/grade/grader-cells.test.ts compares with tslab's own converter). One difference, on purpose: a
 * submission that declares global types so that `eval` no longer type-checks (`declare global { … eval … }`) can no
 * longer make the grader's own cell fail to compile; at run time the same JavaScript runs either way.
 */

/**
 * A complete string literal as kernel-prelude.ts writes it (JSON.stringify's, line and paragraph separators escaped):
 * no raw line terminator, every escape a pair.
 */
const JSON_STRING = String.raw`"(?:[^"\\\n\r\u2028\u2029]|\\.)*"`;
/** The grader's two cell shapes (kernel-prelude.ts preludeSource and callSource), as whole texts. */
const GRADER_CELL = new RegExp(
  String.raw`^(\(0, eval\)\((?:${JSON_STRING}\)|"this"\)\[${JSON_STRING}\]\.calls\(${JSON_STRING}, ${JSON_STRING}\)));\n$`,
);

/** The expression of a grader's cell (its text without the final `;\n`), or undefined for any other cell. */
export function graderCellExpression(src: string): string | undefined {
  return GRADER_CELL.exec(src)?.[1];
}

/** What tslab's converter returns for a cell (tslab/dist/converter.d.ts), the fields set here. */
export interface GraderCellConversion {
  output: string;
  declOutput: string;
  diagnostics: unknown[];
  hasToplevelAwait: boolean;
  lastExpressionVar: string;
}

/** tslab's name for the value of a cell's last expression (converter.js), shown as the cell's result when not null. */
const LAST_EXPRESSION = "tsLastExpr";

/**
 * tslab's conversion of a grader's cell with the declarations `prevDecl` of the cells before it, or undefined when
 * `src` is not a grader's cell: the CommonJS module TypeScript emits for one expression statement that is the cell's
 * last expression.
 */
export function convertGraderCell(prevDecl: string, src: string): GraderCellConversion | undefined {
  const expression = graderCellExpression(src);
  if (expression === undefined) return undefined;
  return {
    output: `Object.defineProperty(exports, "__esModule", { value: true });\nexports.${LAST_EXPRESSION} = void 0;\nexports.${LAST_EXPRESSION} = ${expression};\n`,
    declOutput: prevDecl,
    diagnostics: [],
    hasToplevelAwait: false,
    lastExpressionVar: LAST_EXPRESSION,
  };
}

interface Converter {
  convert(prevDecl: string, src: string): unknown;
}
/** tslab/dist/executor.js, the part used here. */
interface ExecutorModule {
  createExecutor(rootDir: string, convs: unknown, console: unknown): unknown;
}

/**
 * Wraps tslab's executor factory so that the grader's cells skip the compile (see above). Apply it after
 * keepDeclarationsOfFailedCells: the converter wrapped here is then the one that wrapper calls, so its bookkeeping
 * sees these cells as it sees every other.
 */
export function runGraderCellsWithoutCompile(executorModule: ExecutorModule): void {
  const create = executorModule.createExecutor;
  executorModule.createExecutor = (rootDir, convs, console) => {
    let node: Converter | null = null;
    const wrap = (inner: Converter): Converter =>
      Object.assign(Object.create(inner) as Converter, {
        convert: (prevDecl: string, src: string) => convertGraderCell(prevDecl, src) ?? inner.convert(prevDecl, src),
      });
    const ours = new Proxy(convs as { node: Converter }, {
      get(target, key, receiver) {
        if (key !== "node") {
          const value = Reflect.get(target, key, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
        node ??= wrap(target.node);
        return node;
      },
    });
    return create(rootDir, ours, console);
  };
}
