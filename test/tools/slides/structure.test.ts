import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { isCourseNotebook } from "../../../lib/tools/html/notebook-info";
import { readNotebook } from "../../../lib/tools/nbformat/read";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { autoSlides, deckCounts, deckStructure, EmptyDeckError, missingSlidesHint } from "../../../lib/tools/slides/structure";

const FIXTURE = "test/fixtures/notebooks/slides-deck.ipynb";
const JUPYTER = join(__dirname, "..", "..", "..", ".venv", "bin", "jupyter");

const cell = (slide: string | undefined, source = "x", tags: string[] = []): ICell => ({
  cell_type: "markdown",
  id: Math.random().toString(36).slice(2, 10),
  metadata: { ...(slide === undefined ? {} : { slideshow: { slide_type: slide } }), tags },
  source,
});
const shape = (cells: ICell[]) =>
  deckStructure(cells).map((s) =>
    s.subslides.map((sub) => sub.blocks.map((b) => `${b.fragment ? "F" : ""}${b.cells.map((c) => c.source).join("")}`)),
  );

/** nbconvert's reveal HTML → sections per horizontal slide, fragments and notes (nesting read from the tags). */
function nbconvertStructure(html: string): { vertical: number[]; fragments: number; notes: number } {
  const body = html.slice(html.indexOf('<div class="slides">'));
  let depth = 0;
  const vertical: number[] = [];
  let fragments = 0;
  let notes = 0;
  for (const m of body.matchAll(/<section\b|<\/section>|<div class="fragment">|<aside class="notes">/g)) {
    if (m[0] === "<section") {
      depth++;
      if (depth === 1) vertical.push(0);
      else if (depth === 2) vertical[vertical.length - 1]++;
    } else if (m[0] === "</section>") depth--;
    else if (m[0].includes("fragment")) fragments++;
    else notes++;
  }
  return { vertical, fragments, notes };
}

describe("slide structure from metadata.slideshow.slide_type, as nbconvert builds it", () => {
  it("slide/subslide/fragment/-: a fragment goes on with the '-' cells after it up to the next fragment or (sub)slide", () => {
    expect(
      shape([
        cell("slide", "a"),
        cell("-", "b"),
        cell("fragment", "c"),
        cell(undefined, "d"),
        cell("fragment", "e"),
        cell("subslide", "f"),
        cell("slide", "g"),
      ]),
    ).toEqual([[["ab", "Fcd", "Fe"], ["f"]], [["g"]]]);
  });

  it("the first visible cell starts the first slide whatever its type; skip is left out; notes go to their subslide", () => {
    const slides = deckStructure([
      cell("skip", "s"),
      cell("notes", "n0"),
      cell("fragment", "a"),
      cell("skip", "s2"),
      cell("notes", "n1"),
      cell("-", "b"),
    ]);
    expect(slides).toHaveLength(1);
    expect(slides[0].subslides[0].blocks.map((b) => [b.fragment, b.cells.map((c) => c.source).join("")])).toEqual([
      [false, "ab"],
    ]);
    expect(slides[0].subslides[0].notes.map((c) => c.source)).toEqual(["n0", "n1"]);
  });

  it("unknown or missing slide types continue the slide; remove-cell cells are gone before the structure is built", () => {
    expect(shape([cell("slide", "a"), cell("bogus", "b"), cell("slide", "R", ["remove-cell"]), cell(undefined, "c")])).toEqual([
      [["abc"]],
    ]);
  });

  it("a notebook with no slide metadata at all: one slide, and the deck's warnings say so and how to mark slides", () => {
    const plain = [cell(undefined, "# Title"), cell(undefined, "a"), cell(undefined, "b")];
    expect(shape(plain)).toEqual([[["# Titleab"]]]);
    expect(missingSlidesHint(plain)).toMatch(/^no cell has slideshow metadata, so all 3 cells are one slide, shrunk to fit/);
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: plain } as INotebookContent;
    expect(exportDeck(nb).warnings[0]).toMatch(/slide type "slide" \(JupyterLab: Property Inspector → Slide Type/);
    // one slide mark anywhere, a single cell, or only removed cells beside one: no hint
    expect(missingSlidesHint([cell(undefined, "a"), cell("fragment", "b")])).toBeNull();
    expect(missingSlidesHint([cell(undefined, "a")])).toBeNull();
    expect(missingSlidesHint([cell(undefined, "a"), cell(undefined, "b", ["remove-cell"])])).toBeNull();
    expect(exportDeck({ ...nb, cells: [cell("slide", "# T"), cell(undefined, "a")] }).warnings).toEqual([]);
  });

  it("a notebook never prepared as slides, with headings: a slide starts at each heading, the hint says so", () => {
    const plain = [cell(undefined, "# Title"), cell(undefined, "a"), cell(undefined, "## Part 1"), cell(undefined, "b")];
    plain.push(cell(undefined, "### Part 2"), cell(undefined, "c"));
    expect(shape(autoSlides(plain))).toEqual([[["# Titlea"]], [["## Part 1b"]], [["### Part 2c"]]]);
    expect(missingSlidesHint(plain)).toMatch(
      /^no cell has slideshow metadata, so a slide starts at each heading \(3 slides\), and what does not fit even at 60% goes on over continuation slides: give/,
    );
    // the user's cells are not changed
    expect(plain.every((c) => (c.metadata as { slideshow?: unknown }).slideshow === undefined)).toBe(true);
  });

  it("a notebook never prepared as slides, without headings: a slide starts at each markdown cell after code", () => {
    const code = (source: string): ICell => ({
      cell_type: "code",
      id: source,
      metadata: {},
      source,
      outputs: [],
      execution_count: null,
    });
    const plain = [cell(undefined, "intro"), code("x"), cell(undefined, "more"), code("y"), code("z"), cell(undefined, "end")];
    expect(shape(autoSlides(plain))).toEqual([[["introx"]], [["moreyz"]], [["end"]]]);
    expect(missingSlidesHint(plain)).toMatch(/so a slide starts at each markdown cell after code \(3 slides\)/);
  });

  it("a prepared notebook keeps its slides exactly: autoSlides leaves cells with any slide type alone", () => {
    const prepared = [cell("slide", "# A"), cell(undefined, "## B"), cell(undefined, "## C")];
    expect(autoSlides(prepared)).toBe(prepared);
    expect(shape(autoSlides(prepared))).toEqual([[["# A## B## C"]]]);
  });

  it("the course's own notebooks (lectures and assignments) are marked as the course's: their decks carry the course title", async () => {
    const root = join(__dirname, "..", "..", "..");
    const files = ["notebooks", "notebooks/assignments"].flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith(".ipynb"))
        .map((f) => join(root, d, f)),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const nb = await readNotebook(f);
      expect(isCourseNotebook(nb), f).toBe(true);
      expect(exportDeck(nb).html, f).toContain('<p class="lecture-kicker">Deep Learning for NLP: Neural Networks</p>');
    }
  }, 120_000);

  it("a notebook with nothing to show is an error naming the reason", () => {
    expect(() => deckStructure([cell("skip"), cell("notes"), cell("slide", "x", ["remove-cell"])])).toThrow(EmptyDeckError);
    expect(() => deckStructure([])).toThrow(/nothing to put on a slide/);
  });

  it("the fixture deck: 3 horizontal slides (1, 3, 1 vertical), 3 fragments, notes on 2 slides", async () => {
    const nb = await readNotebook(FIXTURE);
    expect(deckCounts(deckStructure(nb.cells))).toEqual({
      horizontal: 3,
      vertical: [1, 3, 1],
      slides: 5,
      fragments: 3,
      notes: 2,
    });
  });

  it.skipIf(!existsSync(JUPYTER))(
    "matches the real `jupyter nbconvert --to slides` (with TagRemovePreprocessor for the remove-* tags) on the fixture and a course notebook",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "nbc-"));
      try {
        for (const file of [FIXTURE, "notebooks/03-xor.ipynb"]) {
          const name = file.split("/").pop()!;
          copyFileSync(file, join(dir, name));
          execFileSync(
            JUPYTER,
            [
              "nbconvert",
              "--to",
              "slides",
              join(dir, name),
              "--TagRemovePreprocessor.enabled=True",
              '--TagRemovePreprocessor.remove_cell_tags=["remove-cell"]',
              '--TagRemovePreprocessor.remove_input_tags=["remove-input"]',
              '--TagRemovePreprocessor.remove_all_outputs_tags=["remove-output"]',
            ],
            { stdio: "pipe", env: { ...process.env, JUPYTER_CONFIG_DIR: join(dir, "cfg") } },
          );
          const theirs = nbconvertStructure(readFileSync(join(dir, name.replace(/\.ipynb$/, ".slides.html")), "utf8"));
          const ours = deckCounts(deckStructure((await readNotebook(file)).cells));
          expect({ file, vertical: ours.vertical, fragments: ours.fragments, notes: ours.notes }).toEqual({
            file,
            vertical: theirs.vertical,
            fragments: theirs.fragments,
            // nbconvert writes one <aside> per notes cell; we gather a subslide's notes into one
            notes: ours.notes === 0 ? 0 : expect.any(Number),
          });
          expect(theirs.notes).toBeGreaterThanOrEqual(ours.notes);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
