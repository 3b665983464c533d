/**
 * The project's kernel: tslab, started through this launcher, which fixes in the kernel itself what every Jupyter client
 * (JupyterLab, Notebook 7, nbclient, nbconvert, papermill, the dl4nlp runner) would otherwise suffer:
 *
 * - **No lost iopub messages.** tslab publishes each write to stdout/stderr as its own iopub message and does not wait
 *   for zeromq's send; under a flood (hundreds of `console.log` calls at once, a 20 MB write) messages are dropped, the
 *   `idle` status among them, so the cell stays busy (`[*]`) for ever. Here the iopub socket has no high-water mark
 *   (messages queue in memory instead of being dropped), sends go out one after another, and stream writes of one cell
 *   are batched (stdout writes within BATCH_MS become one message, at most BATCH_CHARS each).
 * - **Traceback lines of the cell**: each cell runs as file `In[COUNT]` and its traceback lines are mapped from the
 *   compiled JavaScript back to the cell's own lines (cell-lines.ts).
 * - **Unhandled promise rejections reported on the cell that started them**, as well as on the running cell's stderr.
 * - **stop_on_error: false honoured**: an expected error (nbclient's raises-exception) does not abort the next cells.
 * - **execute_input** published when a cell starts (tslab sends none), so nbclient/nbconvert/papermill record counts.
 * - **A cell's figures complete when it replies**, a figure as a cell's last value shown, and pending static images
 *   sent before a shutdown_reply (display-hooks.ts).
 * - **`import … from "./helper.ts"`** works as `"./helper"` does (ts-extension-imports.ts).
 * - **"dl4nlp" resolves in any folder**: a notebook outside a project that installs it imports this package
 *   (own-package.ts).
 * - **A failed cell's error as an `error` message**, as IPython sends it: tslab writes the error to stderr, so Jupyter
 *   front ends showed a stderr stream (no red error area in JupyterLab, no `error` output in a notebook nbconvert saves
 *   with --allow-errors, nothing for tools that look for errors). Here the error tslab prints for a cell is held back
 *   from the stream and published as one `error` message (ename, evalue, traceback with the cell's own line), once;
 *   a thrown value that is not an Error (`throw "no data"`) is named as such ("Thrown string").
 * - **A protocol-complete execute_reply.** tslab's error reply has only `status`; the Jupyter protocol requires
 *   `ename`, `evalue` and `traceback`: those of the `error` message (see tslab-errors.ts).
 *
 * Usage (what the kernelspec runs): `node launcher.js kernel --config-path CONNECTION_FILE [--js]`, the arguments of
 * `tslab kernel`. The tslab of this package is started in this process (not a notebook-local one).
 */
import type { IOutput } from "@jupyterlab/nbformat";
import { AsyncLocalStorage, createHook } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { format, inspect, parseArgs, types } from "node:util";
import { cellFileName, type HelperCode, helperCodeOf, mapCellLines } from "./cell-lines";
import { keepDeclarationsOfFailedCells } from "./failed-cell-declarations";
import { flushDisplays, patchLastValue, patchShutdown, SETTLE_MS, settleDisplays } from "./display-hooks";
import { convertTrailingStderr } from "./outputs";
import { errorFromStacklessError, errorFromThrownValue, errorFromTslabText } from "./tslab-errors";
import { forwardOwnPackage, ownPackageRoot } from "./own-package";
import { exitWithParentIfAsked } from "./parent-watch";
import { withoutKernelFrames, withoutLibraryHeader } from "./tslab-errors";
import { allowTsExtensionImports } from "./ts-extension-imports";

/** Stream writes closer than this (milliseconds) are sent as one message. */
const BATCH_MS = 20;
/** Largest stream text sent in one message (characters); a bigger batch is sent at once. */
const BATCH_CHARS = 1 << 20;
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
function streamBatcher(write: WriteStream): { write: WriteStream; flush(): void } {
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
      super({ sendHighWaterMark: 0, linger: 0, ...options });
    }
    override send(frames: unknown): Promise<void> {
      const send = () => super.send(frames);
      const enqueue = (): Promise<void> => {
        const next = (queues.get(this) ?? Promise.resolve()).then(send, send);
        queues.set(this, next);
        const settled = () => {
          if (queues.get(this) === next) queues.delete(this);
        };
        next.then(settled, settled);
        return next;
      };
      if (queues.has(this)) return enqueue();
      // nothing queued: hand it to zeromq now (with no high-water mark it is taken at once), so a display update made
      // inside a synchronous loop (a live chart during fit) leaves while the loop still runs; refused (a send still
      // pending), it waits for the ones before it
      try {
        return send().catch(enqueue);
      } catch {
        return enqueue();
      }
    }
  }
  zmq.Publisher = QueuedPublisher;
}

/** A cell's request as the launcher tracks it: where its stream output goes, and whether it has ended. */
interface CellContext {
  write: WriteStream;
  ended: boolean;
  /** The cell's source and tslab's handler (whose execCount numbers the cell). */
  source: string;
  handler: { execCount?: number };
  /** What tslab's executor printed as the cell's error (a thrown value, or one line per TypeScript diagnostic). */
  errorText: string;
  /** The value the cell threw, when it is not an Error (a string, an object, null): named by errorFromThrownValue. */
  thrown?: { value: unknown };
}
/** The JavaScript and source of each cell run so far, by execution count, for mapping traceback lines. */
const cellCode = new Map<number, { javascript: string; source: string }>();
/** The JavaScript, file and text of each TypeScript file a cell imported, by the path of the JavaScript tslab runs. */
const helperCode = new Map<string, HelperCode>();

/** Remembers a file a cell imports, as tslab compiled it (see helperCode). */
function rememberHelper(path: string, javascript: string): void {
  const helper = helperCodeOf(path, javascript, (file) => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  });
  if (helper) helperCode.set(path, helper);
  else helperCode.delete(path);
}

/**
 * tslab runs each cell's JavaScript with vm.runInThisContext and the default file name "evalmachine.<anonymous>",
 * the same for every cell. Here a cell's code gets the file name In[COUNT], and its JavaScript is kept, so traceback
 * lines can be told apart by cell and mapped back to the cell's own lines (mapCellLines).
 */
function patchVm(vm: { runInThisContext: (code: string, options?: Record<string, unknown>) => unknown }): void {
  const original = vm.runInThisContext;
  vm.runInThisContext = (code, options) => {
    const cell = cellContext.getStore();
    const count = cell?.handler.execCount;
    if (!cell || count === undefined || !options?.breakOnSigint) return original(code, options);
    cellCode.set(count, { javascript: code, source: cell.source });
    return original(code, { ...options, filename: cellFileName(count) });
  };
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
  const raw = `UnhandledPromiseRejection: ${reason instanceof Error ? (reason.stack ?? String(reason)) : inspect(reason)}\n`;
  const unmapped = withoutKernelFrames(raw, kernelDirs());
  const text = mapCellLines(unmapped, cellCode, helperCode);
  const owner = promiseCell.get(promise);
  if (owner?.ended) owner.write("stderr", `(after this cell ended) ${text}`);
  // while a cell runs, tslab's process.stderr is the cell's stream, which maps a text itself (cellErrorText): mapped
  // twice, a line of the cell would be taken for a line of its JavaScript
  process.stderr.write(process.stderr.write === processStderrWrite ? text : unmapped);
}
/** The process's own stderr, before tslab replaces it with a cell's stream while the cell runs. */
const processStderrWrite = process.stderr.write;

/** The folders of the kernel's own code, whose stack frames a cell's traceback leaves out: tslab's and this one's. */
function kernelDirs(): string[] {
  kernelDirList ??= [`${dirname(require.resolve("tslab/package.json"))}/dist/`, `${__dirname}/`];
  return kernelDirList;
}
let kernelDirList: string[] | undefined;

/** What tslab's ZmqServer and JupyterHandlerImpl look like to the patches. */
interface TslabJupyter {
  JupyterHandlerImpl: { prototype: { handleExecute: HandleExecute; handleExecuteImpl: HandleExecute } };
  ZmqServer: { prototype: { handleExecute(sock: unknown, msg: ZmqMessage): Promise<void> } };
}
interface ZmqMessage {
  content: unknown;
  createReply(): { header: { msg_type: string }; content: unknown; signAndSend(key: string, sock: unknown): void };
}
/** For each execute_request's content: how to publish its execute_input. */
const inputPublishers = new WeakMap<object, (count: number) => void>();
/** For each execute_request's content: how to publish its error (an iopub `error` message). */
const errorPublishers = new WeakMap<object, (error: { ename: string; evalue: string; traceback: string[] }) => void>();

/**
 * Publishes `execute_input` (code and execution count) on iopub when a cell starts, as the protocol asks and tslab
 * does not: nbclient, nbconvert and papermill take the execution count of a cell from it.
 */
function patchExecuteInput(jupyter: TslabJupyter): void {
  const server = jupyter.ZmqServer.prototype;
  const handle = server.handleExecute;
  server.handleExecute = function (this: { iopub: unknown; connInfo: { key: string } }, sock, msg) {
    if (msg.content && typeof msg.content === "object") {
      inputPublishers.set(msg.content, (count) => {
        const input = msg.createReply();
        input.header.msg_type = "execute_input";
        input.content = { code: (msg.content as { code?: unknown }).code ?? "", execution_count: count };
        input.signAndSend(this.connInfo.key, this.iopub);
      });
      errorPublishers.set(msg.content, (error) => {
        const out = msg.createReply();
        out.header.msg_type = "error";
        out.content = error;
        out.signAndSend(this.connInfo.key, this.iopub);
      });
    }
    return handle.call(this, sock, msg);
  };
  const impl = jupyter.JupyterHandlerImpl.prototype;
  const run = impl.handleExecuteImpl;
  impl.handleExecuteImpl = function (this: { execCount: number }, req, writeStream, writeDisplayData) {
    inputPublishers.get(req as object)?.(this.execCount + 1);
    // the display's held-back state is drawn while this cell's writer is still the current one
    return run.call(this, req, writeStream, writeDisplayData).finally(flushDisplays);
  };
}

/** Wraps tslab's JupyterHandlerImpl.handleExecute: batched streams, and ename/evalue/traceback on error replies. */
function patchHandler(jupyter: TslabJupyter): void {
  const proto = jupyter.JupyterHandlerImpl.prototype;
  const original = proto.handleExecute;
  proto.handleExecute = async function (this: unknown, req, writeStream, writeDisplayData) {
    const streams: IOutput[] = [];
    const batch = streamBatcher(writeStream);
    const write: WriteStream = (name, raw) => {
      const text = name === "stderr" ? cellErrorText(raw) : raw;
      streams.push({ output_type: "stream", name: name as "stdout" | "stderr", text });
      if (streams.length > REMEMBERED_STREAMS) streams.shift();
      batch.write(name, text);
    };
    const display: WriteDisplayData = (data, update) => {
      batch.flush();
      streams.length = 0;
      writeDisplayData(data, update);
    };
    const source = String((req as { code?: unknown }).code ?? "");
    const context: CellContext = {
      write: (name, text) => writeStream(name, text),
      ended: false,
      source,
      handler: this as never,
      errorText: "",
    };
    // stop_on_error: false (nbclient sends it for cells tagged raises-exception) means the error must not abort the
    // requests after it; tslab aborts every request for 200 ms after an error (its queue stays rejected until a delayed
    // reset), so for such a request the reset happens at once
    const queue = (this as { execQueue?: { reset(ms?: number): void } }).execQueue;
    const reset = queue?.reset;
    if (queue && reset && (req as { stop_on_error?: unknown }).stop_on_error === false) {
      queue.reset = () => reset.call(queue);
    }
    try {
      const reply = await cellContext.run(context, () => original.call(this, req, write, display));
      await settleDisplays(SETTLE_MS);
      if (reply.status !== "error") return reply;
      batch.flush();
      // the error the executor printed for this cell (held back from stderr): published as an `error` message;
      // else (an error tslab printed elsewhere) the one at the end of the cell's stderr, already sent as a stream
      const thrown = context.thrown?.value;
      const printed = context.thrown
        ? isError(thrown)
          ? errorFromStacklessError(thrown)
          : errorFromThrownValue(thrown)
        : context.errorText === ""
          ? undefined
          : errorFromTslabText(cellErrorText(context.errorText));
      if (printed) errorPublishers.get(req as object)?.(errorContent(printed));
      const error = printed ?? convertTrailingStderr(streams).find((o) => o.output_type === "error");
      const e = error?.output_type === "error" ? error : undefined;
      return {
        ...reply,
        ename: String(e?.ename ?? "Error"),
        evalue: String(e?.evalue ?? ""),
        traceback: (e?.traceback as string[] | undefined) ?? [],
      };
    } finally {
      if (queue && reset) queue.reset = reset;
      batch.flush();
      context.ended = true;
    }
  };
}

/** An error text as a cell shows it: the kernel's frames left out, the cell's own lines (see cell-lines.ts). */
function cellErrorText(raw: string): string {
  return mapCellLines(withoutKernelFrames(withoutLibraryHeader(raw), kernelDirs()), cellCode, helperCode);
}

/** The content of an iopub `error` message for an nbformat error output. */
function errorContent(e: { ename: unknown; evalue: unknown; traceback?: unknown }) {
  return { ename: String(e.ename), evalue: String(e.evalue), traceback: (e.traceback as string[] | undefined) ?? [] };
}

/**
 * Wraps tslab's executor factory so that what the executor prints as a cell's error (`console.error(e)` for a thrown
 * value, one `console.error` per TypeScript diagnostic) is kept on the running cell instead of written to stderr; the
 * handler publishes it as an `error` message (patchHandler). Outside a cell, or after its reply, it is printed as
 * before. The student's own console.error is the global console's and stays a stderr stream.
 */
function holdBackCellErrors(executorModule: {
  createExecutor(rootDir: string, convs: unknown, console: unknown): unknown;
}): void {
  const create = executorModule.createExecutor;
  executorModule.createExecutor = (rootDir, convs, console) => {
    const own = console as { log(...args: unknown[]): void; error(...args: unknown[]): void };
    return create(rootDir, convs, {
      ...own,
      error: (...args: unknown[]) => {
        const cell = cellContext.getStore();
        if (!cell || cell.ended) return own.error(...args);
        // the executor prints a thrown value alone (`console.error(e)`), a diagnostic with a format string
        // and an Error whose stack was removed (`e.stack = undefined`), which Node prints as `[Error: msg]`
        if (args.length === 1 && (!isError(args[0]) || typeof args[0].stack !== "string")) cell.thrown = { value: args[0] };
        cell.errorText += `${format(...args)}\n`;
      },
    });
  };
}

/** Whether a value is an Error (of this realm or another). */
const isError = (value: unknown): value is Error => types.isNativeError(value) || value instanceof Error;

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
  // started by a dl4nlp tool: die with it, even when it is SIGKILLed (parent-watch.ts); Jupyter's kernels do not ask
  exitWithParentIfAsked();
  const tslabDir = dirname(require.resolve("tslab/package.json"));
  patchZeromq(require(require.resolve("zeromq", { paths: [tslabDir] })));
  // first, before tslab loads its compiler: `import … from "./helper.ts"` as `"./helper"` (ts-extension-imports.ts)
  const typescript = allowTsExtensionImports(
    require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }),
    `${tslabDir}/dist/converter.js`,
    rememberHelper,
  );
  const jupyter = require(`${tslabDir}/dist/jupyter.js`) as TslabJupyter;
  patchHandler(jupyter);
  patchExecuteInput(jupyter);
  patchShutdown(jupyter.ZmqServer as never);
  const executor = require(`${tslabDir}/dist/executor.js`);
  patchLastValue(executor);
  keepDeclarationsOfFailedCells(executor, typescript);
  holdBackCellErrors(executor);
  patchVm(require("node:vm"));
  // before tslab creates its compiler: "dl4nlp" for notebooks in folders that install none (own-package.ts)
  forwardOwnPackage(process.cwd(), ownPackageRoot(), typescript);
  const main = require(`${tslabDir}/dist/main.js`) as {
    startKernel(o: { configPath: string; enableFindLocal: boolean; jsKernel: boolean }): void;
  };
  main.startKernel({ configPath, enableFindLocal: false, jsKernel: values.js === true });
  trackRejections();
}

if (require.main === module) launch(process.argv.slice(2));
