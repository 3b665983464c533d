/**
 * The grading key: a master notebook checked and compiled once per grading run. Refused with every problem named:
 * no test cells, malformed metadata, a student version given as the key (solution cells without solutions), a master
 * whose own solutions fail its own tests in the trusted realm. Keeps, per test, the compiled function and the calls it
 * made with the master's solution (asked of each student's kernel up front, so a correct submission needs one round).
 */
import type { INotebookContent } from "@jupyterlab/nbformat";
import { sourceText } from "../nbformat/read";
import { looksLikeStudentVersion, STUB } from "./assign";
import { type GradeMeta, gradeMeta, masterProblems, withoutMarkers } from "./metadata";
import { recordingBindings } from "./oracle";
import { cellScript, type CompiledTest, TrustedRealm, testScript, topLevelNames } from "./trusted-realm";
import type { Encoded } from "./values";

export interface KeyTest {
  gradeId: string;
  meta: GradeMeta;
  names: string[];
  js: string;
  /** The calls the test made with the master's solution, in order. */
  calls: { name: string; args: Encoded[] }[];
}

export interface GradingKey {
  /** Setup cells as trusted-realm scripts, in order. */
  setup: { js: string; where: string }[];
  tests: Map<string, KeyTest>;
  answerNames: string[];
  libraryRoot: string;
}

/** A trusted realm for one submission: the key's setup run afresh, every test compiled in it. */
export function realmFor(key: GradingKey): { realm: TrustedRealm; tests: Map<string, CompiledTest> } {
  const realm = new TrustedRealm(key.libraryRoot);
  for (const s of key.setup) realm.runScript(s.js, s.where);
  const tests = new Map<string, CompiledTest>();
  for (const t of key.tests.values()) tests.set(t.gradeId, realm.compileTest(t.gradeId, t.names, t.js));
  return { realm, tests };
}

/** Checks and compiles a master. Throws one Error listing what is wrong, naming the file and cells. */
export function prepareKey(master: INotebookContent, file: string, libraryRoot: string): GradingKey {
  const problems = masterProblems(master.cells, sourceText);
  if (problems.length > 0) throw new Error(`${file}: not a valid master notebook:\n  ${problems.join("\n  ")}`);
  const cells = master.cells.map((cell, i) => ({ cell, i, meta: gradeMeta(cell), source: withoutMarkers(sourceText(cell)) }));
  const testCells = cells.filter((c) => c.meta?.kind === "test");
  if (testCells.length === 0) {
    throw new Error(
      `${file}: the key has no test cells (cells with metadata.dl4nlp.kind "test" or nbgrader "grade": true with points): nothing to grade`,
    );
  }
  if (looksLikeStudentVersion(master)) {
    throw new Error(
      `${file}: this looks like a student version, not the master: its solution cells hold the stub (${STUB}) and no ` +
        "// BEGIN SOLUTION region. Pass the master notebook (the one `dl4nlp assign` was run on) as --key.",
    );
  }
  const code = cells.filter((c) => c.cell.cell_type === "code");
  const answerNames = [
    ...new Set(code.filter((c) => c.meta?.kind !== "setup" && c.meta?.kind !== "test").flatMap((c) => topLevelNames(c.source))),
  ];
  const where = (c: (typeof cells)[number]) => `${file}, cell ${c.i + 1}${c.meta ? ` (${c.meta.grade_id})` : ""}`;
  const compile = <T>(c: (typeof cells)[number], f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new Error(`${where(c)} does not compile: ${(e as Error).message}`);
    }
  };
  const setup = code
    .filter((c) => c.meta?.kind === "setup")
    .map((c) => ({ js: compile(c, () => cellScript(c.source, where(c))), where: where(c) }));
  const tests = new Map<string, KeyTest>();
  for (const c of testCells) {
    const meta = c.meta as GradeMeta;
    const { names, js } = compile(c, () => testScript(meta.grade_id, c.source, answerNames));
    tests.set(meta.grade_id, { gradeId: meta.grade_id, meta, names, js, calls: [] });
  }
  // The master against its own tests, in the trusted realm: every test must pass; the calls are recorded.
  const realm = new TrustedRealm(libraryRoot);
  const failures: string[] = [];
  for (const c of code) {
    if (c.meta?.kind === "test") {
      const t = tests.get(c.meta.grade_id) as KeyTest;
      const compiled = realm.compileTest(t.gradeId, t.names, t.js);
      const values = t.names.map((n) => realm.valueOf(n));
      const message = realm.runTest(compiled, recordingBindings(t.names, values, t.calls), 60_000);
      if (message !== undefined) failures.push(`${where(c)}: ${message}`);
      continue;
    }
    try {
      realm.runScript(
        compile(c, () => cellScript(c.source, where(c))),
        where(c),
      );
    } catch (e) {
      failures.push(`${where(c)} fails in the grader: ${(e as Error).message}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(
      `${file}: the key does not pass its own tests (is it the master, with its solutions?):\n  ${failures.join("\n  ")}`,
    );
  }
  return { setup, tests, answerNames, libraryRoot };
}
