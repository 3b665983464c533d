import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INSTALL, PYTHON, ROOT, installer, kernelspecs, removeTempDirs, requireJupyter, run, tempDir } from "./helpers";

const LAUNCHER = join(ROOT, "lib", "dist", "tools", "kernel", "launcher.js");
/**
 * The kernelspec's argv: kernel-setup/kernel.sh with the absolute node that ran the installer, the project's kernel
 * launcher and its snapshot selector, then tslab's args (the script starts the launcher from its start-up snapshot).
 */
const SELECT = join(ROOT, "lib", "dist", "tools", "kernel", "snapshot", "select.js");
const ARGV = [
  "/bin/sh",
  join(ROOT, "kernel-setup", "kernel.sh"),
  process.execPath,
  LAUNCHER,
  SELECT,
  "kernel",
  "--config-path",
  "{connection_file}",
];

function readSpec(dir: string) {
  return JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8"));
}

describe("kernel-setup/install.mjs", () => {
  afterAll(removeTempDirs);

  it("installs into --prefix DIR/share/jupyter/kernels/dl4nlp, idempotently, and Jupyter lists it via JUPYTER_PATH", () => {
    requireJupyter();
    const prefix = tempDir("prefix");
    const first = installer(["--prefix", prefix]);
    const dir = join(prefix, "share", "jupyter", "kernels", "dl4nlp");
    expect(first).toMatchObject({ action: "installed", dir });

    const spec = readSpec(dir);
    expect(spec.argv).toEqual(ARGV);
    expect(spec.display_name).toBe("TypeScript (dl4nlp)");
    expect(spec.language).toBe("typescript");
    expect(spec.argv.slice(0, 5).every((f: string) => existsSync(f))).toBe(true);
    // the project's .venv has the plotly package's renderer (requirements.txt): the kernel is told so
    expect(first.plotlyRenderer).toBe(true);
    expect(spec.env).toEqual({ DL4NLP_PLOTLY_RENDERER: "1" });
    expect(readdirSync(dir).sort()).toEqual(["kernel.json", "logo-svg.svg"]);

    const mtime = statSync(join(dir, "kernel.json")).mtimeMs;
    const second = installer(["--prefix", prefix]);
    expect(second.action).toBe("unchanged");
    expect(statSync(join(dir, "kernel.json")).mtimeMs).toBe(mtime);

    const isolated = { JUPYTER_PATH: join(prefix, "share", "jupyter"), JUPYTER_DATA_DIR: tempDir("empty-data") };
    const listed = kernelspecs(isolated);
    expect(listed.dl4nlp.resource_dir).toBe(dir);
    expect(listed.dl4nlp.spec.display_name).toBe("TypeScript (dl4nlp)");
    expect(listed.dl4nlp.spec.argv).toEqual(ARGV);

    expect(installer(["--prefix", prefix, "--uninstall"])).toMatchObject({ action: "removed", dir });
    expect(existsSync(dir)).toBe(false);
    expect(kernelspecs(isolated).dl4nlp).toBeUndefined();
    expect(installer(["--prefix", prefix, "--uninstall"]).action).toBe("absent");
  });

  it("repairs a changed kernel.json on the next install (stale path from a moved checkout)", () => {
    const prefix = tempDir("repair");
    const { dir } = installer(["--prefix", prefix]);
    writeFileSync(join(dir, "kernel.json"), JSON.stringify({ argv: ["/old/checkout/tslab"], display_name: "old" }));
    expect(installer(["--prefix", prefix]).action).toBe("installed");
    expect(readSpec(dir).argv).toEqual(ARGV);
  });

  it("says so when it takes the kernel over from another checkout that still exists, and not when that one is gone", () => {
    const prefix = tempDir("other-checkout");
    const other = tempDir("checkout");
    const { dir } = installer(["--prefix", prefix]);
    const foreign = (project: string) =>
      JSON.stringify({ argv: [join(project, "launcher.js")], metadata: { dl4nlp: { project } } });
    writeFileSync(join(dir, "kernel.json"), foreign(other));
    expect(installer(["--prefix", prefix])).toMatchObject({ action: "installed", replaced: other });
    writeFileSync(join(dir, "kernel.json"), foreign(other));
    expect(run(process.execPath, [INSTALL, "--prefix", prefix]).stdout).toContain(
      `replaced the kernel of the checkout at ${other}`,
    );
    writeFileSync(join(dir, "kernel.json"), foreign(join(other, "gone")));
    expect(installer(["--prefix", prefix]).replaced).toBeUndefined();
    expect(installer(["--prefix", prefix]).replaced).toBeUndefined(); // our own spec now
  });

  it("installs into the user data dir of the project's .venv Jupyter, which honours JUPYTER_DATA_DIR", () => {
    requireJupyter();
    const data = tempDir("data");
    const env = { JUPYTER_DATA_DIR: data, DL4NLP_PYTHON: "" };
    const r = installer([], env);
    expect(r.action).toBe("installed");
    expect(r.dir).toBe(join(data, "kernels", "dl4nlp"));
    expect(r.where).toContain(join(ROOT, ".venv", "bin", "python"));
    expect(kernelspecs(env).dl4nlp.resource_dir).toBe(r.dir);
    expect(installer(["--uninstall"], env).action).toBe("removed");
    expect(kernelspecs(env).dl4nlp).toBeUndefined();
  });

  it("without Jupyter (--python none) writes kernel.json itself where Jupyter will later look (HOME/.local/share/jupyter)", () => {
    requireJupyter();
    const home = tempDir("home");
    const env = { HOME: home, JUPYTER_DATA_DIR: "", XDG_DATA_HOME: "" };
    const r = installer(["--python", "none"], env);
    expect(r.where).toContain("no Jupyter found");
    expect(r.dir).toBe(join(home, ".local", "share", "jupyter", "kernels", "dl4nlp"));
    expect(readSpec(r.dir).argv).toEqual(ARGV);
    expect(readSpec(r.dir).env).toBeUndefined(); // no Jupyter asked, so no renderer known
    // The real Jupyter, run later with that HOME, finds it in its default user data dir.
    expect(kernelspecs(env).dl4nlp.resource_dir).toBe(r.dir);
  });

  it("--sys-prefix installs into sys.prefix of the given --python (a fresh venv that sees the project's Jupyter)", () => {
    requireJupyter();
    const venv = join(tempDir("venv"), "venv");
    const made = run(PYTHON, ["-m", "venv", "--without-pip", venv]);
    expect(made.status, made.stderr).toBe(0);
    // Let the new venv import the project's Jupyter packages (a .pth line), so that its sys.prefix is the temp venv.
    const sitePackages = run(PYTHON, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.trim();
    const newSite = run(join(venv, "bin", "python"), [
      "-c",
      "import sysconfig; print(sysconfig.get_paths()['purelib'])",
    ]).stdout.trim();
    writeFileSync(join(newSite, "project-jupyter.pth"), `${sitePackages}\n`);

    const r = installer(["--sys-prefix", "--python", join(venv, "bin", "python")]);
    expect(r.dir).toBe(join(venv, "share", "jupyter", "kernels", "dl4nlp"));
    // this Jupyter has no plotly renderer in its data path (the labextension lives in the project's .venv/share) ...
    expect(r.plotlyRenderer).toBe(false);
    expect(readSpec(r.dir).env).toBeUndefined();
    // ... until it is installed there: the next install tells the kernel
    const extension = join(venv, "share", "jupyter", "labextensions", "jupyterlab-plotly");
    mkdirSync(extension, { recursive: true });
    cpSync(
      join(ROOT, ".venv", "share", "jupyter", "labextensions", "jupyterlab-plotly", "package.json"),
      join(extension, "package.json"),
    );
    expect(installer(["--sys-prefix", "--python", join(venv, "bin", "python")])).toMatchObject({
      action: "installed",
      plotlyRenderer: true,
    });
    expect(readSpec(r.dir).env).toEqual({ DL4NLP_PLOTLY_RENDERER: "1" });
    const listed = run(join(venv, "bin", "python"), ["-m", "jupyter_client.kernelspecapp", "list", "--json"], {
      JUPYTER_DATA_DIR: tempDir("empty-data"),
    });
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).kernelspecs.dl4nlp.resource_dir).toBe(r.dir);
    expect(installer(["--sys-prefix", "--python", join(venv, "bin", "python"), "--uninstall"]).action).toBe("removed");
  });

  it("on Windows (no /bin/sh) the kernelspec starts node on the launcher directly, the ordinary start", async () => {
    const { kernelJson } = (await import(INSTALL)) as {
      kernelJson(launcher: string, node?: string, o?: { platform?: string }): { argv: string[] };
    };
    expect(kernelJson(LAUNCHER, "C:\\node\\node.exe", { platform: "win32" }).argv).toEqual([
      "C:\\node\\node.exe",
      LAUNCHER,
      "kernel",
      "--config-path",
      "{connection_file}",
    ]);
    expect(kernelJson(LAUNCHER, process.execPath, { platform: "darwin" }).argv).toEqual(ARGV);
  });

  it("rejects bad arguments with a clear message and exit code 2", () => {
    const noJupyter = run(process.execPath, [INSTALL, "--python", "/nonexistent/python3"]);
    expect(noJupyter.status).toBe(2);
    expect(noJupyter.stderr).toContain("--python /nonexistent/python3: cannot run it or it has no Jupyter");
    const both = run(process.execPath, [INSTALL, "--prefix", "/tmp/x", "--sys-prefix"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("choose at most one of --prefix, --sys-prefix, --user");
    const unknown = run(process.execPath, [INSTALL, "--frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown argument "--frobnicate"');
  });

  it("in a checkout without node_modules (no npm ci yet) it fails with a message that says so, and writes nothing", () => {
    const checkout = tempDir("checkout");
    mkdirSync(join(checkout, "kernel-setup"));
    cpSync(INSTALL, join(checkout, "kernel-setup", "install.mjs"));
    const prefix = join(checkout, "prefix");
    const r = run(process.execPath, [join(checkout, "kernel-setup", "install.mjs"), "--prefix", prefix]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `tslab is not installed: ${join(checkout, "node_modules", "tslab", "bin", "tslab")} does not exist`,
    );
    expect(r.stderr).toContain('run "npm ci"');
    expect(existsSync(prefix)).toBe(false);
  });

  it("prints what it did and where, and nothing with --quiet", () => {
    const prefix = tempDir("print");
    const loud = run(process.execPath, [INSTALL, "--prefix", prefix]);
    expect(loud.stdout).toContain('Installed kernelspec "dl4nlp" (TypeScript (dl4nlp)) in');
    expect(loud.stdout).toContain(join(prefix, "share", "jupyter", "kernels", "dl4nlp"));
    const quiet = run(process.execPath, [INSTALL, "--prefix", prefix, "--quiet"]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe("");
  });
});
