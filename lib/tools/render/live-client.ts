import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { plotlySource } from "../../display/plotlyHtml";
import { findChromium } from "./chromium";
import type { RenderReply, RenderRequest } from "./live-protocol";

/** Renders figures to SVG in this process's renderer (live-server.ts), started on first use and reused. */
export interface LiveRenderer {
  /** The SVG of a figure (its stored Plotly JSON); rejects with the renderer's reason. */
  render(figure: unknown): Promise<string>;
  /** Why no figure can be rendered here (no Chromium, no plotly.js), or null. Known before any process starts. */
  readonly unavailable: string | null;
}

let instance: LiveRenderer | undefined;

/**
 * The renderer of this process (one per kernel). Its process is started detached (its own process group, so an
 * interrupt of the kernel, sent to the kernel's group, does not reach it) and unreferenced (a kernel shutting down does
 * not wait for it); it ends when the kernel's end closes its stdin.
 */
export function liveRenderer(): LiveRenderer {
  instance ??= createLiveRenderer();
  return instance;
}

function createLiveRenderer(): LiveRenderer {
  const chromium = findChromium();
  const plotly = plotlySource()?.absolutePath;
  const server = serverScript();
  const unavailable = !chromium.found
    ? `no Chromium at ${chromium.path} (install Debian's chromium package, or set CHROMIUM_PATH)`
    : !plotly
      ? "plotly.js-dist-min is not installed"
      : !server
        ? "the renderer script live-server.js is not built (npm run build)"
        : null;
  let child: ChildProcess | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve(svg: string): void; reject(e: Error): void }>();
  const start = (): ChildProcess => {
    const proc = spawn(process.execPath, [server as string, chromium.path, plotly as string], {
      detached: true,
      stdio: ["pipe", "pipe", "ignore"],
      windowsHide: true,
    });
    proc.unref();
    (proc.stdout as unknown as { unref(): void }).unref();
    (proc.stdin as unknown as { unref(): void }).unref();
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      let message: RenderReply;
      try {
        message = JSON.parse(line) as RenderReply;
      } catch {
        return;
      }
      const p = pending.get(message.id);
      pending.delete(message.id);
      if ("svg" in message) p?.resolve(message.svg);
      else p?.reject(new Error(message.error));
    });
    const fail = (why: string) => {
      if (child === proc) child = undefined;
      for (const p of pending.values()) p.reject(new Error(why));
      pending.clear();
    };
    proc.on("error", (e) => fail(`the figure renderer did not start: ${e.message}`));
    proc.on("exit", (code, signal) => fail(`the figure renderer ended (${signal ?? `exit code ${code}`})`));
    proc.stdin!.on("error", () => undefined);
    return proc;
  };
  return {
    unavailable,
    render(figure) {
      if (unavailable) return Promise.reject(new Error(unavailable));
      child ??= start();
      const id = nextId++;
      const request: RenderRequest = { id, figure };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child!.stdin!.write(`${JSON.stringify(request)}\n`);
      });
    },
  };
}

/** The compiled live-server.js beside this file, or (this file run from TypeScript sources, as in tests) in lib/dist. */
function serverScript(): string | null {
  const candidates = [
    join(__dirname, "live-server.js"),
    join(__dirname, "..", "..", "dist", "tools", "render", "live-server.js"),
  ];
  return candidates.find((p) => existsSync(p)) ?? null;
}
