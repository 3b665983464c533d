import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FITS_PLAIN, FITS_PREPARED, PREPARED_OVERFLOW, TESTERS } from "./overflow-notebooks";

// These tests spawn the real command, `node lib/bin/dl4nlp.js`, which needs the built lib/dist.
const root = join(__dirname, "..", "..", "..");
const bin = join(root, "lib", "bin", "dl4nlp.js");
const FIXTURE = join(root, "test", "fixtures", "notebooks", "slides-deck.ipynb");
const dl4nlp = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root, timeout: 120_000 });

let dir: string;
beforeAll(() => {
  if (!existsSync(join(root, "lib", "dist", "tools", "slides", "cli.js"))) execFileSync("npm", ["run", "build"], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), "dl4nlp-export-"));
  mkdirSync(join(dir, "nbs"));
  copyFileSync(FIXTURE, join(dir, "nbs", "slides-deck.ipynb"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dl4nlp slides and dl4nlp html (the commands)", () => {
  it("slides on a notebook whose one slide is too tall even at 60%: a warning naming the notebook, slide, title and cell; exit 0; measured in Chromium with or without --pdf, estimated with --no-measure", () => {
    const nb = join(dir, "talk", "talk.ipynb");
    mkdirSync(join(dir, "talk"), { recursive: true });
    writeFileSync(nb, JSON.stringify(PREPARED_OVERFLOW));
    // HTML only: measured in the deck's page (no PDF printed), the same warning as --pdf gives
    const html = dl4nlp("slides", nb, "--out", join(dir, "talk-html"), "--no-execute");
    expect(html.status).toBe(0);
    const seen = html.stderr.trim().split("\n");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/: slide 3 "Too long" does not fit the 1280×720 slide even at 60% zoom: \d+ px .*give cell 5/);
    expect(seen[0]).not.toContain("at least");
    expect(readdirSync(join(dir, "talk-html")).sort()).toEqual(["index.html", "talk.html"]);
    const r = dl4nlp("slides", nb, "--out", join(dir, "talk-out"), "--no-execute", "--no-measure");
    expect(r.status).toBe(0);
    const warnings = r.stderr.trim().split("\n");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^warning: ${nb.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: slide 3 "Too long" does not fit the 1280×720 slide even at 60% zoom: at least \\d+ px \\(about \\d+ code lines\\) lie below it .*give cell 5 \\(or one before it\\) the slide type "subslide"`,
      ),
    );
    const printed = dl4nlp("slides", nb, "--out", join(dir, "talk-out"), "--no-execute", "--pdf");
    expect(printed.status).toBe(0);
    const measured = printed.stderr.trim().split("\n");
    expect(measured).toHaveLength(1);
    expect(measured[0]).toMatch(/: slide 3 "Too long" does not fit the 1280×720 slide even at 60% zoom: \d+ px .*give cell 5/);
    expect(measured[0]).not.toContain("at least");
  }, 120_000);

  it("slides on notebooks without slide metadata: the line counts sections (the split is known only in the browser), with --pdf the measured slides", () => {
    const src = join(dir, "plain");
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, "long.ipynb"), JSON.stringify(TESTERS));
    writeFileSync(join(src, "short.ipynb"), JSON.stringify(FITS_PLAIN));
    writeFileSync(join(src, "authored.ipynb"), JSON.stringify(FITS_PREPARED));
    const line = (out: string, name: string) => out.split("\n").find((l) => l.includes(`${name}.html`)) ?? "";
    const shown = dl4nlp("slides", src, "--out", join(dir, "plain-out"), "--no-execute", "--no-measure");
    expect(shown.status).toBe(0);
    // 3 sections, 5 slides once shown: no number of slides is stated that the deck does not have
    expect(line(shown.stdout, "long")).toMatch(
      /long\.html: 3 sections, a slide each \(a long one goes on over more slides when shown\), 0 fragments/,
    );
    expect(line(shown.stdout, "short")).toMatch(/short\.html: 3 sections, a slide each \(a long one goes on/);
    expect(line(shown.stdout, "authored")).toMatch(/authored\.html: 3 slides \(3 horizontal\), 0 fragments/);
    const printed = dl4nlp("slides", src, "--out", join(dir, "plain-out"), "--no-execute", "--pdf");
    expect(printed.status).toBe(0);
    expect(line(printed.stdout, "long")).toMatch(
      /long\.html: 5 slides \(3 sections, 2 continuation slides\), 0 fragments.*; .*long\.pdf$/,
    );
    expect(line(printed.stdout, "short")).toMatch(/short\.html: 3 slides \(3 sections, 0 continuation slides\)/);
    expect(line(printed.stdout, "authored")).toMatch(/authored\.html: 3 slides \(3 horizontal\), 0 fragments/);
    expect(printed.stderr).not.toMatch(/in all/);
  }, 240_000);

  it("slides on a folder of executed notebooks: one deck per notebook + index, counts printed, exit 0, input untouched", () => {
    const before = readFileSync(join(dir, "nbs", "slides-deck.ipynb"), "utf8");
    const r = dl4nlp("slides", join(dir, "nbs"), "--out", join(dir, "slides"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("slides-deck.html: 5 slides (3 horizontal), 3 fragments, 2 with notes, 1 figure,");
    expect(readdirSync(join(dir, "slides")).sort()).toEqual(["index.html", "slides-deck.html"]);
    expect(readFileSync(join(dir, "nbs", "slides-deck.ipynb"), "utf8")).toBe(before);
  });

  it("html on a notebook file: a page and an index, exit 0", () => {
    const r = dl4nlp("html", join(dir, "nbs", "slides-deck.ipynb"), "--out", join(dir, "site"), "--no-execute");
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, "site")).sort()).toEqual(["index.html", "slides-deck.html"]);
  });

  it.each([
    ["html", "--no-execute"],
    ["slides", "--no-measure"],
  ])(
    "%s: two notebooks of one name from two folders (at two depths): the second is refused by name, the first page kept, exit 1",
    (command, flag) => {
      const src = join(dir, `clash-${command}`);
      for (const sub of ["a", join("b", "c")]) {
        mkdirSync(join(src, sub), { recursive: true });
        copyFileSync(FIXTURE, join(src, sub, "slides-deck.ipynb"));
      }
      const first = join(src, "a", "slides-deck.ipynb");
      const second = join(src, "b", "c", "slides-deck.ipynb");
      const out = join(dir, `clash-out-${command}`);
      const r = dl4nlp(command, first, second, "--out", out, flag);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${second}: not exported: ${first} has the same name`);
      expect(readdirSync(out).sort()).toEqual(["index.html", "slides-deck.html"]);
    },
  );

  it("a missing or malformed notebook is reported with its file, the others are still exported, exit 1", () => {
    writeFileSync(join(dir, "broken.ipynb"), "{ not json");
    const r = dl4nlp(
      "slides",
      join(dir, "broken.ipynb"),
      join(dir, "missing.ipynb"),
      FIXTURE,
      "--out",
      join(dir, "mixed"),
      "--no-execute",
      "--no-measure",
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: ${join(dir, "broken.ipynb")}: not JSON`);
    expect(r.stderr).toContain(`error: ${join(dir, "missing.ipynb")}: cannot read the file`);
    expect(readdirSync(join(dir, "mixed")).sort()).toEqual(["index.html", "slides-deck.html"]);
  });

  it("a notebook with nothing to show on a slide is an error naming it", () => {
    const nb = JSON.parse(readFileSync(FIXTURE, "utf8"));
    for (const c of nb.cells) c.metadata.slideshow = { slide_type: "skip" };
    writeFileSync(join(dir, "hidden.ipynb"), JSON.stringify(nb));
    const r = dl4nlp("slides", join(dir, "hidden.ipynb"), "--out", join(dir, "hidden"), "--no-execute");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("hidden.ipynb: all cells are skip, notes or removed");
  });

  it("usage: --help, unknown options and --out without a value exit 2 with the usage", () => {
    expect(dl4nlp("slides", "--help").stdout).toContain("Usage: dl4nlp slides");
    expect(dl4nlp("html", "--help").stdout).toContain("Usage: dl4nlp html");
    const bad = dl4nlp("slides", "--frobnicate");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("dl4nlp slides: unknown option --frobnicate");
    const noOut = dl4nlp("html", "x.ipynb", "--out");
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain("--out needs a value");
  });
});
