import { optionsHelp, parseOrExit } from "../args";
import { EXPORT_OPTIONS, OVERWRITE_HELP, parseExportArgs } from "./args";
import { exportSite } from "./site";

const USAGE = `Usage: dl4nlp html [notebooks|folders...] [options]

Exports notebooks as self-contained HTML pages (math typeset with KaTeX, code highlighted, Plotly figures live,
plotly.js inlined once per page; no network needed) plus an index page, into DIR (default build/site).
Folders stand for the .ipynb files in them (default: notebooks). A notebook without outputs is executed first
(in memory, through the runner); --execute always executes, --no-execute never does.
Cell HTML is confined to its cell: <meta>, <base>, <link>, <title> are dropped and each <style> is scoped to its cell.
Outputs computed by this export keep their scripts; outputs stored in a notebook (not executed here) lose scripts,
on* handlers and javascript: URLs unless --trust is given; markdown and raw cells never run scripts.
${OVERWRITE_HELP}

Options:
${optionsHelp(EXPORT_OPTIONS)}`;

/** `dl4nlp html`: exit 0 when every page was written from a cleanly executed notebook, 1 on problems, 2 on usage errors. */
export async function main(argv: string[]): Promise<number> {
  const args = parseOrExit("html", USAGE, () => parseExportArgs(argv, { out: "build/site", paths: ["notebooks"] }));
  if (typeof args === "number") return args;
  const result = await exportSite(args.paths, {
    out: args.out,
    execute: args.execute,
    timeout: args.timeout,
    trust: args.trust,
    force: args.force,
    onMessage: (line) => process.stderr.write(`${line}\n`),
  });
  for (const p of result.pages) {
    if (p.output) process.stdout.write(`${p.output}${p.executed ? " (executed)" : ""}: ${p.figures} figure(s)\n`);
    for (const problem of p.problems) process.stderr.write(`${p.output ? "warning" : "error"}: ${problem}\n`);
  }
  if (result.index) process.stdout.write(`${result.index}\n`);
  else if (result.indexProblem) process.stderr.write(`error: contents page not written: ${result.indexProblem}\n`);
  else if (result.pages.length === 0) process.stderr.write("dl4nlp html: no notebook found\n");
  else process.stderr.write("dl4nlp html: no page written\n");
  return result.ok && result.index ? 0 : 1;
}
