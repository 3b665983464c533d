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
  /** Per layer, each edge's width in quarter pixels as drawn, negative for a negative weight (0: not drawn yet). */
  private shown: Int16Array[] = [];
  /** Each edge's layer and units [l, i, j], for its tooltip; the network last drawn. */
  private edgeIndex = new Map<SVGLineElement, [number, number, number]>();
  private net: MLP | null = null;
  /** The number of edges drawn. */
  edgeCount = 0;
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
    this.shown = [];
    this.edgeCount = 0;
    this.edgeIndex = new Map();
    this.svg.addEventListener("pointerover", (e) => this.titleOnHover(e));
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
          this.edgeIndex.set(line, [l, i, j]);
          this.edgeCount++;
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
   * Edge widths (0.5 to 4.5 px by |w| over the largest |w|, in quarter pixels) and colours (the sign) from the current
   * weights. An attribute is written only when its quarter pixel or sign changed: a 6×16 network has ~1,300 edges,
   * and rewriting them all every frame cost a quarter of a frame (profiled). An edge's tooltip (its weight) is written
   * when the pointer reaches the edge (titleOnHover), not every frame.
   */
  updateWeights(net: MLP): void {
    this.net = net;
    let max = 1e-9;
    for (const layer of net.layers) for (const w of layer.W.value.data) max = Math.max(max, Math.abs(w));
    for (let l = 0; l < net.layers.length; l++) {
      const lines = this.edges[l];
      if (!lines) continue;
      const W = net.layers[l].W.value;
      const n = W.cols;
      if (!this.shown[l]) this.shown[l] = new Int16Array(W.size);
      const shown = this.shown[l];
      for (let i = 0; i < lines.length; i++) {
        for (let j = 0; j < lines[i].length; j++) {
          const w = W.data[i * n + j];
          // quarter pixels 2..18, negative for negative weights
          const quarter = Math.round(2 + (16 * Math.abs(w)) / max) * (w >= 0 ? 1 : -1);
          const k = i * n + j;
          if (shown[k] === quarter) continue;
          const line = lines[i][j];
          if (Math.sign(shown[k]) !== Math.sign(quarter)) line.setAttribute("stroke", weightCss(w));
          line.setAttribute("stroke-width", String(Math.abs(quarter) / 4));
          shown[k] = quarter;
        }
      }
    }
  }

  /** Writes the weight of the edge under the pointer into its tooltip (<title>), from the last weights drawn. */
  private titleOnHover(e: Event): void {
    const line = e.target as SVGLineElement;
    const at = this.edgeIndex.get(line);
    const W = at && this.net?.layers[at[0]]?.W.value;
    if (!at || !W) return;
    const [l, i, j] = at;
    line.firstChild!.textContent = `w = ${W.data[i * W.cols + j].toPrecision(4)} (layer ${l + 1}, from unit ${i + 1} to unit ${j + 1})`;
  }
}
