import type { DisplayData } from "../../lib/display/writer";

/**
 * Runs notebook cells through tslab's own converter and executor in this process (tslab/dist/converter and
 * tslab/dist/executor: the code the kernel runs, minus zeromq), with tslab's display writer pointed at an array.
 * `import ... from "dl4nlp"` loads lib/dist, so `npm run build` must have run.
 */
export interface InProcessTslab {
  run(
    code: string,
  ): Promise<{ ok: boolean; displays: { display: DisplayData; update: boolean }[]; stdout: string; stderr: string }>;
  close(): void;
}

export function createInProcessTslab(): InProcessTslab {
  const { createConverter } = require("tslab/dist/converter");
  const { createExecutor } = require("tslab/dist/executor");
  const jupyter = require("tslab/dist/jupyter");
  const node = createConverter({ isJS: false, isBrowser: false });
  const browser = createConverter({ isJS: false, isBrowser: true });
  let out: string[] = [];
  let err: string[] = [];
  const fmt = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : require("node:util").inspect(a))).join(" ");
  const executor = createExecutor(
    process.cwd(),
    { node, browser, close: () => {} },
    { log: (...a: unknown[]) => out.push(fmt(a)), error: (...a: unknown[]) => err.push(fmt(a)) },
  );
  return {
    async run(code) {
      const displays: { display: DisplayData; update: boolean }[] = [];
      out = [];
      err = [];
      // what tslab's kernel does at the start of every execute request
      jupyter.lastWriteDisplayData = (display: DisplayData, update: boolean) => displays.push({ display, update });
      // the kernel sends the process's console output to the cell's stdout; here it goes to the same array
      const log = console.log;
      console.log = (...a: unknown[]) => out.push(fmt(a));
      let ok: boolean;
      try {
        ok = await executor.execute(code);
      } finally {
        console.log = log;
      }
      return { ok, displays, stdout: out.join("\n"), stderr: err.join("\n") };
    },
    close() {
      jupyter.lastWriteDisplayData = null;
      executor.close();
      node.close();
      browser.close();
    },
  };
}
