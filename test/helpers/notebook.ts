import type { ICodeCell, INotebookContent, IStream } from "@jupyterlab/nbformat";

/** A notebook of code cells on the dl4nlp kernel ("TypeScript (dl4nlp)"), ids c0, c1, …, stored without outputs. */
export function dl4nlpNotebook(cells: string[]): INotebookContent {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "dl4nlp", display_name: "TypeScript (dl4nlp)", language: "typescript" } },
    cells: cells.map((source, i) => ({
      id: `c${i}`,
      cell_type: "code",
      source,
      metadata: {},
      execution_count: null,
      outputs: [],
    })),
  };
}

/** Everything a code cell printed to stdout, its stream outputs joined. */
export function cellStdout(cell: ICodeCell): string {
  return cell.outputs
    .filter((o): o is IStream => o.output_type === "stream" && o.name === "stdout")
    .map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text))
    .join("");
}
