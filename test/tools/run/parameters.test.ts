import { describe, expect, it } from "vitest";
import { injectParameters, parametersCode, parseParameter } from "../../../lib/tools/run/parameters";

describe("parseParameter (-p name=value)", () => {
  it("types numbers, booleans, JSON and falls back to strings", () => {
    expect(parseParameter("eta=0.5")).toEqual(["eta", 0.5]);
    expect(parseParameter("epochs=-3")).toEqual(["epochs", -3]);
    expect(parseParameter("lr=1e-3")).toEqual(["lr", 0.001]);
    expect(parseParameter("verbose=false")).toEqual(["verbose", false]);
    expect(parseParameter("sizes=[4, 3, 1]")).toEqual(["sizes", [4, 3, 1]]);
    expect(parseParameter('opts={"a": 1}')).toEqual(["opts", { a: 1 }]);
    expect(parseParameter('quoted="12"')).toEqual(["quoted", "12"]);
    expect(parseParameter("name=iris run=2")).toEqual(["name", "iris run=2"]);
    expect(parseParameter("broken=[1, 2")).toEqual(["broken", "[1, 2"]);
  });
  it("refuses a missing '=' and a name that is not an identifier", () => {
    expect(() => parseParameter("eta")).toThrow('parameter "eta": expected name=value');
    expect(() => parseParameter("learning-rate=1")).toThrow(/"learning-rate" is not a TypeScript identifier/);
  });
});

describe("injectParameters", () => {
  const cell = (source: string, tags: string[] = []) => ({
    cell_type: "code" as const,
    id: source.slice(0, 5).replace(/\W/g, "x"),
    metadata: { tags },
    source,
    outputs: [],
    execution_count: null,
  });
  it("keeps the declaration keyword of the parameters cell (tslab allows redeclaring in a later cell)", () => {
    expect(parametersCode({ k: 2, s: "a" }, "const k = 1;\nlet s = 'x';")).toBe(
      '// Parameters injected by dl4nlp run\nconst k = 2;\nlet s = "a";',
    );
  });
  it("goes right after the parameters cell and replaces an earlier injected cell, as papermill does", () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [cell("intro"), cell("let k = 1;", ["parameters"]), cell("old", ["injected-parameters"]), cell("k")],
    };
    const out = injectParameters(nb, { k: 3 });
    expect(out.cells.map((c) => c.source)).toEqual([
      "intro",
      "let k = 1;",
      "// Parameters injected by dl4nlp run\nlet k = 3;",
      "k",
    ]);
    expect(nb.cells).toHaveLength(4);
  });
  it("goes first when no cell is tagged parameters", () => {
    const out = injectParameters({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell("a")] }, { k: 1 });
    expect(out.cells[0].metadata.tags).toEqual(["injected-parameters"]);
  });
});
