/**
 * Jupyter messaging protocol 5.3: the messages the runner sends and receives, with field comments from the spec
 * (https://jupyter-client.readthedocs.io/en/latest/messaging.html). Only what a headless runner needs.
 */

/** Every message carries a header; the reply's parent_header is the request's header. */
export interface MessageHeader {
  /** Unique id of this message (a UUID); replies and iopub messages point back to it through parent_header. */
  msg_id: string;
  /** Id of the client session; one per client. */
  session: string;
  /** User name, informative only. */
  username: string;
  /** ISO 8601 timestamp of when the message was created. */
  date: string;
  /** Type of the message, e.g. "execute_request", "stream". */
  msg_type: string;
  /** Protocol version, "5.3" here. */
  version: string;
}

/** A whole message as sent on the wire (after the identities, the delimiter and the HMAC signature). */
export interface Message<C = Record<string, unknown>> {
  header: MessageHeader;
  /** The header of the message that caused this one; empty object for requests. */
  parent_header: Partial<MessageHeader>;
  /** Free-form metadata; tslab sends {}. */
  metadata: Record<string, unknown>;
  /** The message body, typed per msg_type. */
  content: C;
  /** Extra binary buffers (unused by tslab). */
  buffers: Buffer[];
}

/** shell: execute_request. */
export interface ExecuteRequestContent {
  /** Source code to be executed by the kernel, one or more lines. */
  code: string;
  /** Execute as quietly as possible: no broadcast on iopub, no execute_result, no history. */
  silent: boolean;
  /** Store this execution in the kernel's history and increase the execution count. */
  store_history: boolean;
  /** Expressions to evaluate after the code (not supported by tslab). */
  user_expressions: Record<string, string>;
  /** Whether the kernel may prompt the user on stdin (never, headless). */
  allow_stdin: boolean;
  /** Abort the execution queue if an exception is encountered. */
  stop_on_error: boolean;
}

/** shell: execute_reply. tslab: status "error" carries no ename/evalue/traceback; "abort" after a previous error. */
export interface ExecuteReplyContent {
  /** "ok", "error" or "abort" (spec: aborted because of an earlier error). */
  status: "ok" | "error" | "abort";
  /** The global kernel counter, increased by each request that stores history (tslab: missing on abort). */
  execution_count?: number;
  /** With status "error", per spec; tslab leaves them out. */
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** shell: kernel_info_reply. */
export interface KernelInfoReplyContent {
  /** Version of the messaging protocol used by the kernel, e.g. "5.3". */
  protocol_version: string;
  /** The kernel implementation name, e.g. "tslab" or "jslab". */
  implementation: string;
  /** Implementation version number. */
  implementation_version: string;
  /** Information about the language of code for the kernel. */
  language_info: { name: string; version?: string; mimetype?: string; file_extension?: string };
  /** A banner of information about the kernel. */
  banner?: string;
}

/** iopub: status; "busy" when the kernel starts handling a request, "idle" when done. */
export interface StatusContent {
  /** "busy", "idle" or "starting". */
  execution_state: "busy" | "idle" | "starting";
}

/** iopub: stream. */
export interface StreamContent {
  /** "stdout" or "stderr". */
  name: "stdout" | "stderr";
  /** The text written to the stream. */
  text: string;
}

/** iopub: display_data and update_display_data. */
export interface DisplayDataContent {
  /** MIME type → data; a MIME bundle. */
  data: Record<string, unknown>;
  /** Any metadata that describes the data, per MIME type. */
  metadata?: Record<string, unknown>;
  /** transient.display_id names a display that update_display_data can replace. */
  transient?: { display_id?: string };
}

/** iopub: execute_result (tslab never sends it; other kernels do). */
export interface ExecuteResultContent extends DisplayDataContent {
  /** The counter of the request that produced it. */
  execution_count: number;
}

/** iopub: error (tslab never sends it; other kernels do). */
export interface ErrorContent {
  /** Exception name, as a string. */
  ename: string;
  /** Exception value, as a string. */
  evalue: string;
  /** The traceback, one string per frame, possibly with ANSI colours. */
  traceback: string[];
}

/** The five sockets and the key of a kernel's connection file. */
export interface ConnectionInfo {
  transport: "tcp";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  /** HMAC key; the empty string disables signing. */
  key: string;
  /** "hmac-sha256". */
  signature_scheme: "hmac-sha256";
  kernel_name?: string;
}
