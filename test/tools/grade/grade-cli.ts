import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..", "..", "..");

/** The real `dl4nlp grade --key MASTER CLASS_DIR --out OUT [options]`, as a grader types it (the built CLI). */
export function gradeCli(master: string, classDir: string, out: string, options: string[] = []) {
  return spawnSync(
    process.execPath,
    [join(root, "lib/bin/dl4nlp.js"), "grade", "--key", master, classDir, "--out", out, ...options],
    { encoding: "utf8", timeout: 900_000 },
  );
}
