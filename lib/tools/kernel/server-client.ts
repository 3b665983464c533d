import type * as Services from "@jupyterlab/services";
import { ExecutionSession } from "../execute/session";
import type { Message } from "./messages";
import { muteServicesRoutineLogs } from "./server-log";
import type { ExecuteOptions, ExecuteResult, KernelClient, KernelDeath, KernelInfo } from "./types";

/** Options of createServerKernel. */
export interface ServerKernelOptions {
  /** Base URL of the Jupyter server (or JupyterHub single-user server / kernel gateway), e.g. "http://127.0.0.1:8888/". */
  baseUrl: string;
  /** The server's token (sent as "Authorization: token T", and as ?token=T on the websocket); default: ?token= of baseUrl. */
  token?: string;
  /** Kernelspec name on the server. Default "dl4nlp". */
  kernelName?: string;
  /**
   * Working folder of the kernel, as a path RELATIVE TO THE SERVER'S ROOT DIR (the REST API's `path`; a notebook path works
   * too: the server uses its folder). Default: the server's root dir.
   */
  cwd?: string;
  /** Give up starting after this many milliseconds. Default 60000 (a server may have to spawn the kernel first). */
  startTimeoutMs?: number;
  /** After a timeout's interrupt, wait this long before shutting the kernel down. Default 2000. */
  graceMs?: number;
  /** After execute_reply, wait this long for the idle status before finishing the cell anyway. Default 1000. */
  replyGraceMs?: number;
  /** A lost websocket that does not reconnect within this many milliseconds counts as a dead kernel. Default 15000. */
  reconnectTimeoutMs?: number;
  /** Keep @jupyterlab/services' routine console messages ("Starting WebSocket: …"); default: muted (see server-log.ts). */
  servicesLogs?: boolean;
}

/**
 * A KernelClient for a kernel started on a running Jupyter server through @jupyterlab/services 7 (REST + websocket):
 * the same ExecuteResult and outputs as the direct zeromq client (tslab's stderr error text becomes an `error` output via
 * the shared OutputCollector). Timeouts interrupt through the REST API, then shut the kernel down; a kernel the server
 * reports dead or restarted, or a lost connection, resolves `died` and ends the cell in progress with status "dead".
 */
export async function createServerKernel(options: ServerKernelOptions): Promise<KernelClient> {
  const services: typeof Services = require("@jupyterlab/services");
  if (!options.servicesLogs) muteServicesRoutineLogs();
  const kernelName = options.kernelName ?? "dl4nlp";
  const graceMs = options.graceMs ?? 2000;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  // Accept the URL as `jupyter server` prints it (http://127.0.0.1:8888/?token=T): the token moves to its setting.
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new Error(`Jupyter server URL "${options.baseUrl}": not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`Jupyter server URL "${options.baseUrl}": not an http:// or https:// URL`);
  }
  const token = options.token ?? url.searchParams.get("token") ?? "";
  url.search = "";
  url.hash = "";
  const baseUrl = url.href.endsWith("/") ? url.href : `${url.href}/`;
  const settings = services.ServerConnection.makeSettings({
    baseUrl,
    wsUrl: `ws${baseUrl.slice(4)}`,
    token,
    appendToken: true,
    WebSocket: require("ws"),
    fetch: globalThis.fetch,
    Request: globalThis.Request,
    Headers: globalThis.Headers,
  });

  const model = await startKernel(services, settings, kernelName, options.cwd);
  const kernel = new services.KernelConnection({ model, serverSettings: settings, handleComms: false });
  // After a server-side auto-restart, KernelConnection calls this.reconnect() in a fire-and-forget promise chain; when we
  // dispose the connection (the kernel is dead to us) that promise rejects and Node ends the process on the unhandled
  // rejection. This instance's reconnect() therefore never rejects; death is reported through `died` instead.
  const reconnect = kernel.reconnect.bind(kernel);
  kernel.reconnect = () => reconnect().catch(() => {});

  let death: KernelDeath | undefined;
  let shuttingDown = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let resolveDied!: (d: KernelDeath) => void;
  const died = new Promise<KernelDeath>((resolve) => {
    resolveDied = resolve;
  });
  const interrupt = async () => {
    await kernel.interrupt();
  };
  // A timeout's interrupt did not help: the kernel is shut down through the REST API (deleteKernel is hoisted).
  const kill = (reason: string) => {
    die(`kernel ${model.id} was shut down: ${reason}`);
    kernel.dispose();
    void deleteKernel();
  };
  const session = new ExecutionSession({ interrupt, kill }, { graceMs, replyGraceMs: options.replyGraceMs });
  const die = (reason: string) => {
    if (death || shuttingDown) return;
    death = { exitCode: null, signal: null, reason };
    clearTimeout(reconnectTimer);
    session.die(death);
    resolveDied(death);
  };
  // Every iopub message of the kernel, whichever request (finished or not) it belongs to.
  kernel.iopubMessage.connect((_, msg) => session.iopub(msg as unknown as Message));
  kernel.statusChanged.connect((_, status) => {
    if (status === "dead") die(`the Jupyter server reports kernel ${model.id} dead${kernelReason(kernel)}`);
    else if (status === "autorestarting" || status === "restarting") {
      die(`kernel ${model.id} died and the Jupyter server restarted it (its state is lost)`);
    }
  });
  // @jupyterlab/services retries a lost websocket 7 times with growing pauses (minutes in all): give up sooner.
  const reconnectTimeoutMs = options.reconnectTimeoutMs ?? 15_000;
  kernel.connectionStatusChanged.connect((_, status) => {
    clearTimeout(reconnectTimer);
    if (status === "disconnected") die(`lost the connection to the Jupyter server at ${baseUrl}`);
    else if (status === "connecting" && !death && !shuttingDown) {
      reconnectTimer = setTimeout(
        () => die(`lost the connection to the Jupyter server at ${baseUrl} (no reconnect within ${reconnectTimeoutMs} ms)`),
        reconnectTimeoutMs,
      );
    }
  });

  // DELETE /api/kernels/ID. While the server is still auto-restarting a crashed kernel, jupyter_client answers 500
  // (InvalidStateError: the restart's future is not done yet): try again for a while.
  async function deleteKernel() {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await withTimeout(services.KernelAPI.shutdownKernel(model.id, settings), 10_000, "shutdown");
        return;
      } catch (err) {
        const status = (err as { response?: Response }).response?.status;
        if (status === 404 || err instanceof services.ServerConnection.NetworkError || status === undefined) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  let info: KernelInfo;
  try {
    const reply = await withTimeout(
      Promise.race([
        kernel.info,
        died.then((d) => {
          throw new Error(d.reason);
        }),
      ]),
      startTimeoutMs,
      `kernel "${kernelName}" on ${baseUrl} did not answer kernel_info_request`,
    );
    info = {
      implementation: reply.implementation,
      languageName: reply.language_info.name,
      protocolVersion: reply.protocol_version,
    };
  } catch (err) {
    shuttingDown = true;
    kernel.dispose();
    await deleteKernel();
    throw err;
  }

  const execute = (code: string, opts: ExecuteOptions = {}): Promise<ExecuteResult> => {
    if (death || shuttingDown || kernel.isDisposed) {
      return Promise.resolve({ status: "dead", requestId: "", executionCount: null, outputs: [], durationMs: 0 });
    }
    const future = kernel.requestExecute(
      { code, silent: false, store_history: true, allow_stdin: false, stop_on_error: true, user_expressions: {} },
      true,
    );
    const result = session.start(future.msg.header.msg_id, opts);
    future.onReply = (msg) => session.reply(msg as unknown as Message);
    // The future's own end (done) is not waited on: the session finishes on the reply plus the idle or a grace period.
    future.done.catch(() => {});
    return result;
  };

  let shutdownDone: Promise<void> | undefined;
  const shutdown = () => {
    shutdownDone ??= (async () => {
      shuttingDown = true;
      clearTimeout(reconnectTimer);
      session.die({ exitCode: null, signal: null, reason: "the kernel was shut down" });
      kernel.dispose();
      await deleteKernel();
    })();
    return shutdownDone;
  };

  return { info, execute, interrupt, shutdown, died };
}

/** POST /api/kernels {name, path}, with errors that say what to fix. */
async function startKernel(
  services: typeof Services,
  settings: Services.ServerConnection.ISettings,
  kernelName: string,
  cwd: string | undefined,
): Promise<Services.Kernel.IModel> {
  const body = { name: kernelName, ...(cwd ? { path: cwd } : {}) } as Services.Kernel.IKernelOptions;
  try {
    return await services.KernelAPI.startNew(body, settings);
  } catch (err) {
    const status = (err as { response?: Response }).response?.status;
    if (err instanceof services.ServerConnection.NetworkError) {
      throw new Error(`cannot reach the Jupyter server at ${settings.baseUrl}: ${(err as Error).message}`);
    }
    if (status === 403 || status === 401) {
      const reason = refusalReason((err as Error).message);
      if (status === 403 && reason !== undefined && !/\btoken\b|xsrf|\blog ?in\b|credential|authenticat|password/i.test(reason)) {
        // refused for another reason than the token, e.g. Enterprise Gateway refusing kernels as root (EG_UNAUTHORIZED_USERS)
        throw new Error(
          `the Jupyter server at ${settings.baseUrl} refused to start kernel "${kernelName}" (HTTP 403): ${reason}`,
        );
      }
      throw new Error(
        `the Jupyter server at ${settings.baseUrl} refused the token (HTTP ${status}${reason ? `: ${reason}` : ""}): check --token`,
      );
    }
    if (status === 404 || status === 500) {
      const names = await services.KernelSpecAPI.getSpecs(settings).then(
        (s) => Object.keys(s.kernelspecs).join(", "),
        () => "unknown",
      );
      throw new Error(
        `the Jupyter server at ${settings.baseUrl} could not start kernel "${kernelName}" (HTTP ${status}; its kernelspecs: ${names}). ` +
          `Register ours there with: node kernel-setup/install.mjs --python <that server's python>`,
      );
    }
    throw new Error(`starting kernel "${kernelName}" on ${settings.baseUrl} failed: ${(err as Error).message}`);
  }
}

/**
 * The server's own reason for a 401/403 (the "message" of its JSON body, as @jupyterlab/services passes it on), one line,
 * at most 300 characters, control characters dropped; undefined when the server gave none beyond the status
 * (jupyter server's bare "Forbidden" for a wrong token).
 */
function refusalReason(message: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters from the server are dropped
  const line = message.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  if (line === "" || /^(invalid response: )?(\d{3}\b.*|forbidden|unauthorized)$/i.test(line)) return undefined;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function kernelReason(kernel: Services.Kernel.IKernelConnection): string {
  const model = (kernel as unknown as { _model?: { reason?: string } })._model;
  return model?.reason ? ` (${model.reason})` : "";
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
