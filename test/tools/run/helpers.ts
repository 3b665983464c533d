import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The fixture notebooks (small notebooks for tslab). */
export const fixtures = join(__dirname, "..", "..", "fixtures", "notebooks");
export const fixture = (name: string) => join(fixtures, `${name}.ipynb`);
/** A fresh temporary folder for outputs. */
export const tempDir = () => mkdtempSync(join(tmpdir(), "dl4nlp-run-test-"));
