export type * from "./types";
export type { ConnectionInfo, Message, MessageHeader } from "./messages";
export { createZmqKernel, KNOWN_KERNELS, type ZmqKernelOptions } from "./zmq-client";
export { errorFromTslabText } from "./tslab-errors";
export { createServerKernel, type ServerKernelOptions } from "./server-client";
export { type ServerFactoryOptions, serverKernelFactory, serverPathFor } from "./server-factory";
