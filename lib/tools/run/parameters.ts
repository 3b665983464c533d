import type { ICell, ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import { sourceText } from "../nbformat/read";

/** A parameter value: what `-p name=value` turns into. */
export type ParameterValue = number | boolean | string | null | ParameterValue[] | { [key: string]: ParameterValue };

/**
 * Parses "name=value" as papermill's -p does, typed for TypeScript: a number ("0.5", "-3", "1e-3"), a boolean
 * ("true"/"false"), JSON ('[2, 3, 1]', '{"a": 1}', '"quoted"', "null"), else the raw text as a string.
 */
export function parseParameter(arg: string): [string, ParameterValue] {
  const at = arg.indexOf("=");
  if (at <= 0) throw new Error(`parameter "${arg}": expected name=value`);
  const name = arg.slice(0, at).trim();
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`parameter "${arg}": "${name}" is not a TypeScript identifier`);
  const raw = arg.slice(at + 1);
  return [name, typedValue(raw)];
}

function typedValue(raw: string): ParameterValue {
  const t = raw.trim();
  if (t === "true" || t === "false") return t === "true";
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^[[{"]/.test(t) || t === "null") {
    try {
      return JSON.parse(t) as ParameterValue;
    } catch {
      // not JSON after all: a string
    }
  }
  return raw;
}

/**
 * The TypeScript cell that sets the parameters: one declaration per name, with the keyword (let/const/var) the
 * `parameters` cell used for it (tslab lets a later cell redeclare a name), `let` otherwise.
 */
export function parametersCode(params: Record<string, ParameterValue>, parametersSource = ""): string {
  const lines = Object.entries(params).map(([name, value]) => {
    const keyword = new RegExp(`\\b(const|let|var)\\s+${name.replace(/\$/g, "\\$")}\\b`).exec(parametersSource)?.[1] ?? "let";
    return `${keyword} ${name} = ${JSON.stringify(value)};`;
  });
  return ["// Parameters injected by dl4nlp run", ...lines].join("\n");
}

const hasTag = (cell: ICell, tag: string) => Array.isArray(cell.metadata?.tags) && (cell.metadata.tags as string[]).includes(tag);

/**
 * A copy of the notebook with a code cell tagged `injected-parameters` right after the cell tagged `parameters` (at the
 * top if there is none), replacing an earlier injected cell, as papermill does.
 */
export function injectParameters(nb: INotebookContent, params: Record<string, ParameterValue>): INotebookContent {
  if (Object.keys(params).length === 0) return nb;
  const cells = nb.cells.filter((c) => !hasTag(c, "injected-parameters"));
  const at = cells.findIndex((c) => hasTag(c, "parameters"));
  const injected: ICodeCell = {
    cell_type: "code",
    id: `injected-parameters-${Date.now().toString(36)}`.slice(0, 64),
    metadata: { tags: ["injected-parameters"] },
    execution_count: null,
    outputs: [],
    source: parametersCode(params, at >= 0 ? sourceText(cells[at]) : ""),
  };
  cells.splice(at + 1, 0, injected);
  return { ...nb, cells };
}
