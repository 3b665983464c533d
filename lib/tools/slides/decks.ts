import { join, resolve } from "node:path";
import { writeFileAtomic } from "../nbformat/write";
import { learningGoal, lectureTitleOfAll, notebookTitle } from "../html/notebook-info";
import { CONTENTS_PAGE, overwriteProblem, writtenByExport } from "../html/output-guard";
import { type PrepareOptions, prepareNotebooks } from "../html/prepare";
import { type IndexEntry, indexPage } from "../html/site";
import type { CodeOption } from "./code-option";
import { exportDeck } from "./deck";
import type { DeckCounts } from "./structure";
import { overflowWarning } from "./overflow";
import { measureDecks } from "./measure";
import { printDeck } from "./pdf";
import { plotLabelsWarning, wideWarning } from "./wide";

/** Options of exportDecks. */
export interface DecksOptions extends PrepareOptions {
  out: string;
  /** Code cells' inputs: as their tags say (default), all shown, or all hidden behind toggles. */
  code?: CodeOption;
  /** Also print each deck to PDF (headless Chromium). */
  pdf?: boolean;
  /** PDF with one page per fragment step. */
  pdfFragments?: boolean;
  chromiumPath?: string;
  lectureTitle?: string;
  /**
   * Without `pdf`: measure each deck in headless Chromium (one browser for all; the screen view at 1280×720) and warn
   * about the slides that do not fit even at the smallest zoom, too tall or too wide, as `pdf` does. Default true;
   * false (`--no-measure`) keeps the lower-bound estimate of heights only, and no width warning.
   */
  measure?: boolean;
  /** --trust: stored outputs keep their scripts too (html/site.ts SiteOptions.trust). */
  trust?: boolean;
}

/** One deck written by exportDecks. */
export interface DeckResult {
  file: string;
  output?: string;
  pdf?: string;
  title?: string;
  counts?: DeckCounts;
  /** Whether dl4nlp chose the slides (no slide metadata): a too tall section goes on over continuation slides. */
  autoSplit?: boolean;
  /** Slides counted in the browser when measured or printed (`measure`, `pdf`), continuation slides counted. */
  printedSlides?: number;
  figures?: number;
  bytes?: number;
  executed: boolean;
  problems: string[];
}

/**
 * Notebooks (files or folders) → one self-contained deck per notebook (`<name>.html`, optionally `<name>.pdf`) and
 * an index page, written atomically into options.out. Notebooks without outputs are executed first. A file in
 * options.out that no export wrote is never replaced unless options.force (output-guard.ts).
 */
export async function exportDecks(
  paths: string[],
  options: DecksOptions,
): Promise<{ decks: DeckResult[]; index?: string; indexProblem?: string; ok: boolean; notes: string[] }> {
  const prepared = await prepareNotebooks(paths, options);
  const decks: DeckResult[] = [];
  const entries: IndexEntry[] = [];
  const notes: string[] = [];
  /** Decks written without a PDF, to be measured in one browser afterwards, with their estimated warnings. */
  const unmeasured: { result: DeckResult; estimated: string[] }[] = [];
  let ok = true;
  for (const p of prepared) {
    if (!p.notebook) {
      decks.push({ file: p.file, executed: false, problems: [p.problem ?? "not readable"] });
      ok = false;
      continue;
    }
    const problems = p.problem ? [p.problem] : [];
    if (p.problem) ok = false;
    let deck: ReturnType<typeof exportDeck>;
    try {
      deck = exportDeck(p.notebook, {
        lectureTitle: options.lectureTitle,
        code: options.code,
        trustOutputs: p.executed || options.trust === true,
      });
    } catch (err) {
      decks.push({ file: p.file, executed: p.executed, problems: [...problems, `${p.file}: ${(err as Error).message}`] });
      ok = false;
      continue;
    }
    const output = join(options.out, `${p.name}.html`);
    const pdfFile = join(options.out, `${p.name}.pdf`);
    // a PDF holds no mark: it is replaced only beside the deck an earlier export wrote
    const refused =
      overwriteProblem(output, options) ??
      (options.pdf ? overwriteProblem(pdfFile, { force: options.force, recognised: writtenByExport(output) }) : undefined);
    if (refused) {
      decks.push({ file: p.file, executed: p.executed, problems: [...problems, `${p.file}: not exported: ${refused}`] });
      ok = false;
      continue;
    }
    await writeFileAtomic(output, deck.html);
    const result: DeckResult = {
      file: p.file,
      output,
      title: deck.title,
      counts: deck.counts,
      autoSplit: deck.autoSplit,
      figures: deck.figures,
      bytes: Buffer.byteLength(deck.html),
      executed: p.executed,
      problems: [...problems, ...deck.warnings],
    };
    // estimated without a browser (sure ones only); replaced by the measured ones when the deck is printed
    const estimated = deck.overflows.map((o) => overflowWarning(p.file, o));
    if (!options.pdf && options.measure !== false) unmeasured.push({ result, estimated });
    else if (!options.pdf) result.problems.push(...estimated);
    const entry: IndexEntry = {
      href: `${p.name}.html`,
      title: notebookTitle(p.notebook, p.name),
      goal: learningGoal(p.notebook),
    };
    if (options.pdf) {
      const pdf = pdfFile;
      try {
        const printed = await printDeck(resolve(output), pdf, {
          fragments: options.pdfFragments,
          chromiumPath: options.chromiumPath,
        });
        result.pdf = pdf;
        entry.extra = [{ href: `${p.name}.pdf`, label: "PDF" }];
        for (const e of printed.consoleErrors) result.problems.push(`${pdf}: console error while printing: ${e}`);
        for (const o of printed.overflows) result.problems.push(overflowWarning(p.file, o));
        for (const o of printed.wide) result.problems.push(wideWarning(p.file, o));
        for (const o of printed.plots) result.problems.push(plotLabelsWarning(p.file, o));
        result.printedSlides = printed.slides;
        if (printed.figures.drawn < printed.figures.total) {
          result.problems.push(
            `${pdf}: only ${printed.figures.drawn} of ${printed.figures.total} figures were drawn when printing`,
          );
        }
      } catch (err) {
        result.problems.push(...estimated);
        result.problems.push(`${pdf}: not printed: ${(err as Error).message}`);
        ok = false;
      }
    }
    decks.push(result);
    entries.push(entry);
  }
  if (unmeasured.length > 0) notes.push(...(await measureWritten(unmeasured, options.chromiumPath)));
  let index: string | undefined;
  let indexProblem: string | undefined;
  if (entries.length > 0) indexProblem = overwriteProblem(join(options.out, CONTENTS_PAGE), options);
  if (entries.length > 0 && !indexProblem) {
    index = join(options.out, CONTENTS_PAGE);
    const lectureTitle = lectureTitleOfAll(
      prepared.flatMap((p) => (p.notebook ? [p.notebook] : [])),
      options.lectureTitle,
    );
    await writeFileAtomic(index, indexPage(entries, { heading: lectureTitle ? "Lecture slides" : "Slides", lectureTitle }));
  }
  return { decks, index, indexProblem, ok: ok && index !== undefined, notes };
}

/**
 * Measures decks written without a PDF (`measureDecks`: one browser) and adds the measured warnings to each, in place
 * of the estimated ones; a deck that could not be measured keeps its estimate and says why. Returns notes for the
 * whole run (Chromium not there: how to get the report).
 */
async function measureWritten(
  decks: { result: DeckResult; estimated: string[] }[],
  chromiumPath: string | undefined,
): Promise<string[]> {
  const measured = await measureDecks(
    decks.map((d) => resolve(d.result.output as string)),
    { chromiumPath },
  );
  if (measured.results === null) {
    for (const d of decks) d.result.problems.push(...d.estimated);
    return [
      `slides not measured: ${measured.reason}; without a browser only slides surely too tall are reported ` +
        "(a lower bound) and none too wide: install Chromium (kernel-setup/setup.sh) or build with --pdf on a machine that has it",
    ];
  }
  for (const [i, d] of decks.entries()) {
    const m = measured.results[i];
    const file = d.result.file;
    if (m instanceof Error) {
      d.result.problems.push(...d.estimated, `${d.result.output}: not measured: ${m.message}`);
      continue;
    }
    // the page's console errors are not reported here: measuring is about what fits (a remote image the deck links,
    // blocked offline while measuring, would show online); --pdf reports them, as printing may lose something
    for (const o of m.overflows) d.result.problems.push(overflowWarning(file, o));
    for (const w of m.wide) d.result.problems.push(wideWarning(file, w));
    for (const o of m.plots) d.result.problems.push(plotLabelsWarning(file, o));
    d.result.printedSlides = m.slides;
  }
  return [];
}
