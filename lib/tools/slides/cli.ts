import { ArgsError, parseExportArgs } from "../html/args";
import { exportDecks } from "./decks";

const USAGE = `Usage: dl4nlp slides [notebooks|folders...] [--out DIR] [--pdf] [--pdf-fragments] [--show-code|--hide-code] [--execute|--no-execute] [--timeout S]

Exports notebooks as self-contained reveal.js decks (reveal.js, KaTeX math, highlighted code and interactive Plotly
figures all inlined: the files work from file:// with no network), one <name>.html per notebook plus index.html,
into DIR (default build/slides). Slides follow each cell's slideshow metadata as nbconvert does (slide, subslide,
fragment, skip, notes); tags hide-input, hide-output, remove-input, remove-output, remove-cell hide parts of cells.
Press S in a deck for the speaker view with the notes.
  --show-code       show the code of every code cell (hide-input tags ignored)
  --hide-code       put the code of every code cell behind a "Show code" toggle
  --pdf             also print each deck to <name>.pdf with headless Chromium (one page per slide)
  --pdf-fragments   with --pdf: one page per fragment step
  --execute         execute every notebook first (in memory); default: only notebooks without outputs
  --no-execute      never execute
Folders stand for the .ipynb files in them (default: notebooks).`;

/** `dl4nlp slides`: exit 0 when every deck (and PDF) was written from a cleanly executed notebook, 1 on problems, 2 on usage errors. */
export async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseExportArgs>;
  try {
    args = parseExportArgs(argv, { out: "build/slides", paths: ["notebooks"] }, [
      "pdf",
      "pdf-fragments",
      "show-code",
      "hide-code",
    ]);
  } catch (err) {
    if (!(err instanceof ArgsError)) throw err;
    process.stderr.write(`dl4nlp slides: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.flags.has("show-code") && args.flags.has("hide-code")) {
    process.stderr.write(`dl4nlp slides: --show-code and --hide-code exclude each other\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const pdfFragments = args.flags.has("pdf-fragments");
  const result = await exportDecks(args.paths, {
    out: args.out,
    execute: args.execute,
    timeout: args.timeout,
    pdf: args.flags.has("pdf") || pdfFragments,
    pdfFragments,
    code: args.flags.has("show-code") ? "show" : args.flags.has("hide-code") ? "hide" : "tags",
    onMessage: (line) => process.stderr.write(`${line}\n`),
  });
  for (const d of result.decks) {
    if (d.output && d.counts) {
      const c = d.counts;
      const mb = ((d.bytes ?? 0) / 1e6).toFixed(1);
      process.stdout.write(
        `${d.output}${d.executed ? " (executed)" : ""}: ${c.slides} slides (${c.horizontal} horizontal), ${c.fragments} fragments, ${c.notes} with notes, ${d.figures} figure(s), ${mb} MB${d.pdf ? `; ${d.pdf}` : ""}\n`,
      );
    }
    for (const problem of d.problems) process.stderr.write(`${d.output ? "warning" : "error"}: ${problem}\n`);
  }
  if (result.index) process.stdout.write(`${result.index}\n`);
  else process.stderr.write("dl4nlp slides: no deck written\n");
  return result.ok ? 0 : 1;
}
