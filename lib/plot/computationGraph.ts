import { topologicalOrder, type Var } from "../autograd/var";
import { received } from "../tensor/received";
import { formatShape } from "../tensor/tensor";
import { courseStyle, fmt } from "./style";
import { figureOptions, oneOf, countOption } from "./input";

/** A value on a graph node: a Tensor (anything with shape and data), a number, or nothing. */
export type NodeValue = { shape: readonly number[]; data: ArrayLike<number> } | number | readonly number[] | null | undefined;

/** The drawable form of an autograd expression, as returned by `ad.graphOf(output)`. */
export interface GraphData {
  nodes: readonly {
    id: string | number;
    op: string;
    label?: string;
    shape?: readonly number[];
    value?: NodeValue;
    grad?: NodeValue;
  }[];
  /** Data flows from `from` (an input) to `to` (the node using it). */
  edges: readonly { from: string | number; to: string | number }[];
}

export interface ComputationGraphOptions {
  /** Values shown per tensor before eliding with "…", default 4. */
  maxValues?: number;
  /** Decimals, default 4. */
  digits?: number;
  /** Layout direction, default "LR" (inputs left, loss right). */
  rankdir?: "LR" | "TB";
}

/**
 * The computation graph of an expression as Graphviz DOT: one box per node with its label/op, shape, value and,
 * after `backward()`, its gradient; parameters shaded, operations as ellipses. Pure: no Graphviz needed.
 */
export function computationGraphDot(graph: GraphData | Var, options: ComputationGraphOptions = {}): string {
  options = figureOptions("computationGraphDot", options, ["maxValues", "digits", "rankdir"]);
  const given = graph as Partial<GraphData> | null;
  if (!given || typeof given !== "object" || (!isVar(graph) && !(Array.isArray(given.nodes) && Array.isArray(given.edges))))
    throw new TypeError(
      `computationGraphDot: graph must be a Var (the output of ad ops) or { nodes, edges } (graphOf), got ${received(graph)}`,
    );
  const g = isVar(graph) ? graphOfVar(graph) : graph;
  const ids = new Set(g.nodes.map((n) => String(n.id)));
  for (const e of g.edges) {
    for (const end of [e.from, e.to]) {
      if (!ids.has(String(end))) throw new RangeError(`computationGraphDot: edge ${e.from} → ${e.to} names unknown node ${end}`);
    }
  }
  const digits = countOption("computationGraphDot", "digits", options.digits, 0, 17, 4);
  const maxValues = countOption("computationGraphDot", "maxValues", options.maxValues, 1, 1000, 4);
  const lines = [
    "digraph computation {",
    `  rankdir=${oneOf("computationGraphDot", "rankdir", options.rankdir, ["LR", "TB"], "LR")};`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [color="#555555"];',
  ];
  for (const n of g.nodes) {
    const leaf = n.op === "param" || n.op === "input";
    const title = n.label ? (leaf ? n.label : `${n.label} = ${n.op}`) : n.op;
    const rows = [`<b>${esc(title)}</b>`];
    if (n.shape && n.shape.length > 0) rows.push(`<font point-size="9">${esc(formatShape(n.shape))}</font>`);
    if (n.value !== undefined && n.value !== null) rows.push(`value ${esc(valueText(n.value, digits, maxValues))}`);
    if (n.grad !== undefined && n.grad !== null) {
      rows.push(`<font color="${courseStyle.diverging[2][1]}">grad ${esc(valueText(n.grad, digits, maxValues))}</font>`);
    }
    const shape = leaf ? "box" : "ellipse";
    const fill = n.op === "param" ? "#DCEBF5" : n.op === "input" ? "#F2F2F2" : "#FFFFFF";
    lines.push(`  "${String(n.id)}" [shape=${shape}, style="filled", fillcolor="${fill}", label=<${rows.join("<br/>")}>];`);
  }
  for (const e of g.edges) lines.push(`  "${String(e.from)}" -> "${String(e.to)}";`);
  lines.push("}");
  return lines.join("\n");
}

/**
 * The computation graph as an SVG string, laid out by Graphviz compiled to WebAssembly (@viz-js/viz, loaded on the
 * first call). Show it with `show(svg)`.
 */
export async function computationGraph(graph: GraphData | Var, options: ComputationGraphOptions = {}): Promise<string> {
  const dot = computationGraphDot(graph, options);
  const viz = await vizInstance();
  return viz.renderString(dot, { format: "svg" });
}

let vizPromise: Promise<{ renderString(dot: string, o: { format: string }): string }> | null = null;
function vizInstance(): Promise<{ renderString(dot: string, o: { format: string }): string }> {
  if (!vizPromise) {
    // lazy: the Graphviz wasm is ~1.5 MB and only needed when a graph is drawn
    const { instance } = require("@viz-js/viz") as {
      instance(): Promise<{ renderString(dot: string, o: { format: string }): string }>;
    };
    vizPromise = instance();
  }
  return vizPromise;
}

function isVar(g: GraphData | Var): g is Var {
  return "inputs" in g && "value" in g && !("nodes" in g);
}

/** The graph of a Var: `ad.graphOf` when the autograd ops provide it, else a walk of the nodes in topological order. */
function graphOfVar(output: Var): GraphData {
  const auto = loadGraphOf();
  if (auto) return auto(output);
  const order = topologicalOrder(output);
  const id = new Map(order.map((v, i) => [v, `n${i}`]));
  return {
    nodes: order.map((v) => ({ id: id.get(v)!, op: v.op, label: v.label, shape: v.value.shape, value: v.value, grad: v.grad })),
    edges: order.flatMap((v) => v.inputs.map((u) => ({ from: id.get(u)!, to: id.get(v)! }))),
  };
}

function loadGraphOf(): ((v: Var) => GraphData) | null {
  try {
    const mod = require("../autograd") as { ad?: { graphOf?: (v: Var) => GraphData } };
    return typeof mod.ad?.graphOf === "function" ? mod.ad.graphOf : null;
  } catch {
    return null;
  }
}

function valueText(v: NodeValue, digits: number, maxValues: number): string {
  if (typeof v === "number") return fmt(v, digits);
  const arr = Array.from((Array.isArray(v) ? v : (v as { data: ArrayLike<number> }).data) as ArrayLike<number>);
  if (arr.length === 1) return fmt(arr[0], digits);
  const shown = arr.slice(0, maxValues).map((x) => fmt(x, digits));
  return `[${shown.join(", ")}${arr.length > maxValues ? ", …" : ""}]`;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
