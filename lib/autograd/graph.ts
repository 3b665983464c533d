import type { Tensor } from "../tensor/tensor";
import { Var, topologicalOrder } from "./var";
import { received } from "../tensor/received";

/** A node of the computation graph as data, for drawing: ids are stable (`n0`, `n1`, … in topological order). */
export interface GraphNode {
  id: string;
  /** Operation ("matmul", "add", …) or "param"/"input" for leaves. */
  op: string;
  /** The Var's label ("W1"), or "" */
  label: string;
  shape: number[];
  value: Tensor;
  /** dL/dvalue after backward(), else null. */
  grad: Tensor | null;
}

/** An edge from an input node to the node computed from it. */
export interface GraphEdge {
  from: string;
  to: string;
}

/**
 * The computation graph behind `output` as plain nodes and edges (inputs before their users, output last),
 * the same ids on every call for the same graph.
 * @example
 * graphOf(loss).nodes.map((n) => n.op); // ["input", "param", "matmul", …, "mean"]
 */
export function graphOf(output: Var): { nodes: GraphNode[]; edges: GraphEdge[] } {
  if (!(output instanceof Var))
    throw new TypeError(`graphOf: output must be a Var (the result of an ad op), got ${received(output)}`);
  const order = topologicalOrder(output);
  const ids = new Map<Var, string>();
  order.forEach((v, i) => {
    ids.set(v, `n${i}`);
  });
  const nodes = order.map((v) => ({
    id: ids.get(v) as string,
    op: v.op,
    label: v.label,
    shape: [...v.shape],
    value: v.value,
    grad: v.grad,
  }));
  const edges: GraphEdge[] = [];
  for (const v of order) for (const inp of v.inputs) edges.push({ from: ids.get(inp) as string, to: ids.get(v) as string });
  return { nodes, edges };
}
