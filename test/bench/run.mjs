#!/usr/bin/env node
// npm run bench: runs every test/bench/*.bench.mjs in its own Node process, one after the other, and prints one table.
//
// Protocol for a bench file: it may print anything; each line of the form `BENCH_ROW {json}` is a table row, with
// the keys {bench, case, unit} plus one key per candidate (numbers), e.g.
//   BENCH_ROW {"bench":"lib","case":"matmul 256","unit":"GFLOP/s","dl4nlp":6.1,"tfjs-cpu":1.2}
// A bench file that exits non-zero is reported as failed; the others still run. The exit code is 1 if any failed.
// Benchmarks are never tests: nothing here asserts a speed.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows = [];
const failed = [];
for (const file of files) {
  console.log(`\n=== ${file}`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, file)], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let buffer = "";
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith("BENCH_ROW ")) rows.push({ bench: file.replace(".bench.mjs", ""), ...JSON.parse(line.slice(10)) });
        else console.log(line);
        nl = buffer.indexOf("\n");
      }
    });
    child.on("close", (c) => resolve(c));
  });
  if (code !== 0) failed.push(`${file} (exit ${code})`);
}

console.log(`\n${formatTable(rows)}`);
if (failed.length) console.log(`\nfailed: ${failed.join(", ")}`);
mkdirSync(join(root, "build", "bench"), { recursive: true });
writeFileSync(join(root, "build", "bench", "all.json"), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
process.exitCode = failed.length ? 1 : 0;

/** A plain-text table: bench, case, unit, then one column per candidate key in order of first appearance. */
export function formatTable(rs) {
  if (rs.length === 0) return "(no rows)";
  const fixed = ["bench", "case", "unit"];
  const keys = [...fixed];
  for (const r of rs) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  const cell = (v) => (v === undefined || v === null ? "" : typeof v === "number" ? fmt(v) : String(v));
  const table = [keys, ...rs.map((r) => keys.map((k) => cell(r[k])))];
  const widths = keys.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table
    .map((row) => row.map((c, i) => (i < fixed.length ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "))
    .join("\n");
}

function fmt(v) {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}
