export { type CellRunOptions, ABORT_WINDOW_MS, executeCell, settle, settleMs, unreachable } from "./run-cell";
export { ExecutionSession } from "./session";
export { CellRequest, type KernelControls, type RequestTimings, replyStatus } from "./cell-request";
export { DisplayRegistry } from "./displays";
export { capMarker, capStreams } from "./output-cap";
