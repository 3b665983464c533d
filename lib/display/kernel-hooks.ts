/**
 * What the project's kernel (lib/tools/kernel/launcher.ts) asks of the display code a notebook has loaded: show a
 * cell's last value when it is a figure, draw what is held back when a cell's code ends, and wait for the static images
 * still being rendered before the kernel replies (a cell's execute_reply, shutdown_reply). The two meet through one
 * well-known global symbol, so the launcher imports no display code (it stays small, and a notebook that loaded its
 * dl4nlp from another folder still answers). Installed by kernel-display.ts when the display code loads.
 */
export const KERNEL_HOOKS = Symbol.for("dl4nlp.kernelHooks");

export interface KernelHooks {
  /** Shows `value` when dl4nlp has a display for it (a Plotly figure): true when shown, false to print it as usual. */
  displayValue(value: unknown): boolean;
  /** Draws the live charts' held-back epochs and starts delayed renders now; called when a cell's code has ended. */
  flush(): void;
  /**
   * flush(), then waits at most `timeoutMs` (or until `signal` aborts) for every static image started so far and not
   * given up; true when all were sent. A wait that times out or is aborted gives up the images it waited for: no later
   * settle waits for them (they are still sent if they come).
   */
  settle(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
}

/** The hooks of the display code loaded in this process, or undefined (no notebook has imported dl4nlp yet). */
export function kernelHooks(): KernelHooks | undefined {
  return (globalThis as Record<symbol, KernelHooks | undefined>)[KERNEL_HOOKS];
}

/** Makes `hooks` the ones the kernel calls (the display code loaded last wins). */
export function installKernelHooks(hooks: KernelHooks): void {
  (globalThis as Record<symbol, KernelHooks | undefined>)[KERNEL_HOOKS] = hooks;
}
