import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { prepareNotebooks } from "../../../lib/tools/html/prepare";

const CACHE = "build/test-course/executed";

/**
 * Every file of the built library that can change an execution, by content: a change there
 * makes the cache stale. The exporters (tools/html, tools/slides) only read executed notebooks and are left out.
 */
function libraryStamp(dir = "lib/dist"): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) {
        if (!/dist\/tools\/(html|slides)$/.test(p)) walk(p);
      } else if (name.endsWith(".js") || name.endsWith(".wasm"))
        parts.push(`${p}:${createHash("sha256").update(readFileSync(p)).digest("hex")}`);
    }
  };
  walk(dir);
  return parts.join("\n");
}

/**
 * The course notebooks executed by the runner (real tslab kernel), each once per notebook source and library build:
 * a notebook that executed cleanly is kept under build/test-course/executed keyed by the hash of its source and of
 * the built library, so the deck, page and PDF tests share one execution. Only clean executions are kept (a failure
 * is never cached); a failure throws, naming the notebook.
 */
export async function executedCourse(files: string[]): Promise<Map<string, INotebookContent>> {
  mkdirSync(CACHE, { recursive: true });
  const stamp = libraryStamp();
  const out = new Map<string, INotebookContent>();
  const missing: { file: string; cached: string }[] = [];
  for (const file of files) {
    const key = createHash("sha256").update(readFileSync(file)).update(stamp).digest("hex").slice(0, 16);
    const cached = resolve(CACHE, `${key}.ipynb`);
    try {
      out.set(file, JSON.parse(readFileSync(cached, "utf8")) as INotebookContent);
    } catch {
      missing.push({ file, cached });
    }
  }
  if (missing.length > 0) {
    const prepared = await prepareNotebooks(
      missing.map((m) => m.file),
      { execute: "always" },
    );
    prepared.forEach((p, i) => {
      if (p.problem || !p.notebook) throw new Error(`${missing[i].file} did not execute cleanly: ${p.problem ?? "no notebook"}`);
      const tmp = `${missing[i].cached}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(p.notebook));
      renameSync(tmp, missing[i].cached);
      out.set(missing[i].file, p.notebook);
    });
  }
  return out;
}
