/**
 * The project's kernel: tslab, started through this launcher, which fixes in the kernel itself what every Jupyter client
 * (JupyterLab, Notebook 7, nbclient, nbconvert, papermill, the dl4nlp runner) would otherwise suffer:
 *
 * - **No lost iopub messages.** tslab publishes each write to stdout/stderr as its own iopub message and does not wait
 *   for zeromq's send; under a flood (hundreds of `console.log` calls at once, a 20 MB write) messages are dropped, the
 *   `idle` status among them, so the cell stays busy (`[*]`) for ever. Here the iopub socket has no high-water mark
 *   (messages queue in memory instead of being dropped), sends go out one after another, and stream writes of one cell
 *   are batched (stdout writes within BATCH_MS become one message, at most BATCH_CHARS each).
 * - **Unhandled promise rejections reported on the cell that started them**, as well as on the running cell's stderr.
 * - **A protocol-complete execute_reply.** tslab's error reply has only `status`; the Jupyter protocol requires
 *   `ename`, `evalue` and `traceback`. They are filled from the error tslab writes to stderr (see tslab-errors.ts).
 *
 * Usage (what the kernelspec runs): `node launcher.js kernel --config-path CONNECTION_FILE [--js]`, the arguments of
 * `tslab kernel`. The tslab of this package is started in this process (not a notebook-local one).
 */
import type { IOutput } from "@jupyterlab/nbformat";
import { AsyncLocalStorage, createHook } from "node:async_hooks";
import { dirname } from "node:path";
import { inspect } from "node:util";
import { parseArgs } from "node:util";
import { convertTrailingStderr } from "./outputs";

/** Stream writes closer than this (milliseconds) are sent as one message. */
export const BATCH_MS = 20;
/** Largest stream text sent in one message (characters); a bigger batch is sent at once. */
export const BATCH_CHARS = 1 << 20;
/** How many stream outputs of a cell are remembered to build the error reply (the error is the last stderr ones). */
const REMEMBERED_STREAMS = 64;

type WriteStream = (name: string, text: string) => void;
type WriteDisplayData = (data: unknown, update: boolean) => void;
interface ReplyContent {
  status: string;
  execution_count?: number;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
type HandleExecute = (req: unknown, writeStream: WriteStream, writeDisplayData: WriteDisplayData) => Promise<ReplyContent>;
interface SendingSocket {
  send(frames: unknown): Promise<void>;
}

/**
 * Batches the stdout writes of one cell: writes within BATCH_MS become one message. stderr is sent as written (after
 * the stdout batch), so each error text stays a message of its own.
 */
export function streamBatcher(write: WriteStream): { write: WriteStream; flush(): void } {
  let name = "";
  let text = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (text !== "") write(name, text);
    text = "";
  };
  return {
    write: (n, t) => {
      if (n !== "stdout") {
        // stderr is not batched: the error tslab writes for a failed cell must stay a message of its own
        flush();
        write(n, t);
        return;
      }
      name = n;
      text += t;
      if (text.length >= BATCH_CHARS) flush();
      else timer ??= setTimeout(flush, BATCH_MS);
    },
    flush,
  };
}

/** zeromq's Publisher with no high-water mark, whose sends wait for each other instead of failing while one is pending. */
function patchZeromq(zmq: Record<string, unknown>): void {
  const Publisher = zmq.Publisher as new (options?: Record<string, unknown>) => SendingSocket;
  // zeromq's sockets are not extensible: the queue of each lives here
  const queues = new WeakMap<SendingSocket, Promise<void>>();
  class QueuedPublisher extends Publisher {
    constructor(options: Record<string, unknown> = {}) {
      super({ sendHighWaterMark: 0, ...options });
    }
    override send(frames: unknown): Promise<void> {
      const send = () => super.send(frames);
      const next = (queues.get(this) ?? Promise.resolve()).then(send, send);
      queues.set(this, next);
      return next;
    }
  }
  zmq.Publisher = QueuedPublisher;
}

/** A cell's request as the launcher tracks it: where its stream output goes, and whether it has ended. */
interface CellContext {
  write: WriteStream;
  ended: boolean;
}
/** The cell whose code is running now (through every callback and promise it creates). */
const cellContext = new AsyncLocalStorage<CellContext>();
/** The cell each promise was created in. */
const promiseCell = new WeakMap<object, CellContext>();

/**
 * Reports an unhandled promise rejection on the cell that created the promise (its output goes to that cell's request,
 * so a client that still listens, such as the dl4nlp runner, files it under that cell), and, as tslab does, on the
 * stderr of the cell running now.
 */
function reportRejection(reason: unknown, promise: Promise<unknown>): void {
  const text = `UnhandledPromiseRejection: ${reason instanceof Error ? (reason.stack ?? String(reason)) : inspect(reason)}\n`;
  const owner = promiseCell.get(promise);
  if (owner?.ended) owner.write("stderr", `(after this cell ended) ${text}`);
  process.stderr.write(text);
}

/** Wraps tslab's JupyterHandlerImpl.handleExecute: batched streams, and ename/evalue/traceback on error replies. */
function patchHandler(jupyter: { JupyterHandlerImpl: { prototype: { handleExecute: HandleExecute } } }): void {
  const proto = jupyter.JupyterHandlerImpl.prototype;
  const original = proto.handleExecute;
  proto.handleExecute = async function (this: unknown, req, writeStream, writeDisplayData) {
    const streams: IOutput[] = [];
    const batch = streamBatcher(writeStream);
    const write: WriteStream = (name, text) => {
      streams.push({ output_type: "stream", name: name as "stdout" | "stderr", text });
      if (streams.length > REMEMBERED_STREAMS) streams.shift();
      batch.write(name, text);
    };
    const display: WriteDisplayData = (data, update) => {
      batch.flush();
      streams.length = 0;
      writeDisplayData(data, update);
    };
    const context: CellContext = { write: (name, text) => writeStream(name, text), ended: false };
    try {
      const reply = await cellContext.run(context, () => original.call(this, req, write, display));
      if (reply.status !== "error") return reply;
      const error = convertTrailingStderr(streams).find((o) => o.output_type === "error");
      const e = error?.output_type === "error" ? error : undefined;
      return {
        ...reply,
        ename: String(e?.ename ?? "Error"),
        evalue: String(e?.evalue ?? ""),
        traceback: (e?.traceback as string[] | undefined) ?? [],
      };
    } finally {
      batch.flush();
      context.ended = true;
    }
  };
}

/** Remembers the cell each promise is created in, and reports unhandled rejections on it (see reportRejection). */
function trackRejections(): void {
  createHook({
    init(_id, type, _trigger, resource) {
      if (type !== "PROMISE") return;
      const cell = cellContext.getStore();
      if (cell) promiseCell.set(resource as object, cell);
    },
  }).enable();
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", reportRejection);
}

/** Starts tslab's kernel with the patches applied; `argv` as for `tslab kernel`. */
export function launch(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "config-path": { type: "string" }, js: { type: "boolean" } },
  });
  const configPath = values["config-path"];
  if (positionals[0] !== "kernel" || !configPath) {
    process.stderr.write("usage: node launcher.js kernel --config-path CONNECTION_FILE [--js]\n");
    process.exitCode = 2;
    return;
  }
  const tslabDir = dirname(require.resolve("tslab/package.json"));
  patchZeromq(require(require.resolve("zeromq", { paths: [tslabDir] })));
  patchHandler(require(`${tslabDir}/dist/jupyter.js`));
  const main = require(`${tslabDir}/dist/main.js`) as {
    startKernel(o: { configPath: string; enableFindLocal: boolean; jsKernel: boolean }): void;
  };
  main.startKernel({ configPath, enableFindLocal: false, jsKernel: values.js === true });
  trackRejections();
}

if (require.main === module) launch(process.argv.slice(2));
