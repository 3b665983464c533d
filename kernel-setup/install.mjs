#!/usr/bin/env node
// Registers (or with --uninstall removes) the Jupyter kernelspec "dl4nlp" = "TypeScript (dl4nlp)": the project's own
// tslab from node_modules behind the project's kernel launcher (lib/dist/tools/kernel/launcher.js: iopub without
// floods, error replies with ename/evalue/traceback), started by the absolute path of the node that runs this script
// (process.execPath), so the kernel starts where `node` is not on PATH (VS Code from a desktop icon, JupyterHub
// spawners): tslab's own node_modules/.bin/tslab begins with `#!/usr/bin/env node`. Plain Node, no build step, no Python needed: the kernelspec is a
// folder with a kernel.json, which this script writes itself. Python/Jupyter is only asked where that folder goes.
//
//   node kernel-setup/install.mjs [--uninstall] [--python P] [--prefix DIR | --sys-prefix | --user] [--quiet] [--json]
//
// Where (first match): --prefix DIR → DIR/share/jupyter/kernels/dl4nlp; --sys-prefix → <sys.prefix of the Python>/share/…;
// otherwise the user's Jupyter data dir (`jupyter --data-dir` of the Python found, which honours $JUPYTER_DATA_DIR), or,
// when no Jupyter is installed, the platform default (~/.local/share/jupyter on Linux) computed here.
// Which Python (first that imports jupyter_core): --python P, $DL4NLP_PYTHON, the project's .venv, python3 on PATH,
// /usr/bin/python3. An explicitly given Python (--python, $DL4NLP_PYTHON) that lacks Jupyter is an error; the value
// "none" means: ask no Python (as on a machine without Jupyter).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const KERNEL_NAME = "dl4nlp";
export const DISPLAY_NAME = "TypeScript (dl4nlp)";
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const HERE = dirname(fileURLToPath(import.meta.url));

const USAGE = `Usage: node kernel-setup/install.mjs [options]
Registers the Jupyter kernelspec "${KERNEL_NAME}" (${DISPLAY_NAME}) that starts this project's tslab.

  --uninstall        remove the kernelspec instead (from the same place the options select)
  --python P         the Python whose Jupyter decides the data dir / sys.prefix (default: $DL4NLP_PYTHON,
                     ./.venv/bin/python, python3 on PATH, /usr/bin/python3: the first that has jupyter_core);
                     "--python none" asks no Python and uses the platform's default data dir
  --prefix DIR       install into DIR/share/jupyter/kernels/${KERNEL_NAME}
  --sys-prefix       install into <sys.prefix of the Python>/share/jupyter/kernels/${KERNEL_NAME}
  --user             install into the user's Jupyter data dir (the default)
  --quiet            print nothing on success
  --json             print one JSON line describing what was done (for scripts and tests)
  -h, --help         this text`;

class UsageError extends Error {}

/** Parses argv (without node and the script) into options; throws UsageError naming the bad argument. */
export function parseArgs(argv) {
  const opts = { uninstall: false, python: null, prefix: null, sysPrefix: false, user: false, quiet: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name) => {
      const eq = a.indexOf("=");
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === "--uninstall") opts.uninstall = true;
    else if (a === "--python" || a.startsWith("--python=")) opts.python = value("--python");
    else if (a === "--prefix" || a.startsWith("--prefix=")) opts.prefix = resolve(value("--prefix"));
    else if (a === "--sys-prefix") opts.sysPrefix = true;
    else if (a === "--user") opts.user = true;
    else if (a === "--quiet" || a === "-q") opts.quiet = true;
    else if (a === "--json") opts.json = true;
    else if (a === "-h" || a === "--help") opts.help = true;
    else throw new UsageError(`unknown argument "${a}"`);
  }
  if ([opts.prefix !== null, opts.sysPrefix, opts.user].filter(Boolean).length > 1) {
    throw new UsageError("choose at most one of --prefix, --sys-prefix, --user");
  }
  return opts;
}

/**
 * Asks a Python for its Jupyter data dir, sys.prefix, jupyter_core version and Jupyter data path (where its JupyterLab
 * looks for extensions); null if it has no jupyter_core.
 */
export function probePython(python) {
  const code =
    "import json, sys\nimport jupyter_core, jupyter_core.paths as p\n" +
    "print(json.dumps({'dataDir': p.jupyter_data_dir(), 'sysPrefix': sys.prefix, 'jupyterCore': jupyter_core.__version__," +
    " 'executable': sys.executable, 'dataPaths': p.jupyter_path()}))";
  const r = spawnSync(python, ["-c", code], { encoding: "utf8", timeout: 30_000 });
  if (r.error || r.status !== 0) return null;
  try {
    return { python, ...JSON.parse(r.stdout.trim().split("\n").pop()) };
  } catch {
    return null;
  }
}

/** Finds the Python with Jupyter in the documented order; returns {python, dataDir, sysPrefix, …} or null. */
export function findJupyterPython(explicit, env = process.env) {
  const chosen = explicit ?? env.DL4NLP_PYTHON ?? null;
  if (chosen === "none") return null;
  if (chosen) {
    const info = probePython(chosen);
    if (!info) {
      const from = explicit ? "--python" : "$DL4NLP_PYTHON";
      throw new UsageError(`${from} ${chosen}: cannot run it or it has no Jupyter (python -c "import jupyter_core" fails)`);
    }
    return info;
  }
  const venv =
    process.platform === "win32"
      ? join(PROJECT_ROOT, ".venv", "Scripts", "python.exe")
      : join(PROJECT_ROOT, ".venv", "bin", "python");
  const candidates = [
    ...(existsSync(venv) ? [venv] : []),
    "python3",
    ...(process.platform === "win32" ? [] : ["/usr/bin/python3"]),
  ];
  for (const c of candidates) {
    const info = probePython(c);
    if (info) return info;
  }
  return null;
}

/** The user's Jupyter data dir as jupyter_core computes it, for machines without Jupyter. */
export function defaultDataDir(env = process.env, platform = process.platform) {
  if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
  if (platform === "darwin") return join(homedir(), "Library", "Jupyter");
  if (platform === "win32") return join(env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "jupyter");
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "jupyter");
}

/** Absolute path of the project's tslab script (node_modules/tslab/bin/tslab, JavaScript); throws if not installed. */
export function tslabCommand(root = PROJECT_ROOT) {
  const script = join(root, "node_modules", "tslab", "bin", "tslab");
  if (existsSync(script)) return script;
  throw new Error(`tslab is not installed: ${script} does not exist (run "npm ci" in ${root} first)`);
}

/**
 * Absolute path of the project's kernel launcher (built by `npm run build`, which `npm ci` runs); it takes tslab's
 * kernel arguments. Throws if it is not built.
 */
export function launcherCommand(root = PROJECT_ROOT) {
  const launcher = join(root, "lib", "dist", "tools", "kernel", "launcher.js");
  if (existsSync(launcher)) return launcher;
  throw new Error(`the kernel launcher is not built: ${launcher} does not exist (run "npm run build" in ${root} first)`);
}

/** The environment variable that tells the kernel the `plotly` renderer is there (lib/display/static-image.ts). */
export const PLOTLY_RENDERER_ENV = "DL4NLP_PLOTLY_RENDERER";

/**
 * Whether the Jupyter of a probed Python (probePython) has the `plotly` package's JupyterLab / Notebook 7 renderer:
 * the labextension jupyterlab-plotly in one of its data folders. False when no Jupyter was probed.
 */
export function hasPlotlyRenderer(jupyter) {
  const dirs = jupyter?.dataPaths ?? [];
  return dirs.some((d) => existsSync(join(d, "labextensions", "jupyterlab-plotly", "package.json")));
}

/**
 * The kernel.json content: `node` by absolute path (the one running this script), then the kernel launcher. With
 * `plotlyRenderer`, the kernel's environment says so: a figure's first form then carries no HTML loader, so the PNG
 * that renderer writes into an output it drew never sits beside a loader script in a saved notebook.
 */
export function kernelJson(launcher, node = process.execPath, { plotlyRenderer = false, platform = process.platform } = {}) {
  return {
    argv: [...kernelCommand(launcher, node, platform), "kernel", "--config-path", "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    ...(plotlyRenderer ? { env: { [PLOTLY_RENDERER_ENV]: "1" } } : {}),
    metadata: { dl4nlp: { project: PROJECT_ROOT, installedBy: "kernel-setup/install.mjs" } },
  };
}

/** The shell script the kernelspec runs on Linux and macOS (kernel.sh: the start-up snapshot when there is a valid one). */
export const KERNEL_SCRIPT = join(HERE, "kernel.sh");

/**
 * How the kernelspec starts the launcher. On Linux and macOS: `/bin/sh kernel.sh NODE LAUNCHER SELECT`, which `exec`s
 * node from the launcher's V8 start-up snapshot when a valid one exists (decided at each start by SELECT, never at
 * install time, so a snapshot gone stale since is never used), else the launcher. On Windows (no /bin/sh): `NODE
 * LAUNCHER`, the ordinary start.
 */
export function kernelCommand(launcher, node = process.execPath, platform = process.platform) {
  if (platform === "win32") return [node, launcher];
  return ["/bin/sh", KERNEL_SCRIPT, node, launcher, join(dirname(launcher), "snapshot", "select.js")];
}

/** Logo files to copy next to kernel.json: tslab's own if it ships any (1.0.22 does not), else ours. */
function logoFiles() {
  const isLogo = (f) => /^logo-(svg\.svg|\d+x\d+\.png)$/.test(f);
  const tslabDir = join(PROJECT_ROOT, "node_modules", "tslab");
  for (const dir of [tslabDir, join(tslabDir, "python"), join(tslabDir, "assets")]) {
    const found = existsSync(dir) ? readdirSync(dir).filter(isLogo) : [];
    if (found.length > 0) return found.map((f) => join(dir, f));
  }
  return readdirSync(HERE)
    .filter(isLogo)
    .map((f) => join(HERE, f));
}

/** Writes a file atomically (temp file in the same folder + rename); returns false when the content was already equal. */
function writeIfChanged(path, content) {
  if (existsSync(path) && readFileSync(path).equals(Buffer.from(content))) return false;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
  return true;
}

/** Decides the kernels folder ("…/share/jupyter/kernels" or "<data dir>/kernels") and says why. */
export function resolveTarget(opts, env = process.env) {
  if (opts.prefix) {
    return { kernelsDir: join(opts.prefix, "share", "jupyter", "kernels"), where: `--prefix ${opts.prefix}`, jupyter: null };
  }
  const jupyter = findJupyterPython(opts.python, env);
  if (opts.sysPrefix) {
    if (!jupyter) throw new UsageError("--sys-prefix needs a Python with Jupyter, and none was found (give --python P)");
    return {
      kernelsDir: join(jupyter.sysPrefix, "share", "jupyter", "kernels"),
      where: `sys.prefix of ${jupyter.python}`,
      jupyter,
    };
  }
  if (jupyter) {
    return {
      kernelsDir: join(jupyter.dataDir, "kernels"),
      where: `Jupyter data dir of ${jupyter.python} (jupyter_core ${jupyter.jupyterCore})`,
      jupyter,
    };
  }
  return {
    kernelsDir: join(defaultDataDir(env), "kernels"),
    where: "default Jupyter data dir (no Jupyter found)",
    jupyter: null,
  };
}

export function install(opts, env = process.env) {
  const target = resolveTarget(opts, env);
  const dir = join(target.kernelsDir, KERNEL_NAME);
  const tslab = tslabCommand();
  const launcher = launcherCommand();
  // --prefix asks no Python where to install; the renderer is still looked for in the Jupyter of the Python found
  const jupyter = target.jupyter ?? (opts.prefix ? findJupyterPython(opts.python, env) : null);
  const plotlyRenderer = hasPlotlyRenderer(jupyter);
  mkdirSync(dir, { recursive: true });
  const replaced = otherCheckout(join(dir, "kernel.json"));
  let changed = writeIfChanged(
    join(dir, "kernel.json"),
    `${JSON.stringify(kernelJson(launcher, process.execPath, { plotlyRenderer }), null, 2)}\n`,
  );
  for (const logo of logoFiles()) {
    changed = writeIfChanged(join(dir, logo.split(/[\\/]/).pop()), readFileSync(logo)) || changed;
  }
  return {
    action: changed ? "installed" : "unchanged",
    kernel: KERNEL_NAME,
    dir,
    node: process.execPath,
    launcher,
    tslab,
    plotlyRenderer,
    where: target.where,
    ...(replaced ? { replaced } : {}),
  };
}

/**
 * The project folder of another checkout whose kernelspec is at `path` and that still exists (its kernel stops
 * starting its own code once this one is written), or null: none, ours, unreadable, or a checkout that is gone.
 */
function otherCheckout(path) {
  try {
    const project = JSON.parse(readFileSync(path, "utf8"))?.metadata?.dl4nlp?.project;
    return typeof project === "string" && project !== PROJECT_ROOT && existsSync(project) ? project : null;
  } catch {
    return null;
  }
}

export function uninstall(opts, env = process.env) {
  const target = resolveTarget(opts, env);
  const dir = join(target.kernelsDir, KERNEL_NAME);
  if (!existsSync(dir)) return { action: "absent", kernel: KERNEL_NAME, dir, where: target.where };
  rmSync(dir, { recursive: true, force: true });
  return { action: "removed", kernel: KERNEL_NAME, dir, where: target.where };
}

function describe(r) {
  switch (r.action) {
    case "installed":
      return (
        `Installed kernelspec "${KERNEL_NAME}" (${DISPLAY_NAME}) in ${r.dir}\n  (${r.where}); it starts ${r.node} ${r.launcher}` +
        (r.plotlyRenderer
          ? "\n  (the plotly package's renderer is installed: figures are first shown without an HTML loader)"
          : "") +
        (r.replaced
          ? `\n  It replaced the kernel of the checkout at ${r.replaced}: run that checkout's kernel-setup/install.mjs to switch back.`
          : "")
      );
    case "unchanged":
      return `Kernelspec "${KERNEL_NAME}" (${DISPLAY_NAME}) already up to date in ${r.dir}\n  (${r.where})`;
    case "removed":
      return `Removed kernelspec "${KERNEL_NAME}" from ${r.dir}\n  (${r.where})`;
    default:
      return `Kernelspec "${KERNEL_NAME}" is not installed in ${r.dir} (${r.where}): nothing to remove`;
  }
}

export function main(argv = process.argv.slice(2)) {
  let opts;
  try {
    opts = parseArgs(argv);
    if (opts.help) {
      console.log(USAGE);
      return 0;
    }
    const result = opts.uninstall ? uninstall(opts) : install(opts);
    if (opts.json) console.log(JSON.stringify(result));
    else if (!opts.quiet) console.log(describe(result));
    return 0;
  } catch (e) {
    console.error(`kernel-setup/install.mjs: ${e.message}`);
    if (e instanceof UsageError) console.error(`Run with --help for the options.`);
    return e instanceof UsageError ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
