import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");

export interface RunningServer {
  url: string;
  token: string;
  pid: number;
  /** Everything the server printed so far (for failure messages). */
  log(): string;
  /** SIGTERM to the server's process group (the server shuts its kernels down), SIGKILL after 10 s. Idempotent. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `jupyter server` on 127.0.0.1 with a random port and token, root_dir `rootDir`, in its own process group, with
 * JUPYTER_PATH/JUPYTER_DATA_DIR/JUPYTER_RUNTIME_DIR/JUPYTER_CONFIG_DIR from `env`; resolves once GET /api/status answers.
 */
export async function startJupyterServer(rootDir: string, env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<RunningServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const args = [
    "server",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    "--no-browser",
    "--allow-root",
    `--ServerApp.root_dir=${rootDir}`,
    `--IdentityProvider.token=${token}`,
  ];
  const proc: ChildProcess = spawn(JUPYTER, args, {
    cwd: rootDir,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout?.on("data", (d) => {
    output += d;
  });
  proc.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  let alive = true;
  void exited.then(() => {
    alive = false;
  });
  const url = `http://127.0.0.1:${port}/`;

  const stop = async () => {
    if (!alive || proc.pid === undefined) return;
    process.kill(-proc.pid, "SIGTERM");
    const killTimer = setTimeout(() => {
      if (alive && proc.pid !== undefined) process.kill(-proc.pid, "SIGKILL");
    }, 10_000);
    await exited;
    clearTimeout(killTimer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive) throw new Error(`jupyter server exited before it was ready:\n${output}`);
    try {
      const r = await fetch(`${url}api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`jupyter server did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, token, pid: proc.pid!, log: () => output, stop };
}

/** GET /api/kernels: ids of the kernels running on the server. */
export async function runningKernels(server: RunningServer): Promise<string[]> {
  const r = await fetch(`${server.url}api/kernels`, { headers: { Authorization: `token ${server.token}` } });
  if (!r.ok) throw new Error(`GET /api/kernels: HTTP ${r.status}`);
  return ((await r.json()) as { id: string }[]).map((k) => k.id);
}
