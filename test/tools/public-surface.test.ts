// `dl4nlp/tools` as README shows it: the package entry resolves (lib/package.json's exports), and every name README's
// example imports from it is a function there, so the run, export, figure and grading tools are reachable from Node.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const requireFromRoot = createRequire(join(ROOT, "package.json"));

describe("dl4nlp/tools, the tools' public entry", () => {
  it("exports every name README's example imports from it, each a function (run, html, slides, render, grade, cli)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /import \{([^}]+)\} from "dl4nlp\/tools"/.exec(readme);
    expect(block, 'README imports nothing from "dl4nlp/tools"').not.toBeNull();
    const names = block![1].split(",").map((n) => n.trim());
    for (const kind of ["runNotebooks", "exportSite", "exportDecks", "addStaticFigures", "gradeAll", "assignFile", "cli"]) {
      expect(names).toContain(kind);
    }
    const tools = requireFromRoot("dl4nlp/tools") as Record<string, unknown>;
    expect(names.filter((n) => typeof tools[n] !== "function")).toEqual([]);
  });
});
