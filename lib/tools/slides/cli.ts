import { type OptionSpec, optionsHelp, parseOrExit, UsageError } from "../args";
import { EXPORT_OPTIONS, OVERWRITE_HELP, parseExportArgs } from "../html/args";
import { exportDecks } from "./decks";
import { terminalSafe } from "../terminal-safe";
import { deckSummary } from "./summary";

/** The options only `dl4nlp slides` has (beside html's EXPORT_OPTIONS). */
export const SLIDES_FLAGS: OptionSpec[] = [
  { name: "show-code", kind: "flag", help: "show the code of every code cell (hide-input tags ignored)" },
  { name: "hide-code", kind: "flag", help: 'put the code of every code cell behind a "Show code" toggle' },
  { name: "pdf", kind: "flag", help: "also print each deck to <name>.pdf with headless Chromium (one page per slide)" },
  { name: "pdf-fragments", kind: "flag", help: "with --pdf: one page per fragment step" },
  {
    name: "no-measure",
    kind: "flag",
    help: "without --pdf: do not open the decks in headless Chromium to find slides too tall or wide (faster; only sure overflows are reported)",
  },
];

const USAGE = `Usage: dl4nlp slides [notebooks|folders...] [options]

Exports notebooks as self-contained reveal.js decks (reveal.js, KaTeX math, highlighted code and interactive Plotly
figures all inlined: the files work from file:// with no network), one <name>.html per notebook plus index.html,
into DIR (default build/slides). Slides follow each cell's slideshow metadata as nbconvert does (slide, subslide,
fragment, skip, notes); tags hide-input, hide-output, remove-input, remove-output, remove-cell hide parts of cells.
Press S in a deck for the speaker view with the notes. Folders stand for the .ipynb files in them (default: notebooks);
a notebook without outputs is executed first. Every deck is opened in headless Chromium (with or without --pdf) and
each slide that does not fit even at 60% zoom, too tall or too wide, is named in a warning; --no-measure skips that
(faster; only slides surely too tall are reported). Cell HTML is confined as in dl4nlp html: outputs stored in a
notebook the export did not execute lose their scripts unless --trust is given; markdown never runs scripts.
${OVERWRITE_HELP}

Options:
${optionsHelp([...EXPORT_OPTIONS, ...SLIDES_FLAGS])}`;

/** `dl4nlp slides`: exit 0 when every deck (and PDF) was written from a cleanly executed notebook, 1 on problems, 2 on usage errors. */
export async function main(argv: string[]): Promise<number> {
  const args = parseOrExit("slides", USAGE, () => {
    const a = parseExportArgs(argv, { out: "build/slides", paths: ["notebooks"] }, SLIDES_FLAGS);
    if (a.flags.has("show-code") && a.flags.has("hide-code")) {
      throw new UsageError("--show-code and --hide-code exclude each other");
    }
    return a;
  });
  if (typeof args === "number") return args;
  const pdfFragments = args.flags.has("pdf-fragments");
  const result = await exportDecks(args.paths, {
    out: args.out,
    execute: args.execute,
    timeout: args.timeout,
    trust: args.trust,
    force: args.force,
    pdf: args.flags.has("pdf") || pdfFragments,
    pdfFragments,
    measure: !args.flags.has("no-measure"),
    code: args.flags.has("show-code") ? "show" : args.flags.has("hide-code") ? "hide" : "tags",
    onMessage: (line) => process.stderr.write(`${terminalSafe(line)}\n`),
  });
  for (const d of result.decks) {
    if (d.output && d.counts)
      process.stdout.write(`${terminalSafe(deckSummary({ ...d, output: d.output, counts: d.counts }))}\n`);
    for (const problem of d.problems) process.stderr.write(`${d.output ? "warning" : "error"}: ${terminalSafe(problem)}\n`);
  }
  for (const note of result.notes) process.stderr.write(`note: ${terminalSafe(note)}\n`);
  if (result.index) process.stdout.write(`${terminalSafe(result.index)}\n`);
  else if (result.indexProblem) process.stderr.write(`error: contents page not written: ${terminalSafe(result.indexProblem)}\n`);
  else process.stderr.write("dl4nlp slides: no deck written\n");
  return result.ok ? 0 : 1;
}
