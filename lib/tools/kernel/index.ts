export type * from "./types";
export type { ConnectionInfo, Message, MessageHeader } from "./messages";
export { createZmqKernel, KNOWN_KERNELS, type ZmqKernelOptions } from "./zmq-client";
export { errorFromTslabText } from "./tslab-errors";
