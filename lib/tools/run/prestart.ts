import { dirname, resolve } from "node:path";
import type { KernelClient } from "../kernel/types";
import { readNotebook } from "../nbformat/read";
import { kernelNameOf } from "./execute";
import type { KernelFactory } from "./types";

/**
 * Starts kernels one notebook ahead: while a notebook runs, the kernel for the next one in the queue is already
 * starting (tslab takes seconds to start, often longer than the cells of a short notebook take to run). Each notebook
 * still gets its own fresh kernel; `factoryFor(i)` hands the kernel started ahead for notebook i, or starts one.
 */
export class KernelPrestarter {
  private readonly ahead = new Map<number, Promise<KernelClient>>();
  constructor(
    private readonly files: string[],
    private readonly factory: KernelFactory,
  ) {}

  /** Begins starting the kernel of notebook i (read for its kernelspec; a file that cannot be read is left alone). */
  prestart(i: number): void {
    if (i >= this.files.length || this.ahead.has(i)) return;
    const file = this.files[i];
    const kernel = readNotebook(file).then((nb) => this.factory({ kernelName: kernelNameOf(nb), cwd: dirname(resolve(file)) }));
    kernel.catch(() => {}); // reported when the notebook is run (or never, for a file that cannot be read)
    this.ahead.set(i, kernel);
  }

  /** The factory for notebook i: its kernel started ahead if it matches what is asked, else a fresh start. */
  factoryFor(i: number): KernelFactory {
    return async (options) => {
      const early = this.ahead.get(i);
      this.ahead.delete(i);
      if (early) {
        const kernel = await early.catch(() => undefined);
        if (kernel) return kernel;
      }
      return this.factory(options);
    };
  }

  /** Shuts down kernels started ahead and never used. */
  async close(): Promise<void> {
    const left = [...this.ahead.values()];
    this.ahead.clear();
    await Promise.all(left.map((k) => k.then((c) => c.shutdown()).catch(() => {})));
  }
}
