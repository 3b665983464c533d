import { isAbsolute, relative, sep } from "node:path";
import { createServerKernel, type ServerKernelOptions } from "./server-client";
import type { KernelClient } from "./types";

/** Options of serverKernelFactory: where the server is, and how local notebook folders map onto it. */
export interface ServerFactoryOptions extends Omit<ServerKernelOptions, "kernelName" | "cwd"> {
  /**
   * The local folder the server serves as its root dir (same machine or a shared file system). A notebook folder below it
   * becomes the kernel's working folder on the server; without it (or for folders outside it) kernels start in the
   * server's root dir.
   */
  rootDir?: string;
  /** Use this kernelspec instead of the notebook's own (e.g. "tslab" on a server that does not have "dl4nlp"). */
  kernelName?: string;
}

/**
 * The server path (relative to its root dir, "/"-separated) for a local folder, or undefined when the folder is not
 * below rootDir: `serverPathFor("/srv/course", "/srv/course/notebooks")` → "notebooks".
 */
export function serverPathFor(rootDir: string | undefined, cwd: string): string | undefined {
  if (!rootDir) return undefined;
  const rel = relative(rootDir, cwd);
  if (rel === "") return "";
  if (rel.startsWith("..") || isAbsolute(rel)) return undefined;
  return rel.split(sep).join("/");
}

/**
 * A kernel factory for the runner (same shape as its default zeromq factory): each notebook gets a fresh kernel on the
 * Jupyter server (what `dl4nlp run --server URL --token T` needs; rootDir maps notebook folders onto the server).
 */
export function serverKernelFactory(
  options: ServerFactoryOptions,
): (o: { kernelName: string; cwd: string }) => Promise<KernelClient> {
  const { rootDir, kernelName: forced, ...server } = options;
  return ({ kernelName, cwd }) =>
    createServerKernel({ ...server, kernelName: forced ?? kernelName, cwd: serverPathFor(rootDir, cwd) });
}
