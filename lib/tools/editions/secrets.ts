import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { sourceText } from "../nbformat/read";
import { BEGIN_SOLUTION, END_SOLUTION, roleOf, splitSolution } from "./markers";
import { squeeze } from "./text";

/** A piece of text that must not reach the student edition: where it comes from, and the text itself. */
export interface Secret {
  /** "02-perceptron.ipynb, cell 24 (ex-perceptron-step): solution". */
  where: string;
  text: string;
  /** The text without any whitespace, as it is searched for. */
  key: string;
}

/** Shorter pieces (whitespace removed) are too common to mean anything ("return w;", "}"). */
const MIN_SECRET_LENGTH = 12;
/** A whole solution region is a secret from this length on: a one-line answer such as "myB = 1;" is short. */
const MIN_REGION_LENGTH = 6;

/**
 * Every secret of a notebook: each line of each solution region, the text of answer cells and hidden tests (split at
 * markdown markup and math, so that each piece survives rendering as one run of text), and each line of the outputs
 * of solution and self-check cells when `executed` (the instructor's executed copy) is given. A piece that also
 * stands in the source of a cell the student edition keeps (the exercise text, the set-up), of this notebook or,
 * through `shownElsewhere`, of another, is no secret and is left out; so is a piece the outputs the student edition
 * keeps show (plain cells of the executed copy: a line as generic as `return count;` stands in outputs and in the pages'
 * library scripts). The BEGIN/END SOLUTION marker lines are secrets too, excused only by a kept cell's source: an
 * output printing a solved function (`console.log(solved.toString())`, tslab's compiled JavaScript without the
 * types) shows them, whatever else changed.
 */
export function secretsOf(
  source: INotebookContent,
  file: string,
  executed?: INotebookContent,
  /** What the student edition shows elsewhere (the other notebooks' visible text): no secret either. */
  shownElsewhere = "",
): Secret[] {
  /** Secret pieces; `marker`: the BEGIN/END SOLUTION lines, secret even where a kept output shows them. */
  const hidden: { where: string; pieces: string[]; marker?: boolean }[] = [];
  const wholes: { where: string; pieces: string[] }[] = [];
  const visible: string[] = [];
  const visibleOutputs: string[] = [];
  source.cells.forEach((cell, i) => {
    const where = `${file}, cell ${i + 1} (${cell.id ?? "no id"})`;
    const role = roleOf(cell);
    const text = sourceText(cell);
    if (role === "solution") {
      const { stubbed, regions } = splitSolution(text, where);
      visible.push(stubbed);
      // each line, and each region whole (its lines may be short: "myB = 1;")
      hidden.push({ where: `${where}: solution`, pieces: regions.flatMap((r) => r.lines) });
      // the markers themselves: an output printing the solved function shows them whatever else changed (tslab prints
      // the compiled JavaScript: `const y = x * 43` for the source's `const y: number = x * 43`)
      hidden.push({
        where: `${where}: solution marker`,
        pieces: text.split("\n").filter((l) => BEGIN_SOLUTION.test(l) || END_SOLUTION.test(l)),
        marker: true,
      });
      wholes.push({ where: `${where}: solution`, pieces: regions.map((r) => r.lines.join("\n")) });
    } else if (role === "answer" || role === "hidden-test") {
      hidden.push({
        where: `${where}: ${role}`,
        pieces: cell.cell_type === "markdown" ? markdownPieces(text) : text.split("\n"),
      });
    } else visible.push(text);
  });
  for (const [i, cell] of (executed?.cells ?? []).entries()) {
    const role = roleOf(cell);
    const where = `${file}, cell ${i + 1} (${cell.id ?? "no id"})`;
    if (role === "solution" || role === "self-check") hidden.push({ where: `${where}: output`, pieces: outputLines(cell) });
    else if (role !== "answer" && role !== "hidden-test" && role !== "notes") visibleOutputs.push(outputLines(cell).join("\n"));
  }
  // the kept outputs excuse every piece they show: a line as generic as "return count;" stands in outputs and in the
  // pages' library scripts; a printed solved function is found by its BEGIN/END SOLUTION markers instead (below)
  const shownInSources = squeeze(visible.join("\n")) + squeeze(shownElsewhere);
  const shown = shownInSources + squeeze(visibleOutputs.join("\n"));
  const secrets: Secret[] = [];
  const seen = new Set<string>();
  const groups = [
    ...hidden.map((h) => ({ ...h, min: MIN_SECRET_LENGTH })),
    ...wholes.map((w) => ({ ...w, min: MIN_REGION_LENGTH, marker: false })),
  ];
  for (const { where, pieces, min, marker } of groups) {
    for (const piece of pieces) {
      const key = squeeze(piece);
      // a marker is excused only by a kept cell's source (a task that names it), never by an output
      if (key.length < min || (marker ? shownInSources : shown).includes(key) || seen.has(key)) continue;
      seen.add(key);
      secrets.push({ where, text: piece.trim(), key });
    }
  }
  return secrets;
}

/** Pieces of a markdown text that render as one run of text each: lines cut at emphasis, code, table bars and math. */
function markdownPieces(md: string): string[] {
  const pieces: string[] = [];
  for (const line of md.split("\n")) {
    const parts = line
      .replace(/^\s*(#+|[-*+]|\d+\.)\s+/, "")
      .split(/\$\$?|\*\*?|`+|\|/)
      .map((p) => p.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").trim());
    pieces.push(...parts);
  }
  return pieces;
}

/** The text lines of a code cell's outputs: streams, plain text and errors. */
function outputLines(cell: ICell): string[] {
  if (cell.cell_type !== "code") return [];
  const lines: string[] = [];
  const text = (v: unknown) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");
  for (const out of (cell.outputs ?? []) as { output_type: string; text?: unknown; data?: Record<string, unknown> }[]) {
    if (out.output_type === "stream") lines.push(...text(out.text).split("\n"));
    else if (out.data) lines.push(...text(out.data["text/plain"]).split("\n"));
  }
  return lines;
}

/**
 * The sources of the cells a student edition keeps, for `shownElsewhere`. Not their outputs: an output that shows a
 * solution leaks it (see secretsOf).
 */
export function visibleText(nb: INotebookContent): string {
  return nb.cells
    .filter((c) => {
      const role = roleOf(c);
      return role === "plain" || role === "self-check";
    })
    .map((c) => sourceText(c))
    .join("\n");
}
