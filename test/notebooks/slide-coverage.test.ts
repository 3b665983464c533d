/**
 * The slide-coverage list (slide-coverage.json): every slide title of the lecture is mapped to the notebook cell that
 * covers it, and every mapped cell exists and is shown (no speaker note, no set-up cell). A new slide title in the
 * lecture text, or a cell that is renamed or removed, fails this test.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
/** The lecture's text, where the checkout has it beside it (../shared, or ../../shared from a worktree); CI clones have not. */
const slidesFile =
  [join(root, "..", "shared"), join(root, "..", "..", "shared")]
    .map((d) => join(d, "lecture", "02-neural-networks-slides.txt"))
    .find((f) => existsSync(f)) ?? "";
const fixture = JSON.parse(readFileSync(join(__dirname, "slide-coverage.json"), "utf8")) as {
  slides: { title: string; notebook: string; cell: string }[];
  labels: { line: string; in: string }[];
  outOfScope: { title: string; why: string }[];
};

/** Lines that look like slide titles: after two blank lines, before a blank one, no bullet, formula, footer or URL. */
function titleCandidates(text: string): string[] {
  const lines = text.split("\n");
  const found: string[] = [];
  let blanks = 0;
  lines.forEach((line, i) => {
    const s = line.trim();
    if (s === "") {
      blanks++;
      return;
    }
    const next = (lines[i + 1] ?? "").trim();
    if (blanks >= 2 && next === "" && !/^(-|\$|•|SS 20|Lei|Lib|VL |By |http|\(|")/.test(s) && !s.endsWith(":")) found.push(s);
    blanks = 0;
  });
  return found;
}

describe("every slide of the lecture is covered by a notebook cell", () => {
  const text = slidesFile ? readFileSync(slidesFile, "utf8") : "";
  const lines = new Set(text.split("\n").map((l) => l.trim()));

  it.skipIf(!slidesFile)("each title the rule finds is mapped, a label inside a slide, or out of scope", () => {
    const known = new Set([
      ...fixture.slides.map((s) => s.title),
      ...fixture.labels.map((l) => l.line),
      ...fixture.outOfScope.map((o) => o.title),
    ]);
    expect(titleCandidates(text).filter((t) => !known.has(t))).toEqual([]);
  });

  it.skipIf(!slidesFile)("each mapped title is a line of the slides", () => {
    expect(fixture.slides.map((s) => s.title).filter((t) => !lines.has(t))).toEqual([]);
  });

  it.each(fixture.slides)("$title → $notebook, cell $cell", ({ notebook, cell }) => {
    const nb = JSON.parse(readFileSync(join(root, "notebooks", notebook), "utf8")) as {
      cells: { id: string; cell_type: string; metadata: { slideshow?: { slide_type?: string } } }[];
    };
    const c = nb.cells.find((x) => x.id === cell);
    expect(c, `${notebook} has no cell ${cell}`).toBeDefined();
    expect(["notes", "skip"], `${notebook} cell ${cell} is not shown`).not.toContain(c?.metadata.slideshow?.slide_type);
  });
});
