// The network diagram: one column of units per layer, each unit a small heat map of its own response over the input
// square (the Playground's neuron view), edges as lines whose width is |w| and colour its sign. The hidden layers get
// "+"/"−" buttons for units, the diagram "+ layer"/"− layer" buttons, as in the TensorFlow Playground.
import type { MLP } from "../../nn/mlp";
import { weightCss } from "../palette";
import { button, canvas, el } from "./dom";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 400;
const HEIGHT = 300;
const TOP = 34;

/** What the diagram asks its panel to do. */
export interface DiagramEvents {
  setHidden(hidden: number[]): void;
}

export class Diagram {
  readonly root: HTMLElement;
  /** Canvases of the units, per layer (inputs first, then each layer's outputs). */
  units: HTMLCanvasElement[][] = [];
  private svg: SVGSVGElement;
  private edges: SVGLineElement[][][] = [];
  private centers: [number, number][][] = [];

  constructor(
    private readonly events: DiagramEvents,
    private hidden: number[],
    private outputs: number,
  ) {
    this.root = el("div", { class: "pg-diagram", role: "group", "aria-label": "network diagram" });
    this.svg = document.createElementNS(SVG, "svg");
    this.build(hidden);
  }

  /** Rebuilds the diagram for new hidden-layer sizes (and number of outputs). */
  build(hidden: number[], outputs = this.outputs): void {
    this.hidden = [...hidden];
    this.outputs = outputs;
    this.root.replaceChildren();
    const bar = el("div", { class: "pg-layer-bar" }, [
      el("span", { text: `${hidden.length} hidden layer${hidden.length === 1 ? "" : "s"}` }),
    ]);
    const add = button("+ layer", "add a hidden layer");
    add.disabled = hidden.length >= 6;
    add.addEventListener("click", () => this.events.setHidden([...this.hidden, Math.min(4, this.hidden.at(-1) ?? 4)]));
    const remove = button("− layer", "remove the last hidden layer");
    remove.disabled = hidden.length === 0;
    remove.addEventListener("click", () => this.events.setHidden(this.hidden.slice(0, -1)));
    bar.append(add, remove);
    this.root.append(bar);
    const stage = el("div", { class: "pg-stage", style: `width:${WIDTH}px;height:${HEIGHT}px` });
    this.svg = document.createElementNS(SVG, "svg");
    this.svg.setAttribute("width", String(WIDTH));
    this.svg.setAttribute("height", String(HEIGHT));
    this.svg.setAttribute("aria-hidden", "true");
    stage.append(this.svg);
    const sizes = [2, ...hidden, this.outputs];
    const columns = sizes.length;
    const maxUnits = Math.max(...sizes);
    const node = Math.max(14, Math.min(30, Math.floor((HEIGHT - TOP - 6) / maxUnits) - 4));
    this.units = [];
    this.centers = [];
    sizes.forEach((n, l) => {
      const x = 24 + (l * (WIDTH - 48)) / (columns - 1);
      const colUnits: HTMLCanvasElement[] = [];
      const colCenters: [number, number][] = [];
      const span = n * (node + 4);
      for (let j = 0; j < n; j++) {
        const y = TOP + (HEIGHT - TOP - span) / 2 + j * (node + 4) + node / 2;
        const name = l === 0 ? `input x${j + 1}` : l === columns - 1 ? `output ${j + 1}` : `hidden layer ${l}, unit ${j + 1}`;
        const c = canvas(node, node, `${name}: its response over the input square`, "pg-unit");
        c.style.left = `${x - node / 2}px`;
        c.style.top = `${y - node / 2}px`;
        stage.append(c);
        colUnits.push(c);
        colCenters.push([x, y]);
      }
      if (l > 0 && l < columns - 1) {
        const plus = button("+", `add a unit to hidden layer ${l}`, "pg-mini");
        plus.disabled = n >= 16;
        plus.addEventListener("click", () => this.events.setHidden(this.hidden.map((v, i) => (i === l - 1 ? v + 1 : v))));
        const minus = button("−", `remove a unit from hidden layer ${l}`, "pg-mini");
        minus.disabled = n <= 1;
        minus.addEventListener("click", () => this.events.setHidden(this.hidden.map((v, i) => (i === l - 1 ? v - 1 : v))));
        const head = el("div", { class: "pg-col-head", style: `left:${x - 30}px` }, [
          minus,
          el("span", { text: String(n) }),
          plus,
        ]);
        stage.append(head);
      } else {
        stage.append(el("div", { class: "pg-col-head", style: `left:${x - 30}px`, text: l === 0 ? "input" : "output" }));
      }
      this.units.push(colUnits);
      this.centers.push(colCenters);
    });
    this.edges = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const layer: SVGLineElement[][] = [];
      for (let i = 0; i < sizes[l]; i++) {
        const row: SVGLineElement[] = [];
        for (let j = 0; j < sizes[l + 1]; j++) {
          const line = document.createElementNS(SVG, "line");
          const [x1, y1] = this.centers[l][i];
          const [x2, y2] = this.centers[l + 1][j];
          line.setAttribute("x1", String(x1 + node / 2));
          line.setAttribute("y1", String(y1));
          line.setAttribute("x2", String(x2 - node / 2));
          line.setAttribute("y2", String(y2));
          line.setAttribute("stroke-opacity", "0.75");
          line.append(document.createElementNS(SVG, "title"));
          this.svg.append(line);
          row.push(line);
        }
        layer.push(row);
      }
      this.edges.push(layer);
    }
    this.root.append(stage);
  }

  /**
   * Edge widths and colours from the current weights, and with `titles` each weight in the edge's tooltip (the
   * panel leaves the tooltips out of most frames while playing: 88 texts per frame cost more than the lines). An
   * attribute is written only when its text changed.
   */
  updateWeights(net: MLP, titles = true): void {
    let max = 1e-9;
    for (const layer of net.layers) for (const w of layer.W.value.data) max = Math.max(max, Math.abs(w));
    net.layers.forEach((layer, l) => {
      const n = layer.W.value.cols;
      this.edges[l]?.forEach((row, i) => {
        row.forEach((line, j) => {
          const w = layer.W.value.data[i * n + j];
          setIfChanged(line, "stroke", weightCss(w));
          setIfChanged(line, "stroke-width", (0.5 + (4 * Math.abs(w)) / max).toFixed(2));
          if (titles)
            line.firstChild!.textContent = `w = ${w.toPrecision(4)} (layer ${l + 1}, from unit ${i + 1} to unit ${j + 1})`;
        });
      });
    });
  }
}

function setIfChanged(e: Element, name: string, value: string): void {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}
