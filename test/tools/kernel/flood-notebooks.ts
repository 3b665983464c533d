import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kernelLauncher } from "../../../lib/tools/kernel/kernel-process";

/** The project root (where .venv and node_modules are). */
export const root = join(__dirname, "..", "..", "..");
/** The Python of the project's venv (Jupyter, nbclient, nbconvert). */
export const python = join(root, ".venv", "bin", "python");

/** Floods of several kinds: each prints `lines` lines to stdout in one cell. */
export const FLOODS = [
  { name: "600 console.log calls", lines: 600, source: "for (let i = 0; i < 600; i++) console.log(`line ${i}`);" },
  { name: "20,000 console.log calls", lines: 20_000, source: "for (let i = 0; i < 20000; i++) console.log(`line ${i}`);" },
  {
    name: "one 20 MB write",
    lines: 200_000,
    source: 'void process.stdout.write(`${"x".repeat(99)}\\n`.repeat(200000));',
  },
  {
    name: "fit logging 600 epochs",
    lines: 600,
    source: [
      'import { Tensor, Rng, mlp, fit, sgd, mse, logicTable } from "dl4nlp";',
      "const xor = logicTable('xor');",
      "const net = mlp([2, 2, 1], { rng: new Rng(1) });",
      "const history = fit(net, { x: xor.X, y: xor.y }, { epochs: 600, batchSize: 4, optimizer: sgd({ lr: 0.1 }), loss: mse, rng: new Rng(2),",
      "  onEpoch: (e) => console.log(`epoch ${e.epoch} loss ${e.loss}`) });",
    ].join("\n"),
  },
] as const;

/** A notebook (nbformat 4.5) with one code cell per source, kernelspec `kernelName`. */
export function notebookOf(sources: string[], kernelName = "tslab") {
  return {
    cells: sources.map((source, i) => ({
      cell_type: "code",
      execution_count: null,
      id: `cell-${i}`,
      metadata: {},
      outputs: [],
      source,
    })),
    metadata: {
      kernelspec: { display_name: "TypeScript", language: "typescript", name: kernelName },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/**
 * A private Jupyter data folder with one kernelspec `name` that starts the project's kernel launcher by absolute paths
 * (what kernel-setup/install.mjs registers): Jupyter clients started with JUPYTER_DATA_DIR=dir find it.
 */
export function launcherKernelspec(dir: string, name: string): void {
  const spec = join(dir, "kernels", name);
  mkdirSync(spec, { recursive: true });
  const kernel = {
    argv: [process.execPath, kernelLauncher(), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (launcher test)",
    language: "typescript",
    interrupt_mode: "signal",
  };
  writeFileSync(join(spec, "kernel.json"), `${JSON.stringify(kernel, null, 2)}\n`);
}

/** Runs test/tools/kernel/jupyter_client_check.py with a private JUPYTER_DATA_DIR; returns its JSON answer. */
export function jupyterCheck(dataDir: string, args: string[]): Record<string, unknown> {
  const r = spawnSync(python, [join(__dirname, "jupyter_client_check.py"), ...args], {
    encoding: "utf8",
    env: { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PLATFORM_DIRS: "1" },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`jupyter_client_check.py ${args[0]} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}");
}
