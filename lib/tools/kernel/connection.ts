import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConnectionInfo } from "./messages";

/** n free TCP ports on host, found by binding port 0 (all held open together, so they are distinct). */
async function freePorts(n: number, host = "127.0.0.1"): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, host, () => resolve(server));
      });
    }),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === "string") throw new Error("freePorts: no TCP address");
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** A fresh connection (5 free ports on 127.0.0.1, a random HMAC key) written to a connection file in the temp folder. */
export async function createConnectionFile(): Promise<{ info: ConnectionInfo; path: string; remove(): Promise<void> }> {
  const [shell, iopub, stdin, control, hb] = await freePorts(5);
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomUUID(),
    signature_scheme: "hmac-sha256",
  };
  const path = join(tmpdir(), `dl4nlp-kernel-${randomUUID()}.json`);
  await writeFile(path, JSON.stringify(info, null, 2), { mode: 0o600 });
  return { info, path, remove: () => rm(path, { force: true }) };
}

/** "tcp://127.0.0.1:PORT" for one of the connection's ports. */
export function endpoint(info: ConnectionInfo, port: number): string {
  return `${info.transport}://${info.ip}:${port}`;
}
