import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StudentResult } from "../../../lib/tools/grade/grade-one";
import { packageRoot } from "../../../lib/tools/grade/grade-one";
import { type RunningServer, runningKernels, startJupyterServer } from "../../helpers/jupyter";
import { gradeCli } from "./grade-cli";

// `dl4nlp grade --server URL --token T`: the same grading, the kernels started on a real `jupyter server` (the
// project's "dl4nlp" kernelspec) instead of the local sandbox. Three submissions of the fixture class, known scores.
const root = join(__dirname, "..", "..", "..");
const master = join(root, "test/fixtures/grading/master.ipynb");
const EXPECTED: Record<string, number> = { correct: 8, partial: 3, "deleted-solution": 6, "print-env": 8 };

describe("dl4nlp grade --server against a real jupyter server", { timeout: 600_000 }, () => {
  let tmp: string;
  let server: RunningServer;
  let out: string;
  let run: ReturnType<typeof gradeCli>;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "dl4nlp-grade-server-"));
    const prefix = join(tmp, "prefix");
    const install = spawnSync(process.execPath, [join(root, "kernel-setup", "install.mjs"), "--prefix", prefix, "--quiet"], {
      encoding: "utf8",
    });
    if (install.status !== 0) throw new Error(`kernel-setup/install.mjs failed: ${install.stderr}`);
    // the server's root, where its kernels start: `import "dl4nlp"` must resolve there
    const rootDir = join(tmp, "root");
    mkdirSync(join(rootDir, "node_modules"), { recursive: true });
    symlinkSync(packageRoot(), join(rootDir, "node_modules", "dl4nlp"));
    server = await startJupyterServer(rootDir, {
      JUPYTER_PATH: join(prefix, "share", "jupyter"),
      JUPYTER_DATA_DIR: join(tmp, "data"),
      JUPYTER_RUNTIME_DIR: join(tmp, "runtime"),
      JUPYTER_CONFIG_DIR: join(tmp, "config"),
    });
    const classDir = join(tmp, "class");
    mkdirSync(classDir);
    for (const student of Object.keys(EXPECTED).filter((s) => s !== "print-env")) {
      copyFileSync(join(root, "test/fixtures/grading/class", `${student}.ipynb`), join(classDir, `${student}.ipynb`));
    }
    // right answers, and a cell that shows the kernel's whole environment (the server's token, if it is there)
    const nb = JSON.parse(readFileSync(join(root, "test/fixtures/grading/class/correct.ipynb"), "utf8"));
    nb.cells.push({
      cell_type: "code",
      id: "print-env",
      metadata: {},
      source: "throw new Error(JSON.stringify(process.env) + JSON.stringify(process.argv));",
      outputs: [],
      execution_count: null,
    });
    writeFileSync(join(classDir, "print-env.ipynb"), JSON.stringify(nb));
    out = join(tmp, "grades");
    run = gradeCli(master, classDir, out, ["--server", server.url, "--token", server.token, "--timeout", "30"]);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("scores each submission as the local sandbox does and says the isolation is the server's", () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      sandbox: string[];
      students: StudentResult[];
    };
    expect(Object.fromEntries(report.students.map((r) => [r.student, r.score]))).toEqual(EXPECTED);
    expect(report.sandbox).toEqual(["kernels on a Jupyter server: OS isolation is the server's"]);
    expect(String(run.stderr)).toContain("isolation is the server's");
  });

  it("the server's token never reaches a result or a feedback page", () => {
    const texts = [readFileSync(join(out, "report.json"), "utf8"), readFileSync(join(out, "feedback", "print-env.html"), "utf8")];
    for (const t of texts) expect(t).not.toContain(server.token);
  });

  it("shuts its kernels down on the server when done", async () => {
    expect(await runningKernels(server)).toEqual([]);
  });
});
