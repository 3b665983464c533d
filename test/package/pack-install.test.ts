// The package as a user gets it: `npm pack` of lib/, installed with npm into an empty folder outside the repository
// (packages from npm's cache where it has them), then a notebook run there with `npx dl4nlp run` and through
// `jupyter nbconvert --execute` with a kernelspec that starts that folder's tslab; and run again from the installed
// package's start-up snapshot, built for that folder, by a notebook in a subfolder of it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", timeout: 600_000 });
  if (r.error) throw r.error;
  return r;
}

/** A notebook with a printed value and a figure, stored as Jupyter stores it. */
const NOTEBOOK = {
  cells: [
    {
      cell_type: "code",
      execution_count: null,
      id: "pkg-1",
      metadata: {},
      outputs: [],
      source: 'import { Tensor, show, softmaxBars } from "dl4nlp";\nconsole.log(Tensor.from([[1, 2], [3, 4]]).shape.join("x"));',
    },
    { cell_type: "code", execution_count: null, id: "pkg-2", metadata: {}, outputs: [], source: "show(softmaxBars([1, 2, 3]));" },
    {
      cell_type: "code",
      execution_count: null,
      id: "pkg-3",
      metadata: {},
      outputs: [],
      source: 'console.log("started from a snapshot:", process.execArgv.includes("--snapshot-blob"));',
    },
  ],
  metadata: { kernelspec: { display_name: "TypeScript (dl4nlp)", language: "typescript", name: "dl4nlp" } },
  nbformat: 4,
  nbformat_minor: 5,
};

type Output = { output_type: string; text?: string | string[]; data?: Record<string, unknown> };
const outputsOf = (file: string): Output[][] =>
  JSON.parse(readFileSync(file, "utf8")).cells.map((c: { outputs?: Output[] }) => c.outputs ?? []);
const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

describe("the dl4nlp package installed from its tarball into an empty folder", { timeout: 600_000 }, () => {
  let dir = "";
  let app = "";
  let cache = "";
  let install: ReturnType<typeof run>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dl4nlp-package-"));
    cache = join(dir, "kernel-snapshots");
    mkdirSync(cache, { mode: 0o700 });
    const packed = run("npm", ["pack", "--json", "--pack-destination", dir], join(ROOT, "lib"));
    if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    const tarball = join(dir, JSON.parse(packed.stdout)[0].filename);
    app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "course-app", private: true }, null, 2)}\n`);
    writeFileSync(join(app, "nb.ipynb"), `${JSON.stringify(NOTEBOOK, null, 1)}\n`);
    install = run("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund"], app);
    if (install.status !== 0) throw new Error(`npm install failed: ${install.stderr}`);
  }, 600_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("installs on this Node with no engine warning, with its licence, README, tslab and one Plotly bundle", () => {
    expect(install.stderr).not.toContain("EBADENGINE");
    const pkg = join(app, "node_modules", "dl4nlp");
    for (const f of ["LICENSE", "README.md", "package.json", "bin/dl4nlp.js", "dist/index.js", "dist/index.d.ts"])
      expect(existsSync(join(pkg, f)), f).toBe(true);
    expect(readFileSync(join(pkg, "LICENSE"), "utf8")).toContain("MIT License");
    expect(existsSync(join(app, "node_modules", "tslab", "bin", "tslab"))).toBe(true);
    expect(existsSync(join(app, "node_modules", "plotly.js-dist-min"))).toBe(true);
    expect(existsSync(join(app, "node_modules", "plotly.js-dist"))).toBe(false);
  });

  it("every source map points at sources that ship", () => {
    const pkg = join(app, "node_modules", "dl4nlp");
    const missing: string[] = [];
    let maps = 0;
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith(".js.map")) {
          maps++;
          const map = JSON.parse(readFileSync(p, "utf8")) as { sources: string[]; sourceRoot?: string };
          for (const s of map.sources) {
            const src = resolve(dirname(p), map.sourceRoot ?? "", s);
            if (!existsSync(src)) missing.push(`${p.slice(pkg.length + 1)} → ${s}`);
          }
        }
      }
    };
    walk(join(pkg, "dist"));
    expect(maps).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it("npx dl4nlp run executes a notebook there, with the figure's static image", () => {
    // started the ordinary way (the next test starts from a snapshot)
    const r = run("npx", ["--no-install", "dl4nlp", "run", "nb.ipynb", "--out", "executed"], app, { DL4NLP_KERNEL_CACHE: "off" });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const [first, second] = outputsOf(join(app, "executed", "nb.ipynb"));
    expect(text(first[0]?.text)).toBe("2x2\n");
    expect(Object.keys(second[0]?.data ?? {}).sort()).toEqual(["application/vnd.plotly.v1+json", "image/svg+xml", "text/plain"]);
  });

  it("and again from the installed package's start-up snapshot, built in another folder: the same outputs", async () => {
    // the installed package's own snapshot module, as its runner uses it (its launcher, its tslab, this folder's dl4nlp)
    const pkg = join(app, "node_modules", "dl4nlp", "dist", "tools", "kernel");
    const load = createRequire(__filename);
    const { buildSnapshot, usableSnapshot } = load(join(pkg, "snapshot", "index.js"));
    const { kernelLauncher } = load(join(pkg, "kernel-process.js"));
    const env = { ...process.env, DL4NLP_KERNEL_CACHE: cache };
    const built = await buildSnapshot({ tslabBin: kernelLauncher(), cwd: app, env });
    expect(built.file, built.log).toBeTruthy();
    mkdirSync(join(app, "sub"));
    writeFileSync(join(app, "sub", "nb.ipynb"), `${JSON.stringify(NOTEBOOK, null, 1)}\n`);
    expect(usableSnapshot({ tslabBin: kernelLauncher(), cwd: join(app, "sub"), env })).toBe(built.file);
    const r = run("npx", ["--no-install", "dl4nlp", "run", "sub/nb.ipynb", "--out", "again"], app, {
      DL4NLP_KERNEL_CACHE: cache,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const [first, second, third] = outputsOf(join(app, "again", "nb.ipynb"));
    expect(text(first[0]?.text)).toBe("2x2\n");
    expect(Object.keys(second[0]?.data ?? {}).sort()).toEqual(["application/vnd.plotly.v1+json", "image/svg+xml", "text/plain"]);
    expect(text(third[0]?.text)).toBe("started from a snapshot: true\n");
  });

  it("jupyter nbconvert --execute runs it with a kernelspec that starts that folder's tslab by absolute node", () => {
    const kernels = join(dir, "jupyter", "kernels", "dl4nlp");
    mkdirSync(kernels, { recursive: true });
    const tslab = join(app, "node_modules", "tslab", "bin", "tslab");
    writeFileSync(
      join(kernels, "kernel.json"),
      JSON.stringify({
        argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
        display_name: "TypeScript (dl4nlp)",
        language: "typescript",
      }),
    );
    const env = { JUPYTER_PATH: join(dir, "jupyter"), JUPYTER_DATA_DIR: join(dir, "jupyter-data") };
    const r = run(JUPYTER, ["nbconvert", "--to", "notebook", "--execute", "--output", "via-nbconvert", "nb.ipynb"], app, env);
    expect(r.status, r.stderr).toBe(0);
    const [first, second] = outputsOf(join(app, "via-nbconvert.ipynb"));
    expect(text(first.find((o) => o.output_type === "stream")?.text)).toBe("2x2\n");
    expect(Object.keys(second.find((o) => o.output_type === "display_data")?.data ?? {})).toContain(
      "application/vnd.plotly.v1+json",
    );
  });
});
