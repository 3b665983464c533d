/**
 * @jupyterlab/services 7 narrates routine kernel-connection events on the console, written for a browser's dev tools:
 * "Starting WebSocket: ws://…" and "Kernel: restarting (ID)" (console.debug, which Node writes to stdout), "Connection
 * lost, reconnecting in N seconds." and 'The kernel "ID" does not exist on the server' (console.warn). In a CLI they
 * would land between the progress lines and in the summary. This filter drops exactly those messages and passes
 * everything else through unchanged; what they tell is reported through KernelClient.died instead.
 */
const ROUTINE = [
  /^Starting WebSocket: wss?:\/\//,
  /^Kernel: [a-z]+ \([0-9a-f-]+\)$/,
  /^Connection lost, reconnecting in \d+ seconds\.$/,
  /^The kernel "[0-9a-f-]+" does not exist on the server$/,
];

let installed = false;

/** Installs the filter on console.debug and console.warn once per process (idempotent). */
export function muteServicesRoutineLogs(): void {
  if (installed) return;
  installed = true;
  for (const method of ["debug", "warn"] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      if (args.length === 1 && typeof args[0] === "string" && ROUTINE.some((re) => re.test(args[0] as string))) return;
      original(...args);
    };
  }
}

/** Whether a console message is one of the routine ones muteServicesRoutineLogs drops (for tests). */
export function isServicesRoutineLog(message: string): boolean {
  return ROUTINE.some((re) => re.test(message));
}
