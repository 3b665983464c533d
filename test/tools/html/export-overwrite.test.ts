import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main as htmlMain } from "../../../lib/tools/html/cli";
import { exportSite } from "../../../lib/tools/html/site";
import { exportDecks } from "../../../lib/tools/slides/decks";

const USER_PAGE = "<!DOCTYPE html><html><head><title>My own page</title></head><body>hand-written, keep me</body></html>\n";

/** A folder with notebooks of the given names (each one markdown cell naming it). */
function notebooks(...names: string[]): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "dl4nlp-overwrite-"));
  const files = names.map((name) => {
    const file = join(dir, `${name}.ipynb`);
    const cells = [{ cell_type: "markdown", id: "a", metadata: {}, source: `# Notebook ${name}\n\ncontent of ${name}` }];
    writeFileSync(file, JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    return file;
  });
  return { dir, files };
}

/** The two exports, called alike: the problems of every notebook, the contents page, and ok. */
const EXPORTS = {
  html: async (files: string[], out: string, force = false) => {
    const r = await exportSite(files, { out, execute: "never", force });
    return { problems: r.pages.flatMap((p) => p.problems), index: r.index, indexProblem: r.indexProblem, ok: r.ok };
  },
  slides: async (files: string[], out: string, force = false) => {
    const r = await exportDecks(files, { out, execute: "never", measure: false, force });
    return { problems: r.decks.flatMap((d) => d.problems), index: r.index, indexProblem: r.indexProblem, ok: r.ok };
  },
};

describe.each(Object.entries(EXPORTS))(
  "dl4nlp %s never overwrites what it did not write",
  { timeout: 120_000 },
  (_kind, exportTo) => {
    it("a notebook named index (or Index) is refused: the contents page would replace its page", async () => {
      for (const name of ["index", "Index"]) {
        const { dir, files } = notebooks(name, "other");
        const out = join(dir, "out");
        const r = await exportTo(files, out);
        expect(r.ok).toBe(false);
        expect(r.problems).toContainEqual(
          expect.stringMatching(
            new RegExp(`${name}\\.ipynb: not exported: its ${name}\\.html would be overwritten by the contents page`),
          ),
        );
        const contents = readFileSync(join(out, "index.html"), "utf8");
        expect(contents).toContain('href="other.html"');
        expect(contents).not.toContain(`content of ${name}`);
        expect(readFileSync(join(out, "other.html"), "utf8")).toContain("content of other");
      }
    });

    it("a user's index.html in the output folder is kept, with an error naming it; the pages are written", async () => {
      const { dir, files } = notebooks("other");
      writeFileSync(join(dir, "index.html"), USER_PAGE);
      const r = await exportTo(files, dir);
      expect(readFileSync(join(dir, "index.html"), "utf8")).toBe(USER_PAGE);
      expect(r.ok).toBe(false);
      expect(r.index).toBeUndefined();
      expect(r.indexProblem).toMatch(/index\.html exists and was not written by a dl4nlp export.*not overwritten \(pass --force/);
      expect(readFileSync(join(dir, "other.html"), "utf8")).toContain("content of other");
    });

    it("a user's x.html (a file, or a link to one) is kept and not linked; the others and the contents page are written", async () => {
      const { dir, files } = notebooks("a", "b", "c");
      writeFileSync(join(dir, "b.html"), USER_PAGE);
      mkdirSync(join(dir, "mine"));
      writeFileSync(join(dir, "mine", "page.html"), USER_PAGE);
      symlinkSync(join(dir, "mine", "page.html"), join(dir, "c.html"));
      const r = await exportTo(files, dir);
      expect(readFileSync(join(dir, "b.html"), "utf8")).toBe(USER_PAGE);
      expect(readFileSync(join(dir, "c.html"), "utf8")).toBe(USER_PAGE);
      expect(r.ok).toBe(false);
      for (const name of ["b", "c"]) {
        expect(r.problems).toContainEqual(
          expect.stringMatching(new RegExp(`${name}\\.ipynb: not exported: .*${name}\\.html exists and was not written`)),
        );
      }
      const contents = readFileSync(join(dir, "index.html"), "utf8");
      expect(contents).toContain('href="a.html"');
      expect(contents).not.toContain('href="b.html"');
      expect(readFileSync(join(dir, "a.html"), "utf8")).toContain("content of a");
    });

    it("a folder named x.html is never replaced, even with --force", async () => {
      const { dir, files } = notebooks("a");
      mkdirSync(join(dir, "a.html"));
      const r = await exportTo(files, dir, true);
      expect(r.problems).toContainEqual(expect.stringMatching(/a\.html is a folder: not replaced/));
      expect(r.ok).toBe(false);
    });

    it("a re-export over its own earlier output replaces it; --force replaces a user's file", async () => {
      const { dir, files } = notebooks("a", "b");
      const out = join(dir, "out");
      expect((await exportTo(files, out)).ok).toBe(true);
      writeFileSync(files[0], readFileSync(files[0], "utf8").replace("content of a", "second edition of a"));
      const again = await exportTo(files, out);
      expect(again.problems).toEqual([]);
      expect(again.ok).toBe(true);
      expect(readFileSync(join(out, "a.html"), "utf8")).toContain("second edition of a");
      writeFileSync(join(out, "b.html"), USER_PAGE);
      writeFileSync(join(out, "index.html"), USER_PAGE);
      const forced = await exportTo(files, out, true);
      expect(forced.ok).toBe(true);
      expect(readFileSync(join(out, "b.html"), "utf8")).toContain("content of b");
      expect(readFileSync(join(out, "index.html"), "utf8")).toContain('href="b.html"');
    });
  },
);

describe("dl4nlp html's command line", { timeout: 120_000 }, () => {
  it("exits 1 keeping a user's page, and --force replaces it", async () => {
    const { dir, files } = notebooks("other");
    writeFileSync(join(dir, "other.html"), USER_PAGE);
    expect(await htmlMain([files[0], "--out", dir, "--no-execute"])).toBe(1);
    expect(readFileSync(join(dir, "other.html"), "utf8")).toBe(USER_PAGE);
    expect(await htmlMain([files[0], "--out", dir, "--no-execute", "--force"])).toBe(0);
    expect(readFileSync(join(dir, "other.html"), "utf8")).toContain("content of other");
  });
});
