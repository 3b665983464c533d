// A real Jupyter server process for tests (`jupyter server` or `jupyter lab` from the project's .venv): a free port, a
// random token, its own process group, ready once GET /api/status answers, stopped with its kernels. JupyterLab's own
// set-up (isolated JUPYTER_* folders, extensions turned off, settings) is in ./jupyterlab.ts.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..", "..");
export const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");

export interface RunningServer {
  /** `http://127.0.0.1:<port>/` (with the trailing slash). */
  url: string;
  token: string;
  pid: number;
  /** Everything the server printed so far (for failure messages). */
  log(): string;
  /** SIGTERM to the server's process group (the server shuts its kernels down), SIGKILL after 15 s. Idempotent. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

/**
 * The environment of a Jupyter that reads and writes nothing of the user's: config, data and runtime folders under
 * `home` (JUPYTER_PLATFORM_DIRS=1), and, with `prefix`, the kernelspecs installed there (JUPYTER_PATH).
 */
export function isolatedJupyterEnv(home: string, prefix?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(prefix ? { JUPYTER_PATH: join(prefix, "share", "jupyter") } : {}),
    JUPYTER_CONFIG_DIR: join(home, "config"),
    JUPYTER_DATA_DIR: join(home, "data"),
    JUPYTER_RUNTIME_DIR: join(home, "runtime"),
    JUPYTER_PLATFORM_DIRS: "1",
  };
}

/**
 * Starts `jupyter <args(port, token)>` in `cwd` with `env`, in its own process group; resolves once GET /api/status
 * answers with the token. Throws (after stopping it) when the process exits first or does not answer in `timeoutMs`.
 */
export async function startJupyter(o: {
  /** The argv after `jupyter`, given the port and token chosen here. */
  args: (port: number, token: string) => string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<RunningServer> {
  if (!existsSync(JUPYTER)) throw new Error(`${JUPYTER} is missing: run kernel-setup/setup.sh`);
  const timeoutMs = o.timeoutMs ?? 90_000;
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const args = o.args(port, token);
  const proc: ChildProcess = spawn(JUPYTER, args, { cwd: o.cwd, env: o.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout?.on("data", (d) => {
    output += d;
  });
  proc.stderr?.on("data", (d) => {
    output += d;
  });
  let alive = true;
  const exited = new Promise<void>((res) =>
    proc.once("exit", () => {
      alive = false;
      res();
    }),
  );
  const stop = async () => {
    if (!alive || proc.pid === undefined) return;
    process.kill(-proc.pid, "SIGTERM");
    const killTimer = setTimeout(() => {
      if (alive && proc.pid !== undefined) process.kill(-proc.pid, "SIGKILL");
    }, 15_000);
    await exited;
    clearTimeout(killTimer);
  };
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive) throw new Error(`jupyter ${args[0]} exited with ${proc.exitCode} before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}api/status`, { headers: { Authorization: `token ${token}` } })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`jupyter ${args[0]} did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, token, pid: proc.pid!, log: () => output, stop };
}

/**
 * Starts `jupyter server` on 127.0.0.1 with a random port and token, root_dir `rootDir`, in its own process group, with
 * `env` over the test's own environment (JUPYTER_PATH/JUPYTER_DATA_DIR/...); resolves once GET /api/status answers.
 */
export function startJupyterServer(rootDir: string, env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<RunningServer> {
  return startJupyter({
    args: (port, token) => [
      "server",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      "--no-browser",
      "--allow-root",
      `--ServerApp.root_dir=${rootDir}`,
      `--IdentityProvider.token=${token}`,
    ],
    cwd: rootDir,
    env: { ...process.env, ...env },
    timeoutMs,
  });
}

/** GET /api/kernels: ids of the kernels running on the server. */
export async function runningKernels(server: RunningServer): Promise<string[]> {
  const r = await fetch(`${server.url}api/kernels`, { headers: { Authorization: `token ${server.token}` } });
  if (!r.ok) throw new Error(`GET /api/kernels: HTTP ${r.status}`);
  return ((await r.json()) as { id: string }[]).map((k) => k.id);
}
