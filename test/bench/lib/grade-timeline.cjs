// Where a `dl4nlp grade` run's wall time goes: a preload that writes a timeline (JSON lines) of the grader's steps.
//   DL4NLP_TIMELINE=/tmp/t.jsonl node -r ./test/bench/lib/grade-timeline.cjs lib/bin/dl4nlp.js grade …
//   node test/bench/lib/grade-phases.mjs /tmp/t.jsonl
// It wraps the compiled grader's module exports (the modules call each other through them): each submission's start
// and end (gradeSubmission), each sandboxed kernel's start and ready (createSandboxKernel), each request to it with
// the first characters of its code, and its shutdown. Times in ms since the process started. For measuring only.
const { appendFileSync } = require("node:fs");
const { join } = require("node:path");

const out = process.env.DL4NLP_TIMELINE;
const dist = join(__dirname, "..", "..", "..", "lib", "dist", "tools", "grade");
const now = () => Math.round(performance.now());
const log = (o) => appendFileSync(out, `${JSON.stringify({ t: now(), ...o })}\n`);

if (out) {
  log({ ev: "preload" });
  const sandbox = require(join(dist, "sandbox.js"));
  const gradeOne = require(join(dist, "grade-one.js"));
  const create = sandbox.createSandboxKernel;
  let kernels = 0;
  sandbox.createSandboxKernel = async (options) => {
    const id = ++kernels;
    const started = now();
    log({ ev: "kstart", id, slot: options.slot });
    const k = await create(options);
    log({ ev: "kready", id, ms: now() - started });
    const execute = k.execute;
    const shutdown = k.shutdown;
    let down = false;
    k.execute = async (code, o) => {
      const s = now();
      const r = await execute(code, o);
      log({ ev: "exec", id, ms: now() - s, what: code.slice(0, 40).replace(/\n/g, " "), status: r.status });
      return r;
    };
    k.shutdown = async () => {
      const s = now();
      await shutdown();
      if (!down) log({ ev: "kdown", id, ms: now() - s });
      down = true;
    };
    return k;
  };
  const grade = gradeOne.gradeSubmission;
  gradeOne.gradeSubmission = async (...args) => {
    const s = now();
    log({ ev: "sub0", student: args[3].student });
    const r = await grade(...args);
    log({ ev: "sub1", student: args[3].student, ms: now() - s });
    return r;
  };
  process.on("exit", () => log({ ev: "exit" }));
}
