// The interactive panel: controls, run loop and views, on the library's browser build. Its state is mirrored on the
// root element (data-epoch, data-train-loss, data-test-loss, ...) for tests and for anyone scripting a page.
import { Tensor } from "../../tensor/tensor";
import { settingsToCode } from "../code";
import { type Bounds, boundaryPixels, boundsOf, gridInputs, layerOutputs, unitPixels } from "../grid";
import { GridForward } from "../grid-forward";
import { CLASS_COLORS, classCss } from "../palette";
import { PerceptronReplay } from "../perceptron";
import {
  ACTIVATIONS,
  changedSettings,
  DATASETS,
  defaultSettings,
  IRIS_FEATURES,
  normalizeSettings,
  OPTIMIZERS,
  OUTPUTS,
  type PlaygroundSettings,
} from "../settings";
import { Trainer } from "../trainer";
import { Diagram } from "./diagram";
import { button, canvas, el, field, numberInput, select } from "./dom";
import { drawAxes, drawLine, drawLossCurves, drawPixels, drawPoints, type LossPoint, pointsLayer, ringPoint } from "./views";

const BOUNDARY_SIZE = 300;
const HSPACE_SIZE = 150;
const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200];

/** The settings fields that rebuild the network and data when changed (everything but lr and speed). */
type Field = keyof PlaygroundSettings;

export class PlaygroundPanel {
  settings: PlaygroundSettings;
  trainer: Trainer | null = null;
  replay: PerceptronReplay | null = null;
  playing = false;
  /** Frames drawn since the last reset (for the benchmark). */
  frames = 0;
  private raf = 0;
  private bounds: Bounds = { x0: -1, x1: 1, y0: -1, y1: 1 };
  private grid: Tensor = new Tensor([1, 2]);
  private inputPixels: Uint8ClampedArray[] = [];
  /** The grid through the network, into buffers reused every frame; the pixel buffers of the maps, likewise. */
  private forward = new GridForward(this.grid);
  private boundaryBuffer = new Uint8ClampedArray(4);
  private unitBuffers: Uint8ClampedArray[] = [];
  /** The data points and axes over the boundary, drawn once per reset. */
  private points: HTMLCanvasElement | null = null;
  /** What the settings and code boxes show, to rewrite them only when it changes. */
  private shown = "";
  private lossPoints: LossPoint[] = [];
  private liveEdits = false;
  private readonly boundary: HTMLCanvasElement;
  private readonly hspace: HTMLCanvasElement;
  private readonly hspaceNote: HTMLElement;
  private readonly curves: HTMLCanvasElement;
  private readonly curvesCaption: HTMLElement;
  private readonly diagram: Diagram;
  private readonly epochOut: HTMLElement;
  private readonly lossOut: HTMLElement;
  private readonly status: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly codeBox: HTMLTextAreaElement;
  private readonly settingsBox: HTMLTextAreaElement;
  private readonly message: HTMLElement;
  private readonly perceptronInfo: HTMLElement;
  private readonly controls = new Map<Field, HTMLInputElement | HTMLSelectElement>();
  private readonly networkOnly: HTMLElement[] = [];
  private readonly irisOnly: HTMLElement[] = [];

  constructor(
    readonly root: HTMLElement,
    settings: PlaygroundSettings,
  ) {
    this.settings = settings;
    root.classList.add("pg-root");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", settings.title || "Playground: a neural network training in your browser");
    // JupyterLab: keys pressed inside the panel are not notebook shortcuts; decks: not slide navigation
    root.setAttribute("data-lm-suppress-shortcuts", "true");
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") (document.activeElement as HTMLElement | null)?.blur();
      else e.stopPropagation();
    });

    this.boundary = canvas(
      BOUNDARY_SIZE,
      BOUNDARY_SIZE,
      "decision boundary: the network's output over the input plane, with the data points",
      "pg-boundary",
    );
    this.hspace = canvas(
      HSPACE_SIZE,
      HSPACE_SIZE,
      "hidden space h: the points as the hidden layer sees them, with the output's boundary",
      "pg-hspace",
    );
    this.hspaceNote = el("p", { class: "pg-note" });
    this.curves = canvas(BOUNDARY_SIZE, 90, "loss curves: training loss solid, test loss dashed, against epochs", "pg-curves");
    this.curvesCaption = el("p", { class: "pg-note pg-curves-caption" });
    this.diagram = new Diagram({ setHidden: (hidden) => this.change({ hidden }) }, settings.hidden, 1);
    this.epochOut = el("output", { class: "pg-epoch", "aria-label": "epoch" });
    this.lossOut = el("output", { class: "pg-loss" });
    this.status = el("p", { class: "pg-status", role: "status", "aria-live": "polite" });
    this.message = el("p", { class: "pg-message", role: "alert" });
    this.perceptronInfo = el("div", { class: "pg-perceptron", "aria-live": "polite" });

    // run controls
    this.playButton = button("▶ Play", "play: train continuously");
    this.playButton.classList.add("pg-play");
    this.playButton.addEventListener("click", () => (this.playing ? this.pause() : this.play()));
    const stepButton = button("Step", "one step: one mini-batch (perceptron: one sample)");
    stepButton.classList.add("pg-step");
    stepButton.addEventListener("click", () => this.runSteps(1, true));
    const epochButton = button("Epoch", "one epoch: to the end of the current pass over the data");
    epochButton.classList.add("pg-epoch-button");
    epochButton.addEventListener("click", () => this.runEpoch());
    const resetButton = button("↺ Reset", "reset: new weights from the seed, epoch 0");
    resetButton.classList.add("pg-reset");
    resetButton.addEventListener("click", () => this.reset());
    const speed = select(
      SPEEDS.map((v) => [String(v), `${v} step${v === 1 ? "" : "s"}/frame`] as const),
      String(SPEEDS.includes(settings.stepsPerFrame) ? settings.stepsPerFrame : 10),
    );
    speed.addEventListener("change", () => {
      this.settings = { ...this.settings, stepsPerFrame: Number(speed.value) };
      this.showSettings();
    });
    this.controls.set("stepsPerFrame", speed);
    const run = el("div", { class: "pg-run", role: "toolbar", "aria-label": "run controls" }, [
      resetButton,
      this.playButton,
      stepButton,
      epochButton,
      field("speed", speed),
      el("span", { class: "pg-counter" }, ["epoch ", this.epochOut]),
      this.lossOut,
    ]);

    // settings controls
    const dataControls = el("fieldset", { class: "pg-fieldset" }, [el("legend", { text: "Data" })]);
    dataControls.append(
      this.selectField("mode", "mode", [
        ["network", "network (MLP)"],
        ["perceptron", "perceptron rule"],
      ]),
      this.selectField(
        "data",
        "data set",
        Object.entries(DATASETS).map(([k, v]) => [k, v.label]),
      ),
      this.numberField("points", "points", 8, 5000, 1),
      this.numberField("noise", "noise", 0, 2, 0.05),
      this.numberField("testFraction", "test share", 0, 0.9, 0.1),
    );
    const featureOptions = IRIS_FEATURES.map((f, i) => [String(i), f] as const);
    for (const k of [0, 1] as const) {
      const s = select(featureOptions, String(settings.irisFeatures[k]));
      s.addEventListener("change", () => {
        const f: [number, number] = [...this.settings.irisFeatures];
        f[k] = Number(s.value);
        this.change({ irisFeatures: f });
      });
      const row = field(`Iris feature ${k + 1}`, s);
      this.irisOnly.push(row);
      dataControls.append(row);
    }
    const netControls = el("fieldset", { class: "pg-fieldset" }, [el("legend", { text: "Network and training" })]);
    const netRows = [
      this.selectField(
        "activation",
        "activation",
        ACTIVATIONS.map((a) => [a, a]),
      ),
      this.selectField(
        "output",
        "output + loss",
        Object.entries(OUTPUTS).map(([k, v]) => [k, v.label]),
      ),
      this.selectField(
        "optimizer",
        "optimizer",
        Object.entries(OPTIMIZERS).map(([k, v]) => [k, v]),
      ),
      this.numberField("batchSize", "batch size", 1, 5000, 1),
      this.numberField("l2", "L2 λ", 0, 10, "any"),
    ];
    this.networkOnly.push(...netRows);
    // one learning rate η in both modes: the optimizer's, or the perceptron rule's
    const lrRow = this.numberField("lr", "learning rate η", 0, 100, "any");
    netControls.append(...netRows.slice(0, 3), lrRow, ...netRows.slice(3), this.numberField("seed", "seed", 0, 2 ** 31 - 1, 1));

    // settings and code
    this.settingsBox = el("textarea", { class: "pg-settings-text", rows: 6, spellcheck: "false" });
    const apply = button("Apply settings", "restore the panel from the settings text");
    apply.addEventListener("click", () => {
      try {
        this.restore(JSON.parse(this.settingsBox.value));
      } catch (e) {
        this.message.textContent = `Settings not applied: ${(e as Error).message}`;
      }
    });
    this.codeBox = el("textarea", { class: "pg-code-text", rows: 8, readonly: true, spellcheck: "false" });
    const copy = button("Copy as code", "copy the TypeScript that reproduces this panel in a notebook cell");
    copy.classList.add("pg-copy");
    copy.addEventListener("click", () => this.copyCode());
    // unique on the page and the same on every load: panels counted on the window, which every copy of this script shares
    const page = window as { dl4nlpPanels?: number };
    page.dl4nlpPanels = (page.dl4nlpPanels ?? 0) + 1;
    const settingsId = `pg-settings-${page.dl4nlpPanels}`;
    this.settingsBox.id = settingsId;
    const codeId = `${settingsId}-code`;
    this.codeBox.id = codeId;
    const extras = el("div", { class: "pg-extras" }, [
      el("details", {}, [
        el("summary", { text: "Settings (readable, restorable)" }),
        el("label", { for: settingsId, text: "settings as JSON" }),
        this.settingsBox,
        apply,
      ]),
      el("details", {}, [
        el("summary", { text: "Code" }),
        el("label", { for: codeId, text: "TypeScript for a cell" }),
        this.codeBox,
        copy,
      ]),
    ]);

    const views = el("div", { class: "pg-views" }, [
      this.boundary,
      // the caption lies over the curves' top right corner (falling losses leave it empty), taking no height of its own
      el("div", { class: "pg-curves-box" }, [this.curves, this.curvesCaption]),
      el("div", { class: "pg-hspace-box" }, [this.hspace, this.hspaceNote]),
    ]);
    const legend = el(
      "p",
      { class: "pg-legend" },
      CLASS_COLORS.slice(0, 2).map((_, c) =>
        el("span", {}, [el("span", { class: "pg-swatch", style: `background:${classCss(c)}` }), ` class ${c}  `]),
      ),
    );
    legend.append("ring: white = training, dark = test point");
    const middle = el("div", { class: "pg-middle" }, [this.diagram.root, this.perceptronInfo, legend, this.status, this.message]);
    const left = el("div", { class: "pg-left" }, [dataControls, netControls]);
    const title = settings.title ? [el("h3", { class: "pg-title", text: settings.title })] : [];
    root.replaceChildren(...title, run, el("div", { class: "pg-body" }, [left, middle, views]), extras);
    this.reset(settings);
  }

  private selectField(key: Field, label: string, options: readonly (readonly [string, string])[]): HTMLElement {
    const s = select(options, String(this.settings[key]));
    s.addEventListener("change", () => this.change({ [key]: s.value } as Partial<PlaygroundSettings>));
    this.controls.set(key, s);
    return field(label, s);
  }

  private numberField(key: Field, label: string, min: number, max: number, step: number | "any"): HTMLElement {
    const n = numberInput(this.settings[key] as number, min, max, step);
    n.addEventListener("change", () => {
      const v = Number(n.value);
      if (n.value === "" || !Number.isFinite(v)) return;
      if (key === "lr" && this.trainer && this.trainer.steps > 0 && !this.trainer.diverged) {
        // the learning rate changes live, as in the TensorFlow Playground (after a divergence: a fresh start)
        const lr = Math.max(0, v);
        this.settings = { ...this.settings, lr };
        this.trainer.optimizer.lr = lr;
        this.liveEdits = true;
        this.showSettings();
        return;
      }
      this.change({ [key]: v } as Partial<PlaygroundSettings>);
    });
    this.controls.set(key, n);
    return field(label, n);
  }

  /**
   * Applies changed settings and resets (a clear message instead when they are invalid). Given start weights are
   * dropped when the network's shape changes (other units, outputs or data set): a fresh seeded start instead.
   */
  change(partial: Partial<PlaygroundSettings>): void {
    const next = { ...this.settings, ...partial };
    // a learning rate left at its mode's default takes the new mode's (0.1 for a network, the slides' 0.5 for the rule)
    if ("mode" in partial && !("lr" in partial) && this.settings.lr === defaultSettings(this.settings.mode).lr)
      next.lr = defaultSettings(next.mode).lr;
    if (next.weights && !("weights" in partial) && ["hidden", "output", "data"].some((k) => k in partial)) next.weights = null;
    try {
      this.reset(normalizeSettings(next));
    } catch (e) {
      this.message.textContent = (e as Error).message;
    }
  }

  /** Restores the panel from settings (all or some fields; missing ones take the defaults). */
  restore(settings: Partial<PlaygroundSettings>): void {
    this.reset(normalizeSettings(settings));
  }

  /** The current settings, complete. */
  getSettings(): PlaygroundSettings {
    return JSON.parse(JSON.stringify(this.settings));
  }

  /** New data and weights from the settings; epoch 0. */
  reset(settings: PlaygroundSettings = this.settings): void {
    this.pause();
    const architecture = JSON.stringify([settings.hidden, settings.output, settings.data]);
    const before = JSON.stringify([this.settings.hidden, this.settings.output, this.settings.data]);
    this.settings = settings;
    this.message.textContent = "";
    this.lossPoints = [];
    this.liveEdits = false;
    this.frames = 0;
    const perceptron = settings.mode === "perceptron";
    this.trainer = perceptron ? null : new Trainer(settings);
    this.replay = perceptron ? new PerceptronReplay(settings) : null;
    const data = this.trainer?.data ?? this.replay!.data;
    this.bounds = boundsOf([data.xTrain, ...(data.xTest ? [data.xTest] : [])]);
    this.grid = gridInputs(this.bounds, settings.grid);
    this.inputPixels = [0, 1].map((j) => unitPixels(this.grid, j, settings.grid, this.stride()));
    this.forward = new GridForward(this.grid);
    this.boundaryBuffer = new Uint8ClampedArray(settings.grid * settings.grid * 4);
    this.unitBuffers = [];
    this.points = this.trainer
      ? pointsLayer(
          BOUNDARY_SIZE,
          BOUNDARY_SIZE,
          this.bounds,
          [
            { X: data.xTrain, labels: data.yTrain, test: false },
            ...(data.xTest && data.yTest ? [{ X: data.xTest, labels: data.yTest, test: true }] : []),
          ],
          data.features,
        )
      : null;
    const outputs = this.trainer ? this.trainer.net.sizes.at(-1)! : 1;
    if (architecture !== before || this.diagram.units.length === 0 || this.diagram.units.at(-1)!.length !== outputs) {
      this.diagram.build(settings.hidden, outputs);
    }
    for (const [key, control] of this.controls) control.value = String(settings[key]);
    for (const e of this.networkOnly) e.hidden = perceptron;
    for (const e of this.irisOnly) e.hidden = settings.data !== "iris";
    this.diagram.root.hidden = perceptron;
    this.perceptronInfo.hidden = !perceptron;
    this.hspace.parentElement!.hidden = perceptron;
    this.root.dataset.mode = settings.mode;
    this.record();
    this.draw();
    this.status.textContent = `reset: ${DATASETS[settings.data].label}, ${perceptron ? `perceptron, η = ${settings.lr}` : `network ${this.trainer!.net.sizes.join("-")}`}`;
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    this.root.dataset.playing = "true";
    this.playButton.textContent = "⏸ Pause";
    this.playButton.setAttribute("aria-label", "pause training");
    this.playButton.setAttribute("aria-pressed", "true");
    const tick = () => {
      if (!this.playing) return;
      this.runSteps(this.settings.stepsPerFrame, false);
      if (this.playing) this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.root.dataset.playing = "false";
    this.playButton.textContent = "▶ Play";
    this.playButton.setAttribute("aria-label", "play: train continuously");
    this.playButton.setAttribute("aria-pressed", "false");
    if (this.trainer) this.diagram.updateWeights(this.trainer.net);
    this.status.textContent = `paused at epoch ${this.root.dataset.epoch}`;
  }

  /** n optimizer steps (perceptron: samples), then one frame drawn. */
  runSteps(n: number, announce: boolean): void {
    let moved = false;
    for (let i = 0; i < n; i++) {
      const ok = this.trainer ? this.trainer.step() : this.replay!.step();
      if (!ok) break;
      moved = true;
    }
    this.afterSteps(moved, announce);
  }

  /** To the end of the current epoch. */
  runEpoch(): void {
    const before = this.trainer ? this.trainer.steps : this.replay!.position;
    if (this.trainer) this.trainer.runEpoch();
    else this.replay!.runEpoch();
    this.afterSteps((this.trainer ? this.trainer.steps : this.replay!.position) !== before, true);
  }

  private afterSteps(moved: boolean, announce: boolean): void {
    if (moved) this.record();
    this.draw();
    const stuck =
      this.trainer?.diverged ??
      (this.replay?.done ? `the trace ends (${this.replay.converged ? "converged" : "100 epochs"})` : null);
    if (stuck) {
      this.message.textContent = this.trainer?.diverged ? `Diverged: ${stuck}` : `Perceptron: ${stuck}`;
      this.pause();
    }
    if (announce)
      this.status.textContent = `epoch ${this.root.dataset.epoch}, training loss ${Number(this.root.dataset.trainLoss).toFixed(4)}`;
  }

  /** Adds the current losses to the curves. */
  private record(): void {
    if (this.trainer) {
      const t = this.trainer;
      this.lossPoints.push({ epoch: t.steps / t.batchesPerEpoch, train: t.trainLoss(), test: t.testLoss() });
    } else {
      const r = this.replay!;
      this.lossPoints.push({ epoch: r.position / r.data.xTrain.rows, train: r.loss(), test: null });
    }
    if (this.lossPoints.length > 600)
      this.lossPoints = this.lossPoints.filter((_, i) => i % 2 === 0 || i === this.lossPoints.length - 1);
  }

  /** Draws every view and mirrors the state on the root element. */
  draw(): void {
    this.frames++;
    const last = this.lossPoints[this.lossPoints.length - 1];
    const epoch = this.trainer ? this.trainer.epoch : this.replay!.epoch;
    const d = this.root.dataset;
    d.epoch = String(epoch);
    d.steps = String(this.trainer ? this.trainer.steps : this.replay!.position);
    d.trainLoss = String(last.train);
    d.testLoss = last.test === null ? "" : String(last.test);
    if (this.trainer?.diverged) d.diverged = "true";
    else delete d.diverged;
    this.epochOut.textContent = String(epoch);
    this.lossOut.textContent = `loss: train ${last.train.toFixed(4)}${last.test === null ? "" : `, test ${last.test.toFixed(4)}`}`;
    const caption = drawLossCurves(this.curves.getContext("2d")!, this.lossPoints);
    if (this.curvesCaption.textContent !== caption) this.curvesCaption.textContent = caption;
    if (this.trainer) this.drawNetwork(this.trainer);
    else this.drawPerceptron(this.replay!);
    this.showSettings();
  }

  /**
   * The boundary with the points, the neuron view and the weights. The grid goes through the network into reused
   * buffers with the pictures' fast tanh (grid-forward.ts); the points are one prepared layer (pointsLayer).
   */
  private drawNetwork(t: Trainer): void {
    const g = this.settings.grid;
    const outs = this.forward.run(t.net);
    const ctx = this.boundary.getContext("2d")!;
    drawPixels(ctx, boundaryPixels(this.settings.output, outs[outs.length - 1], this.boundaryBuffer), g);
    if (this.points) ctx.drawImage(this.points, 0, 0);
    // neuron view: inputs, each hidden unit, and the output(s)
    const units = this.diagram.units;
    const stride = this.stride();
    const side = Math.ceil(g / stride);
    for (const [j, c] of (units[0] ?? []).entries()) drawPixels(c.getContext("2d")!, this.inputPixels[j], side);
    let k = 0;
    for (const [l, h] of outs.entries()) {
      const col = units[l + 1] ?? [];
      if (l === outs.length - 1 && h.cols === 1 && col[0]) {
        drawPixels(col[0].getContext("2d")!, this.boundaryBuffer, g);
        continue;
      }
      for (const [j, c] of col.entries()) {
        this.unitBuffers[k] ??= new Uint8ClampedArray(side * side * 4);
        drawPixels(c.getContext("2d")!, unitPixels(h, j, g, stride, this.unitBuffers[k++]), side);
      }
    }
    // while playing, a big diagram's edges every few frames (each change repaints the SVG): ~300 edges per frame
    if (!this.playing || this.frames % Math.max(1, Math.ceil(this.diagram.edgeCount / 300)) === 0)
      this.diagram.updateWeights(t.net);
    this.drawHiddenSpace(t);
  }

  /** The neuron view's maps take every stride-th grid point: about 25×25 of them (the maps are 30 px wide). */
  private stride(): number {
    return Math.max(1, Math.floor(this.settings.grid / 25));
  }

  /** h-space beside x-space: for one hidden layer of two units, the points at (h1, h2) and the output's boundary there. */
  private drawHiddenSpace(t: Trainer): void {
    const ctx = this.hspace.getContext("2d")!;
    if (t.net.layers.length !== 2 || t.net.layers[0].outSize !== 2) {
      if (this.hspace.hidden) return;
      ctx.clearRect(0, 0, HSPACE_SIZE, HSPACE_SIZE);
      this.hspace.hidden = true;
      this.hspaceNote.textContent = "h-space view: use one hidden layer of 2 units (as in the XOR lesson).";
      return;
    }
    this.hspace.hidden = false;
    this.hspaceNote.textContent = "h-space: the points as the hidden layer maps them, (h1, h2)";
    const h = layerOutputs(t.net, t.data.xTrain)[0];
    const b = boundsOf([h]);
    const g = 40;
    const out = layerOutputs({ layers: [t.net.layers[1]] }, gridInputs(b, g))[0];
    drawPixels(ctx, boundaryPixels(this.settings.output, out), g);
    drawPoints(ctx, b, h, t.data.yTrain, false, 3);
    drawAxes(ctx, b, ["h1", "h2"]);
  }

  private drawPerceptron(r: PerceptronReplay): void {
    const ctx = this.boundary.getContext("2d")!;
    const w = r.w;
    // the current rule's half-planes as the heat map: sign(w·x)
    const g = this.settings.grid;
    const pixels = this.boundaryBuffer;
    const pale = [0, 1].map((k) => CLASS_COLORS[k].map((v) => 255 + (v - 255) * 0.3));
    for (let i = 0; i < g * g; i++) {
      const s = w[0] + w[1] * this.grid.data[2 * i] + w[2] * this.grid.data[2 * i + 1];
      const c = pale[s > 0 ? 1 : 0];
      pixels[4 * i] = c[0];
      pixels[4 * i + 1] = c[1];
      pixels[4 * i + 2] = c[2];
      pixels[4 * i + 3] = 255;
    }
    drawPixels(ctx, pixels, g);
    const step = r.current;
    if (step?.updated) drawLine(ctx, this.bounds, Array.from(step.wBefore.data), { color: "#555", dash: [5, 4], width: 1.5 });
    drawLine(ctx, this.bounds, w, { color: "#000", dash: [], width: 2.5 });
    drawPoints(ctx, this.bounds, r.data.xTrain, r.data.yTrain, false, 5);
    if (step) ringPoint(ctx, this.bounds, step.x.data[1], step.x.data[2]);
    drawAxes(ctx, this.bounds, r.data.features);
    const f = (v: number) => String(Math.round(v * 1e6) / 1e6);
    const vec = (t: Tensor | number[]) =>
      `(${Array.from(t instanceof Tensor ? t.data : t)
        .map(f)
        .join(", ")})`;
    if (!step) {
      this.perceptronInfo.textContent = `start: w = ${vec(w)} (bias first). Step shows one sample: when y w·x ≤ 0, w ← w + η y x with η = ${this.settings.lr}.`;
      return;
    }
    const lines = [
      `epoch ${step.epoch}, sample x${step.index} = ${vec(step.x)}, y = ${step.y > 0 ? "+1" : "−1"}`,
      `w·x = ${f(step.score)}, y w·x = ${f(step.y * step.score)} ${step.updated ? "≤ 0: update" : "> 0: no update"}`,
      step.updated
        ? `w ← w + η y x = ${vec(step.wBefore)} + ${f(this.settings.lr)}·(${step.y > 0 ? "+1" : "−1"})·${vec(step.x)} = ${vec(step.wAfter)}`
        : `w stays ${vec(step.wAfter)}`,
      "dashed: the line before the update; solid: after.",
    ];
    this.perceptronInfo.replaceChildren(...lines.map((text) => el("p", { text })));
  }

  /** The settings box, data-settings and the code box; rewritten only when the settings, epoch or edits changed. */
  private showSettings(): void {
    const epochs = this.trainer ? this.trainer.epoch : this.replay!.epoch;
    const key = JSON.stringify([this.settings, epochs, this.liveEdits, document.activeElement === this.settingsBox]);
    if (key === this.shown) return;
    this.shown = key;
    if (document.activeElement !== this.settingsBox)
      this.settingsBox.value = JSON.stringify(changedSettings(this.settings), null, 1);
    this.root.dataset.settings = JSON.stringify(changedSettings(this.settings));
    const note = this.liveEdits
      ? "// the learning rate was changed during training: this code trains with the last one throughout\n"
      : "";
    this.codeBox.value = note + settingsToCode(this.settings, epochs);
  }

  private async copyCode(): Promise<void> {
    const text = this.codeBox.value;
    try {
      await navigator.clipboard.writeText(text);
      this.status.textContent = "code copied: paste it into a cell";
    } catch {
      this.codeBox.closest("details")!.open = true;
      this.codeBox.focus();
      this.codeBox.select();
      this.status.textContent = "the clipboard is not available here: the code is selected, press Ctrl+C";
    }
  }
}
