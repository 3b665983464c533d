import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
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
const SECRET = "TOP-SECRET-machine-file-4711";
/** Valid SVG whose text is a secret: an image of the notebook's folder, so it is embedded. */
const SECRET_SVG = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="90" height="9"><text y="8">${SECRET}-svg</text></svg>\n`;
const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString("base64");
const HOSTNAME = readFileSync("/etc/hostname");

/** Each reference a hostile notebook may make, and whether it may be embedded. */
const REFERENCES: { name: string; src: string; embedded: boolean }[] = [
  { name: "symlink to a text file", src: "logo.png", embedded: false },
  { name: "symlink to /etc/hostname as .svg", src: "host.svg", embedded: false },
  { name: "../ outside the folder", src: "../outside.png", embedded: false },
  { name: "absolute path", src: "ABSOLUTE", embedded: false },
  { name: "a text file renamed .png", src: "renamed.png", embedded: false },
  { name: "a folder named .png", src: "folder.png", embedded: false },
  { name: "a FIFO named .png", src: "fifo.png", embedded: false },
  { name: "a subfolder's link out of the folder", src: "figs/up.png", embedded: false },
  { name: "an SVG with secret text inside the folder", src: "secret.svg", embedded: true },
  { name: "a real png in a subfolder", src: "figs/real.png", embedded: true },
  { name: "a symlink to a png inside the folder", src: "inner-link.png", embedded: true },
];

/** root/outside.png (a real PNG), root/secret.txt, and root/repo/leak.ipynb with every reference in markdown and in an HTML output. */
function hostileRepo() {
  const root = mkdtempSync(join(tmpdir(), "dl4nlp-leak-"));
  const repo = join(root, "repo");
  mkdirSync(join(repo, "figs"), { recursive: true });
  mkdirSync(join(repo, "folder.png"));
  writeFileSync(join(root, "secret.txt"), SECRET);
  writeFileSync(join(root, "outside.png"), Buffer.concat([PNG, Buffer.from(SECRET)]));
  symlinkSync(join(root, "secret.txt"), join(repo, "logo.png"));
  symlinkSync("/etc/hostname", join(repo, "host.svg"));
  symlinkSync("../../outside.png", join(repo, "figs", "up.png"));
  writeFileSync(join(repo, "renamed.png"), `${SECRET}-renamed`);
  execFileSync("mkfifo", [join(repo, "fifo.png")]);
  writeFileSync(join(repo, "secret.svg"), SECRET_SVG);
  writeFileSync(join(repo, "figs", "real.png"), PNG);
  writeFileSync(join(repo, "inner.png"), Buffer.concat([PNG, Buffer.from([1, 2])]));
  symlinkSync("inner.png", join(repo, "inner-link.png"));
  const src = (r: { src: string }) => (r.src === "ABSOLUTE" ? join(root, "outside.png") : r.src);
  const cells = REFERENCES.flatMap((r, i) => [
    { cell_type: "markdown", id: `md${i}`, metadata: {}, source: `## ${r.name}\n\n![${r.name}](${src(r)})` },
    {
      cell_type: "code",
      id: `out${i}`,
      execution_count: i + 1,
      metadata: {},
      source: "show()",
      outputs: [{ output_type: "display_data", data: { "text/html": `<img alt="x" src="${src(r)}">` }, metadata: {} }],
    },
  ]);
  const file = join(repo, "leak.ipynb");
  writeFileSync(file, JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  return { root, file };
}

/** What no export may contain: the secret and the host name, plain or base64, and the names of refused files. */
function expectNoLeak(html: string, problems: string[]): void {
  for (const text of [SECRET, `${SECRET}-renamed`, HOSTNAME.toString()]) expect(html).not.toContain(base64(text));
  expect(html).not.toContain(base64(Buffer.concat([PNG, Buffer.from(SECRET)])));
  expect(html).not.toContain(base64(HOSTNAME));
  expect(html).not.toMatch(/TOP-SECRET-machine-file-4711(?!-svg)/);
  for (const r of REFERENCES.filter((x) => !x.embedded)) {
    if (r.src !== "ABSOLUTE") expect(html).not.toContain(`src="${r.src}"`);
    // the warning names the cell and the reference, once for the markdown and once for the output
    const label = r.src === "ABSOLUTE" ? "outside.png" : r.src;
    const warned = problems.filter((p) => /^cell \d+ \(id (md|out)\d+\): image "/.test(p) && p.includes(`${label}"`));
    expect(warned.length, `${r.name}: ${problems.join("\n")}`).toBeGreaterThanOrEqual(2);
  }
  expect(html).not.toContain('src="/');
}

/** What must be embedded: the folder's own images, in the markdown and in the output. */
function expectEmbedded(html: string, times: number): void {
  const count = (bytes: Buffer | string, mime: string) => html.split(`data:${mime};base64,${base64(bytes)}`).length - 1;
  expect(count(PNG, "image/png")).toBeGreaterThanOrEqual(times);
  expect(count(SECRET_SVG, "image/svg+xml")).toBeGreaterThanOrEqual(times);
  expect(count(Buffer.concat([PNG, Buffer.from([1, 2])]), "image/png")).toBeGreaterThanOrEqual(times);
}

describe("a hostile notebook's image references never embed a file from outside its folder or one that is no image", {
  timeout: 180_000,
}, () => {
  const { root, file } = hostileRepo();

  it("dl4nlp html: links out of the folder, absolute paths, non-images refused with a warning; the folder's images embedded", async () => {
    const site = await exportSite([file], { out: join(root, "site"), execute: "never" });
    const html = readFileSync(join(root, "site", "leak.html"), "utf8");
    expectNoLeak(html, site.pages[0].problems);
    expectEmbedded(html, 2);
  });

  it("dl4nlp slides: the same references refused and embedded in the deck", async () => {
    const decks = await exportDecks([file], { out: join(root, "slides"), execute: "never" });
    const deck = readFileSync(decks.decks[0].output as string, "utf8");
    expectNoLeak(deck, decks.decks[0].problems);
    expectEmbedded(deck, 1);
  });
});
