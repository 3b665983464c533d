#!/usr/bin/env node
// Summarises a timeline of grade-timeline.cjs: the grader's fixed costs and, per submission (medians, ms), where its
// wall time went. Meaningful for --jobs 1 (with more jobs the phases of submissions overlap).
//   node test/bench/lib/grade-phases.mjs TIMELINE.jsonl
import { readFileSync } from "node:fs";

const events = readFileSync(process.argv[2], "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const subs = [];
let current;
for (const e of events) {
  if (e.ev === "sub0") current = { t0: e.t, execs: [] };
  else if (e.ev === "exec" && current) current.execs.push(e);
  else if (e.ev === "kdown" && current && current.down === undefined && current.execs.length) current.down = e.ms;
  else if (e.ev === "sub1" && current) {
    subs.push({ ...current, t1: e.t });
    current = undefined;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const isCall = (x) => x.what.startsWith('(0, eval)("this")');
const phases = {
  total: subs.map((s) => s.t1 - s.t0),
  "waiting for the kernel": subs.map((s) => s.execs[0].t - s.execs[0].ms - s.t0),
  prelude: subs.map((s) => s.execs[0].ms),
  "set-up cell": subs.map((s) => s.execs[1].ms),
  "student cells": subs.map((s) =>
    s.execs
      .slice(2)
      .filter((x) => !isCall(x))
      .reduce((a, x) => a + x.ms, 0),
  ),
  "call cells": subs.map((s) => s.execs.filter(isCall).reduce((a, x) => a + x.ms, 0)),
  shutdown: subs.map((s) => s.down ?? 0),
};
const start = events.find((e) => e.ev === "preload").t;
const exit = events.find((e) => e.ev === "exit").t;
console.log(`start of the grader to its first submission: ${subs[0].t0 - start} ms`);
console.log(`end of its last submission to its exit: ${exit - subs[subs.length - 1].t1} ms`);
console.log(`per submission (median of ${subs.length}, ms):`);
for (const [name, xs] of Object.entries(phases)) console.log(`  ${name.padEnd(24)} ${median(xs)}`);
