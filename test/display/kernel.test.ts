import { PLOTLY_REL } from "./page-helpers";
import type { IDisplayData, IStream } from "@jupyterlab/nbformat";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SETTLE_MS } from "../../lib/tools/kernel/display-hooks";
import type { KernelClient } from "../../lib/tools/kernel/types";
import { createZmqKernel } from "../../lib/tools/kernel/zmq-client";

const NOTEBOOKS = `${process.cwd()}/notebooks`;
const LIVE_CLIENT = `${process.cwd()}/lib/dist/tools/render/live-client.js`;

// A real tslab kernel process (the project's zeromq client), working folder notebooks/ as under Jupyter; the cells
// import the built library by package name. The kernel's own static images are off in this block (tested below).
describe("display through a real tslab kernel", () => {
  let kernel: KernelClient;
  beforeAll(async () => {
    kernel = await createZmqKernel({ cwd: NOTEBOOKS, env: { ...process.env, DL4NLP_LIVE_STATIC_FIGURES: "0" } });
  });
  afterAll(async () => {
    await kernel?.shutdown();
  });

  it("show(figure) arrives as ONE display_data with Plotly JSON, HTML and text", async () => {
    const r = await kernel.execute(`import { show, activationFigure } from "dl4nlp";
const sig = { name: "sigmoid", f: (z: number) => 1 / (1 + Math.exp(-z)), df: (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2 };
show(activationFigure([sig]));`);
    expect(r.status).toBe("ok");
    expect(r.outputs).toHaveLength(1);
    const out = r.outputs[0] as IDisplayData;
    expect(out.output_type).toBe("display_data");
    expect(Object.keys(out.data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    expect(out.data["text/plain"]).toBe('Figure "sigmoid and its derivative": 2 traces (scatter ×2)');
    // plotly.js located relative to the kernel's folder, as the browser script needs it
    expect(out.data["text/html"]).toContain(`"abs":"${process.cwd()}/${PLOTLY_REL}","rel":"../${PLOTLY_REL}"`);
  });

  it("showMatrix and showTable arrive as single multi-MIME outputs", async () => {
    const r = await kernel.execute(`import { showMatrix, showTable, Tensor } from "dl4nlp";
showMatrix(Tensor.from([[1, 0], [0, 1]]), { name: "I" });
showTable([{ a: 1, b: "x" }]);`);
    expect(r.status).toBe("ok");
    expect(r.outputs.map((o) => Object.keys((o as IDisplayData).data).sort())).toEqual([
      ["text/latex", "text/plain"],
      ["text/html", "text/plain"],
    ]);
  });

  it("liveChart updates one output in place while the cell runs; the saved output is the final figure", async () => {
    const arrivals: { type: string; at: number }[] = [];
    const t0 = Date.now();
    const r = await kernel.execute(
      `import { liveChart } from "dl4nlp";
const chart = liveChart({ minIntervalMs: 0 });
// a synchronous training loop: 5 epochs of 300 ms each
for (let epoch = 1; epoch <= 5; epoch++) { const end = Date.now() + 300; while (Date.now() < end) {} chart.update({ epoch, loss: 1 / epoch }); }
chart.finish();`,
      { onOutput: (o) => arrivals.push({ type: o.output_type, at: Date.now() - t0 }) },
    );
    expect(r.status).toBe("ok");
    expect(arrivals.map((a) => a.type)).toEqual(["display_data", ...Array(4).fill("update_display_data")]);
    // sent as each epoch ends, not buffered to the end of the cell: four epochs (≥ 1.2 s) lie between first and last
    expect(arrivals[4].at - arrivals[0].at).toBeGreaterThan(1000);
    expect(r.outputs).toHaveLength(1);
    const fig = (r.outputs[0] as IDisplayData).data["application/vnd.plotly.v1+json"] as { data: { y: number[] }[] };
    expect(fig.data[0].y).toEqual([1, 0.5, 0.333333, 0.25, 0.2]);
  });
});

/** Processes whose command line contains `marker` (read from /proc: which processes a kernel left behind). */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) found.push(Number(pid));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

/** The parent pid and process group of a process, from /proc/PID/stat. */
function stat(pid: number): { ppid: number; pgrp: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return { ppid: Number(fields[1]), pgrp: Number(fields[2]) };
}

/** A process and all its descendants that are alive now. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const { ppid } = stat(Number(d));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // ended meanwhile
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}

/** Whether a process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

// The kernel's own static images: a renderer process with headless Chromium, started on the first figure.
describe("static images of figures from the kernel itself", { timeout: 240_000 }, () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dl4nlp-live-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A cell that shows a figure and waits until the kernel's renderer has answered everything before it (FIFO). */
  const showAndSettle = (values: number[]) => `import { show, softmaxBars } from "dl4nlp";
show(softmaxBars(${JSON.stringify(values)}));
const settled${values.join("")} = await require(${JSON.stringify(LIVE_CLIENT)}).liveRenderer().render({ data: [] }).catch(() => "");`;

  it("the figure's output is updated with its SVG; the renderer survives an interrupt and ends with the kernel", async () => {
    // Chromium through a link whose path is unique to this test: every process it starts carries the path in its argv
    const chromium = join(dir, "chromium-for-this-test");
    symlinkSync("/usr/bin/chromium", chromium);
    const kernel = await createZmqKernel({
      cwd: NOTEBOOKS,
      env: { ...process.env, DL4NLP_LIVE_STATIC_FIGURES: "1", DL4NLP_PLOTLY_RENDERER: "", CHROMIUM_PATH: chromium },
    });
    let started: number[] = [];
    try {
      const shown: string[][] = [];
      const first = await kernel.execute(showAndSettle([1, 2, 3]), {
        onOutput: (o) => void (o.output_type === "display_data" && shown.push(Object.keys((o as IDisplayData).data).sort())),
      });
      // first shown with the project's loader (no plotly renderer known), which the static form then drops
      expect(shown).toEqual([["application/vnd.plotly.v1+json", "text/html", "text/plain"]]);
      expect(first.status).toBe("ok");
      expect(first.outputs).toHaveLength(1);
      const data = (first.outputs[0] as IDisplayData).data;
      expect(Object.keys(data).sort()).toEqual(["application/vnd.plotly.v1+json", "image/svg+xml", "text/plain"]);
      expect(String(data["image/svg+xml"])).toMatch(/^<svg/);
      // the renderer (its argv names the Chromium link) and the Chromium processes it started
      const [renderer] = processesWith(chromium);
      expect(renderer).toBeDefined();
      started = tree(renderer);
      expect(started.length).toBeGreaterThan(2);

      // an interrupt as Jupyter sends it, SIGINT to the kernel's process group: the renderer (its own group) and its
      // Chromium live on, and so does the kernel
      const kernelGroup = stat(stat(renderer).ppid).pgrp;
      expect(stat(renderer).pgrp).not.toBe(kernelGroup);
      process.kill(-kernelGroup, "SIGINT");
      await new Promise((r) => setTimeout(r, 2000));
      expect(started.filter(alive)).toEqual(started);
      const second = await kernel.execute(showAndSettle([3, 2, 1]));
      expect(Object.keys((second.outputs[0] as IDisplayData).data)).toContain("image/svg+xml");
    } finally {
      await kernel.shutdown();
    }
    // no Chromium outlives its kernel
    expect(await until(() => started.filter(alive).length === 0, 60_000)).toBe(true);
  });

  it("an interrupt while a cell waits for its figure's image ends the cell at once; the kernel runs the next cell", async () => {
    // a Chromium that never starts (a hung browser, a machine too slow to launch it): the image stays pending, so the
    // cell's reply waits for it (at most SETTLE_MS) unless the interrupt ends the wait
    const hung = join(dir, "hung-chromium");
    writeFileSync(hung, "#!/bin/sh\nsleep 300\n", { mode: 0o755 });
    const kernel = await createZmqKernel({
      cwd: NOTEBOOKS,
      // the kernelspec says the plotly package's renderer is there (install.mjs)
      env: { ...process.env, DL4NLP_LIVE_STATIC_FIGURES: "1", DL4NLP_PLOTLY_RENDERER: "1", CHROMIUM_PATH: hung },
    });
    try {
      let shownAt = 0;
      const first = await kernel.execute(`import { show, softmaxBars } from "dl4nlp";\nshow(softmaxBars([1, 2, 3]));`, {
        onOutput: (o) => {
          if (o.output_type !== "display_data" || shownAt) return;
          shownAt = Date.now();
          // the cell's code has ended (show() returns at once); the kernel now waits for the image
          setTimeout(() => void kernel.interrupt(), 1000);
        },
      });
      const waited = Date.now() - shownAt;
      expect(shownAt, "the figure was never shown").toBeGreaterThan(0);
      // ended by the interrupt, not by the wait's limit (the hung browser never answers within it)
      expect(waited).toBeLessThan(SETTLE_MS);
      expect(first.status).not.toBe("dead");
      const figures = first.outputs.filter((o) => o.output_type === "display_data") as IDisplayData[];
      expect(figures).toHaveLength(1);
      // no image came; the first form has no loader script, as a static image is on its way (the renderer draws it live)
      expect(Object.keys(figures[0].data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/plain"]);
      // the kernel is usable: the next cell runs and prints
      const next = await kernel.execute(`console.log("after the interrupt", 6 * 7);`);
      expect(next.status).toBe("ok");
      expect(next.outputs.map((o) => String((o as IStream).text ?? "")).join("")).toContain("after the interrupt 42");
      // and does not wait again for the image the interrupt gave up (it would hold this reply for all of SETTLE_MS)
      expect(next.durationMs).toBeLessThan(SETTLE_MS);
    } finally {
      await kernel.shutdown();
    }
    // the hung browser does not outlive the kernel's renderer
    expect(await until(() => processesWith(hung).filter(alive).length === 0, 60_000)).toBe(true);
  });

  it("without Chromium the kernel says so once, and the figures stay interactive", async () => {
    const kernel = await createZmqKernel({
      cwd: NOTEBOOKS,
      // with the plotly renderer known too: no image will come, so the loader stays (front ends without that renderer)
      env: {
        ...process.env,
        DL4NLP_LIVE_STATIC_FIGURES: "1",
        DL4NLP_PLOTLY_RENDERER: "1",
        CHROMIUM_PATH: join(dir, "no-such-chromium"),
      },
    });
    try {
      const a = await kernel.execute(`import { show, softmaxBars } from "dl4nlp";
show(softmaxBars([1, 2])); show(softmaxBars([2, 1]));`);
      const b = await kernel.execute("show(softmaxBars([3, 1]));");
      const said = [...a.outputs, ...b.outputs]
        .filter((o) => o.output_type === "stream")
        .map((o) => String((o as IStream).text))
        .join("");
      expect(said.match(/get no static image/g)).toHaveLength(1);
      expect(said).toContain(`no Chromium at ${join(dir, "no-such-chromium")}`);
      const figures = [...a.outputs, ...b.outputs].filter((o) => o.output_type === "display_data") as IDisplayData[];
      expect(figures).toHaveLength(3);
      for (const f of figures) expect(Object.keys(f.data)).toContain("text/html");
    } finally {
      await kernel.shutdown();
    }
  });
});
