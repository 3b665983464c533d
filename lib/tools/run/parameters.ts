import type { ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import { hasTag } from "../execute/cell-tags";
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
    // derived from the notebook alone (no clock): the same run gives the same executed copy
    id: "injected-parameters",
    metadata: { tags: ["injected-parameters"] },
    execution_count: null,
    outputs: [],
    source: parametersCode(params, at >= 0 ? sourceText(cells[at]) : ""),
  };
  cells.splice(at + 1, 0, injected);
  return { ...nb, cells };
}

const declares = (source: string, name: string) =>
  new RegExp(`(^|[^\\w$.])(?:(?:const|let|var)\\s+)?${name.replace(/\$/g, "\\$")}\\s*(?::[^=;\\n]+)?=(?!=)`, "m").test(source);

/**
 * What papermill would warn about, naming the parameters concerned: no cell tagged `parameters` (the values are
 * injected as the first cell, so a cell that sets the same name later wins: those names are listed as having no
 * effect), and names the `parameters` cell does not set ("unknown parameter").
 */
export function parameterWarnings(nb: INotebookContent, params: Record<string, ParameterValue>): string[] {
  const names = Object.keys(params);
  if (names.length === 0) return [];
  const at = nb.cells.findIndex((c) => hasTag(c, "parameters"));
  if (at < 0) {
    const warnings = [
      `the notebook has no cell tagged "parameters": ${names.map((n) => `-p ${n}`).join(", ")} injected as its first cell`,
    ];
    for (const name of names) {
      const later = nb.cells.findIndex((c) => c.cell_type === "code" && declares(sourceText(c), name));
      if (later >= 0) warnings.push(`-p ${name} has no effect: cell ${later + 2} sets ${name} again after the injected cell 1`);
    }
    return warnings;
  }
  const source = sourceText(nb.cells[at]);
  return names
    .filter((name) => !declares(source, name))
    .map((name) => `-p ${name}: unknown parameter (the cell tagged "parameters", cell ${at + 1}, does not set ${name})`);
}
