import type { ICodeCell, IDisplayData } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { executeNotebook } from "../../../lib/tools/run/execute";
import { notebookOf, root } from "../kernel/flood-notebooks";

const html = (cell: unknown) =>
  ((cell as ICodeCell).outputs.filter((o) => o.output_type === "display_data") as IDisplayData[]).map((o) => o.data["text/html"]);

describe("update_display_data reaches every earlier output with that display id (nbclient's display-id map)", {
  timeout: 300_000,
}, () => {
  it("updates in the same cell, from later cells, of several displays at once, from a timer, and liveChart's finish() in a later cell: all land on the cell that showed it", async () => {
    const nb = notebookOf([
      // 0: one display updated in its own cell
      'import * as tslab from "tslab";\nconst same = tslab.newDisplay();\nsame.html("same 1");\nsame.html("same 2");',
      // 1: a display shown here, updated by cells 2 and 3
      'const d = tslab.newDisplay();\nd.html("epoch 1");',
      'd.html("epoch 25");',
      'd.html("epoch 50");',
      // 4: a display updated by a timer while cell 5 runs
      'const t = tslab.newDisplay();\nt.html("timer 0");\nsetTimeout(() => t.html("timer fired"), 300);',
      "await new Promise((r) => setTimeout(r, 1500));",
      // 6, 7: two displays in two cells, both updated by cell 8; an unrelated output in cell 7 stays as it is
      'const a = tslab.newDisplay();\na.html("a 1");',
      'const b = tslab.newDisplay();\nb.html("b 1");\ntslab.display.html("unrelated");',
      'a.html("a 2");\nb.html("b 2");',
      // 9, 10: liveChart in one cell, chart.finish() in the next: the saved chart has all 50 epochs
      'import { liveChart } from "dl4nlp";\nconst chart = liveChart({ minIntervalMs: 0 });\nchart.update({ epoch: 1, loss: 1 });',
      "for (let e = 2; e <= 50; e++) chart.update({ epoch: e, loss: 1 / e });\nchart.finish();",
    ]);
    const r = await executeNotebook(nb as never, { cwd: root });
    expect(r.status, r.message).toBe("passed");
    const cells = r.notebook?.cells ?? [];
    expect(html(cells[0])).toEqual(["same 2"]);
    expect(html(cells[1])).toEqual(["epoch 50"]);
    expect(html(cells[2])).toEqual([]);
    expect(html(cells[4])).toEqual(["timer fired"]);
    expect(html(cells[6])).toEqual(["a 2"]);
    expect(html(cells[7])).toEqual(["b 2", "unrelated"]);
    expect(html(cells[8])).toEqual([]);
    const chart = JSON.stringify((cells[9] as ICodeCell).outputs);
    // the final chart (epoch 50) replaced the first one: traces are stored in plotly.js's typed-array form, so read the title
    expect(chart).toContain("Training: epoch 50");
    expect(chart).not.toContain("Training: epoch 1\\");
    expect((cells[10] as ICodeCell).outputs).toEqual([]);
  });
});
