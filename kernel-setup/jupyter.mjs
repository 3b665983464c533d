#!/usr/bin/env node
// Runs Jupyter's own executors on tslab notebooks the way this project configures them, for comparisons (npm run bench)
// and for anyone who prefers nbconvert: the Jupyter of the Python install.mjs finds, the kernelspec "dl4nlp" in a private
// temp prefix (so nothing depends on what the user registered), and kernel-setup/jupyter_nbconvert_config.py.
//
//   node kernel-setup/jupyter.mjs nbconvert [--allow-errors] [--python P] --out DIR NOTEBOOK...
//   node kernel-setup/jupyter.mjs papermill [--python P] --out DIR NOTEBOOK...
//   node kernel-setup/jupyter.mjs versions [--python P]
//
// As a module: findJupyter(), jupyterEnv(), nbconvertCommand(), papermillCommand(), jupyterVersions().
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findJupyterPython, install } from "./install.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
export const NBCONVERT_CONFIG = join(HERE, "jupyter_nbconvert_config.py");

/** The Python with Jupyter (same search as install.mjs) and its `jupyter`/`papermill` launchers; throws if none. */
export function findJupyter(python) {
  const found = findJupyterPython(python ?? null);
  if (!found) {
    throw new Error("no Python with Jupyter found (looked at $DL4NLP_PYTHON, .venv/bin/python, python3, /usr/bin/python3)");
  }
  const bin = dirname(found.executable);
  const tool = (name) => (existsSync(join(bin, name)) ? join(bin, name) : null);
  return { ...found, jupyter: tool("jupyter"), papermill: tool("papermill") };
}

/**
 * Environment for Jupyter with the "dl4nlp" kernelspec installed into a fresh temp prefix (added in front of
 * JUPYTER_PATH). Returns { env, cleanup }.
 */
export function jupyterEnv(base = process.env) {
  const prefix = mkdtempSync(join(tmpdir(), "dl4nlp-jupyter-"));
  install({ prefix, python: "none" });
  const path = join(prefix, "share", "jupyter");
  const env = { ...base, JUPYTER_PATH: base.JUPYTER_PATH ? `${path}${delimiter}${base.JUPYTER_PATH}` : path };
  return { env, cleanup: () => rmSync(prefix, { recursive: true, force: true }) };
}

/** `jupyter nbconvert --to notebook --execute` with the project's config, writing the executed copies into outDir. */
export function nbconvertCommand(jupyter, notebooks, { outDir, allowErrors = false, kernelName = "dl4nlp" } = {}) {
  if (!jupyter.jupyter) throw new Error(`${jupyter.python} has no jupyter launcher next to it`);
  const args = ["nbconvert", "--to", "notebook", "--execute", "--config", NBCONVERT_CONFIG];
  args.push(`--ExecutePreprocessor.kernel_name=${kernelName}`, "--output-dir", resolve(outDir));
  if (allowErrors) args.push("--allow-errors");
  return { command: jupyter.jupyter, args: [...args, ...notebooks.map((n) => resolve(n))] };
}

/** One papermill command per notebook (papermill takes one input and one output). */
export function papermillCommand(jupyter, notebook, { outDir, kernelName = "dl4nlp" } = {}) {
  if (!jupyter.papermill) throw new Error(`${jupyter.python} has no papermill launcher next to it`);
  const out = join(resolve(outDir), basename(notebook));
  return { command: jupyter.papermill, args: ["--kernel", kernelName, "--no-progress-bar", resolve(notebook), out] };
}

/** Versions of the Jupyter packages of that Python ({name: version}, absent packages left out). */
export function jupyterVersions(jupyter) {
  const code =
    "import json, importlib.metadata as m\nout = {}\n" +
    "for n in ['jupyterlab', 'jupyter_server', 'jupyter_core', 'jupyter_client', 'nbconvert', 'nbclient', 'nbformat', 'papermill', 'notebook']:\n" +
    "    try: out[n] = m.version(n)\n    except m.PackageNotFoundError: pass\nprint(json.dumps(out))";
  const r = spawnSync(jupyter.python, ["-c", code], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${jupyter.python}: cannot read package versions: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function main(argv) {
  const [what, ...rest] = argv;
  let python;
  let outDir;
  let allowErrors = false;
  const notebooks = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--python") python = rest[++i];
    else if (rest[i] === "--out") outDir = rest[++i];
    else if (rest[i] === "--allow-errors") allowErrors = true;
    else if (rest[i].startsWith("--")) throw new Error(`unknown option "${rest[i]}"`);
    else notebooks.push(rest[i]);
  }
  const jupyter = findJupyter(python);
  if (what === "versions") {
    console.log(JSON.stringify({ python: jupyter.executable, ...jupyterVersions(jupyter) }, null, 2));
    return 0;
  }
  if (what !== "nbconvert" && what !== "papermill")
    throw new Error(`unknown command "${what ?? ""}": nbconvert, papermill or versions`);
  if (!outDir) throw new Error("--out DIR is required");
  if (notebooks.length === 0) throw new Error("no notebooks given");
  mkdirSync(outDir, { recursive: true });
  const { env, cleanup } = jupyterEnv();
  try {
    const commands =
      what === "nbconvert"
        ? [nbconvertCommand(jupyter, notebooks, { outDir, allowErrors })]
        : notebooks.map((n) => papermillCommand(jupyter, n, { outDir }));
    for (const { command, args } of commands) {
      const r = spawnSync(command, args, { env, stdio: "inherit" });
      if (r.status !== 0) return r.status ?? 1;
    }
    return 0;
  } finally {
    cleanup();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`kernel-setup/jupyter.mjs: ${e.message}`);
    process.exitCode = 2;
  }
}
