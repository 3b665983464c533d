import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateNotebook } from "../../../lib/tools/nbformat/validate";
import { fixture, tempDir } from "../run/helpers";

// These tests spawn the real command, `node lib/bin/dl4nlp.js`, which needs the built lib/dist.
const root = join(__dirname, "..", "..", "..");
const bin = join(root, "lib", "bin", "dl4nlp.js");
const python = join(root, ".venv", "bin", "python");
const dl4nlp = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, CI: "true" } });

beforeAll(() => {
  if (!existsSync(join(root, "lib", "dist", "tools", "cli.js"))) execFileSync("npm", ["run", "build"], { cwd: root });
});

describe("dl4nlp (the dispatcher)", () => {
  it("lists its commands, and refuses an unknown one with exit code 2", () => {
    const help = dl4nlp("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("run      execute notebooks headless");
    const bad = dl4nlp("frobnicate");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('dl4nlp: unknown command "frobnicate"');
  });
  it("dl4nlp run --help, and bad usage exits 2 naming the problem", () => {
    expect(dl4nlp("run", "--help").stdout).toContain("Usage: dl4nlp run [options]");
    expect(dl4nlp("run").stderr).toContain("no notebooks given");
    expect(dl4nlp("run", "--jobs", "0", "x.ipynb").status).toBe(2);
    const badParam = dl4nlp("run", "-p", "learning-rate=1", "x.ipynb");
    expect(badParam.status).toBe(2);
    expect(badParam.stderr).toContain('"learning-rate" is not a TypeScript identifier');
    expect(dl4nlp("run", "--report", "xml", "f", "x.ipynb").stderr).toContain('--report: expected "json" or "junit", got "xml"');
  });
});

describe("dl4nlp run on a real tslab kernel", { timeout: 240_000 }, () => {
  it("a malformed notebook among good and failing ones: reports parse back, exit code 1, outputs valid nbformat", () => {
    const out = tempDir();
    const r = dl4nlp(
      "run",
      fixture("outputs"),
      fixture("malformed"),
      fixture("errors"),
      "--jobs",
      "2",
      "--out",
      out,
      "--report",
      "json",
      join(out, "report.json"),
      "--report-junit",
      join(out, "report.xml"),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`ERROR  ${fixture("malformed").replace(/\./g, "\\.")} \\(\\d+\\.\\d s\\): not JSON:`));
    expect(r.stdout).toContain("1 of 3 notebooks passed");

    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.passed).toBe(false);
    expect(report.counts).toEqual({ notebooks: 3, passed: 1, failed: 1, error: 1 });
    expect(report.notebooks.map((n: { status: string }) => n.status)).toEqual(["passed", "error", "failed"]);
    expect(report.notebooks[2].message).toContain("cell 2 (id errors-1): RangeError");

    for (const name of ["outputs", "errors"]) {
      const nb = JSON.parse(readFileSync(join(out, `${name}.ipynb`), "utf8"));
      expect(validateNotebook(nb)).toEqual([]);
      if (existsSync(python)) {
        execFileSync(python, [
          "-c",
          "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
          join(out, `${name}.ipynb`),
        ]);
      }
    }
    expect(existsSync(join(out, "malformed.ipynb"))).toBe(false);

    if (existsSync(python)) {
      // JUnit XML read back by a real XML parser (Python's ElementTree).
      const script = [
        "import sys, json, xml.etree.ElementTree as ET",
        "r = ET.parse(sys.argv[1]).getroot()",
        "print(json.dumps({'root': r.attrib, 'suites': [[s.get('name'), s.get('tests'), s.get('failures'), s.get('errors'), s.get('skipped')] for s in r]}))",
      ].join("\n");
      const parsed = JSON.parse(execFileSync(python, ["-c", script, join(out, "report.xml")], { encoding: "utf8" }));
      expect(parsed.suites).toEqual([
        [fixture("outputs"), "4", "0", "0", "0"],
        [fixture("malformed"), "1", "0", "1", "0"],
        [fixture("errors"), "4", "1", "0", "2"],
      ]);
      expect(parsed.root).toMatchObject({ tests: "9", failures: "1", errors: "1", skipped: "2" });
    }
  });

  it("exit code 0 when every notebook passed; parameters from -p; the input is never changed without --inplace", () => {
    const out = tempDir();
    const before = readFileSync(fixture("params"), "utf8");
    const r = dl4nlp("run", fixture("params"), "--out", out, "-p", "eta=0.25", "-p", "name=cli", "--no-static-figures");
    expect(r.stderr).toContain("ok     ");
    expect(r.status).toBe(0);
    expect(readFileSync(fixture("params"), "utf8")).toBe(before);
    const nb = JSON.parse(readFileSync(join(out, "params.ipynb"), "utf8"));
    expect(nb.cells[2].outputs[0].text.join("")).toContain('"eta":0.25,"epochs":3,"name":"cli"');
  });

  it("an --out that would write over an input notebook is refused before anything runs (its folder, a link to it, two inputs)", () => {
    const dir = tempDir();
    const a = join(dir, "tags.ipynb");
    copyFileSync(fixture("tags"), a);
    mkdirSync(join(dir, "sub"));
    copyFileSync(fixture("tags"), join(dir, "sub", "tags.ipynb"));
    symlinkSync(dir, `${dir}-link`);
    const before = readFileSync(a, "utf8");
    for (const [args, cwd] of [
      [[".", "--out", "."], dir],
      [[a, "--out", dir], root],
      [["tags.ipynb", "--out", `${dir}-link`], dir],
      // two inputs whose copies land on inputs
      [[join("sub", "tags.ipynb"), "tags.ipynb", "--out", "."], dir],
    ] as const) {
      const r = spawnSync(process.execPath, [bin, "run", ...args], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, CI: "true" },
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /would be written over (itself|the input notebook .*tags\.ipynb)( \(and \d+ more\))?: choose an --out folder apart/,
      );
      expect(r.stderr).not.toContain("cells ok");
    }
    expect(readFileSync(a, "utf8")).toBe(before);
    rmSync(`${dir}-link`);
  });

  it("--inplace writes the executed notebook over its input", () => {
    const dir = tempDir();
    const copy = join(dir, "tags.ipynb");
    copyFileSync(fixture("tags"), copy);
    const r = dl4nlp("run", copy, "--inplace", "-q");
    expect(r.status).toBe(0);
    const nb = JSON.parse(readFileSync(copy, "utf8"));
    expect(nb.cells[2].outputs[0].text).toEqual(["reached\n"]);
  });

  it("the built CLI finds lib/tools/render itself and adds a static SVG to a Plotly figure", () => {
    if (!existsSync("/usr/bin/chromium")) return;
    const out = tempDir();
    const r = dl4nlp("run", fixture("figure"), "--out", out, "--report-json", join(out, "r.json"));
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "r.json"), "utf8")).notebooks[0].staticFigures).toMatchObject({
      rendered: 1,
      figures: 1,
    });
    const data = JSON.parse(readFileSync(join(out, "figure.ipynb"), "utf8")).cells[0].outputs[0].data;
    expect(data["image/svg+xml"][0]).toMatch(/^<svg/);
  });
});

describe("dl4nlp run stopped from outside", { timeout: 120_000 }, () => {
  it("SIGTERM to the runner kills its kernels (they run in their own process groups) and exits 143", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [bin, "run", fixture("slow"), "--out", tempDir(), "-q"], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Wait until the kernel (a child node process: the kernel launcher running tslab) is there.
    let kernels: number[] = [];
    for (let i = 0; i < 120 && kernels.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const ps = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(child.pid)], { encoding: "utf8" }).stdout;
      kernels = ps
        .split("\n")
        .filter((l) => l.includes("kernel --config-path"))
        .map((l) => Number(l.trim().split(/\s+/)[0]));
    }
    try {
      expect(kernels.length).toBeGreaterThan(0);
      child.kill("SIGTERM");
      expect(await exited).toBe(143);
      await new Promise((r) => setTimeout(r, 500));
      // Gone, or a zombie waiting for its new parent to reap it (the container's init may never do so).
      for (const pid of kernels) {
        const stat = spawnSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim();
        expect(stat === "" || stat.startsWith("Z"), `kernel ${pid} state ${stat}`).toBe(true);
      }
    } finally {
      child.kill("SIGKILL");
      for (const pid of kernels) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // gone, as it should be
        }
      }
    }
  });
});
