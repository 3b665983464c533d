import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportSite } from "../../../lib/tools/html/site";
import { exportDecks } from "../../../lib/tools/slides/decks";

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>';
const dataUrl = (mime: string, bytes: Buffer | string) => `data:${mime};base64,${Buffer.from(bytes).toString("base64")}`;

/** course/lectures/nb.ipynb with images beside it, in its parent folder (refused), in a subfolder with spaces, and one missing. */
function course() {
  const root = mkdtempSync(join(tmpdir(), "dl4nlp-images-"));
  const lectures = join(root, "course", "lectures");
  mkdirSync(join(lectures, "figs", "deep dir"), { recursive: true });
  writeFileSync(join(lectures, "same.png"), PNG);
  writeFileSync(join(root, "course", "parent.png"), Buffer.concat([PNG, Buffer.from([0])]));
  writeFileSync(join(lectures, "figs", "deep dir", "x y.svg"), SVG);
  writeFileSync(join(root, "secret.txt"), "not an image");
  const md = (id: string, source: string) => ({ cell_type: "markdown", id, metadata: {}, source });
  const nb = {
    cells: [
      md("same", "![same folder](same.png)"),
      md("parent", '<img alt="parent" src="../parent.png">'),
      md("deep", "![deep](figs/deep%20dir/x%20y.svg)"),
      md("missing", "![missing](missing.png)"),
      md("remote", "![remote](https://example.org/a.png)"),
      md("not-image", "![text](../../secret.txt)"),
      { cell_type: "raw", id: "raw", metadata: {}, source: 'RAW WITHOUT FORMAT <img src="same.png">' },
      {
        cell_type: "code",
        id: "out",
        execution_count: 1,
        metadata: {},
        source: "show()",
        outputs: [{ output_type: "display_data", data: { "text/html": '<img src="./figs/deep dir/x y.svg">' }, metadata: {} }],
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = join(lectures, "nb.ipynb");
  writeFileSync(file, JSON.stringify(nb));
  return { root, file };
}

describe("local images of a notebook are embedded in its page and deck, or a warning names the file", {
  timeout: 120_000,
}, () => {
  it("same folder, a subfolder with spaces, an HTML output are embedded; parent folder, missing and non-image files are named", async () => {
    const { root, file } = course();
    const out = join(root, "site");
    const site = await exportSite([file], { out, execute: "never" });
    const html = readFileSync(join(out, "nb.html"), "utf8");
    expect(html).toContain(`src="${dataUrl("image/png", PNG)}"`);
    // the parent folder is outside the notebook's folder: refused, its name removed from the page
    expect(html).not.toContain(Buffer.concat([PNG, Buffer.from([0])]).toString("base64"));
    expect(html).not.toContain("parent.png");
    expect(html.split(dataUrl("image/svg+xml", SVG)).length - 1).toBe(2);
    expect(html).toContain('src="https://example.org/a.png"');
    expect(html).toContain("RAW WITHOUT FORMAT");
    expect(html).not.toContain(Buffer.from("not an image").toString("base64"));
    const problems = site.pages[0].problems;
    expect(problems).toContainEqual(
      expect.stringMatching(/^cell 4 \(id missing\): image "missing\.png" not found \(looked for .*missing\.png\)/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^cell 6 \(id not-image\): image "\.\.\/\.\.\/secret\.txt" is not an image file type/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^cell 2 \(id parent\): image "\.\.\/parent\.png" is outside the notebook's folder/),
    );
    expect(problems).toHaveLength(3);

    const decks = await exportDecks([file], { out: join(root, "slides"), execute: "never" });
    const deck = readFileSync(decks.decks[0].output as string, "utf8");
    expect(deck).toContain(`src="${dataUrl("image/png", PNG)}"`);
    expect(deck.split(dataUrl("image/svg+xml", SVG)).length - 1).toBeGreaterThanOrEqual(1);
    expect(decks.decks[0].problems).toContainEqual(expect.stringContaining('image "missing.png" not found'));
  });
});
