import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..", "..");
export const INSTALL = join(ROOT, "kernel-setup", "install.mjs");
export const NBCONVERT_CONFIG = join(ROOT, "kernel-setup", "jupyter_nbconvert_config.py");
export const VENV_BIN = join(ROOT, ".venv", "bin");
export const JUPYTER = join(VENV_BIN, "jupyter");
export const PYTHON = join(VENV_BIN, "python");

/** Fails (not skips) when the project's Jupyter is missing: CI always installs it with kernel-setup/setup.sh. */
export function requireJupyter(): void {
  if (!existsSync(JUPYTER))
    throw new Error(`${JUPYTER} is missing: run kernel-setup/setup.sh (pip install -r kernel-setup/requirements.txt)`);
}

const made: string[] = [];

/** A fresh temp folder, removed by removeTempDirs() (call it in afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `dl4nlp-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Run {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs kernel-setup/install.mjs with --json and returns its parsed report. */
export function installer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { action: string; dir: string; where: string; tslab?: string; plotlyRenderer?: boolean; replaced?: string } {
  const r = run(process.execPath, [INSTALL, "--json", ...args], env);
  if (r.status !== 0) throw new Error(`install.mjs ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim());
}

/** `jupyter kernelspec list --json` with JUPYTER_PATH / JUPYTER_DATA_DIR as given. */
export function kernelspecs(
  env: NodeJS.ProcessEnv,
): Record<string, { resource_dir: string; spec: { argv: string[]; display_name: string; language: string } }> {
  const r = run(JUPYTER, ["kernelspec", "list", "--json"], env);
  if (r.status !== 0) throw new Error(`jupyter kernelspec list failed: ${r.stderr}`);
  return JSON.parse(r.stdout).kernelspecs;
}
