import { allocData } from "../tensor/kernels/alloc";
import { isStepBuffer } from "../tensor/kernels/scratch";
import { asMatrix } from "../tensor/matrix-input";
import { received, registerReceivedKind, wrongKind } from "../tensor/received";
import { Tensor, formatShape } from "../tensor/tensor";

/**
 * Var: a node of the computation graph, holding a value, the gradient dL/dvalue after `backward()`,
 * the operation that made it and its inputs, so the graph can be walked and drawn.
 *
 * Every differentiable operation is written with `op(...)`: the forward value and the backward rule side by side.
 * @example
 * const x = param(Tensor.from([2]), "x");
 * const y = mul(x, x); // y = x², a Var with op "mul"
 * y.backward();        // x.grad = [4]
 */
export class Var {
  /** dL/dvalue, same shape as value; null until backward() reaches this node. */
  grad: Tensor | null = null;

  constructor(
    /** The forward value. */
    readonly value: Tensor,
    /** Operation name ("matmul", "relu", ...) or "input"/"param" for leaves. */
    readonly op: string,
    /** The nodes this value was computed from. */
    readonly inputs: readonly Var[] = [],
    /** Propagates this node's grad to its inputs: returns one gradient (or null) per input, each of its input's shape. */
    readonly backwardFn: ((grad: Tensor) => readonly (Tensor | null)[]) | null = null,
    /** A name for display ("W1", "x"), optional. */
    public label = "",
    /** Whether gradients should flow to this leaf. */
    readonly requiresGrad = false,
  ) {
    if (!(value instanceof Tensor)) throw wrongKind("Var", "value", "a Tensor", value);
    let needs = requiresGrad;
    for (let i = 0; i < inputs.length && !needs; i++) needs = inputs[i].needsGrad;
    this.needsGrad = needs;
    if (inputs.length > 0) {
      const versions = new Array<number>(inputs.length + 1);
      for (let i = 0; i < inputs.length; i++) versions[i] = inputs[i].value.version;
      versions[inputs.length] = value.version;
      this.versions = versions;
    } else this.versions = NO_INPUTS;
  }

  /** The `version` of each input's value, then of this value, when this node was built; checked by backward(). */
  private readonly versions: readonly number[];

  /**
   * Whether any gradient is wanted here: a param, or a node computed from one. backward() skips the rest, and
   * an op's backward rule may skip the gradient of an input whose needsGrad is false (data needs none).
   */
  readonly needsGrad: boolean;

  get shape(): readonly number[] {
    return this.value.shape;
  }

  /**
   * Reverse-mode differentiation from this node: sets `grad` on every node it depends on (replacing what an earlier
   * backward set there; gradients of two uses in one graph are summed). A Var this graph does not reach keeps its
   * `grad`: set it to null when it is no longer wanted (fit does so before every step; an optimizer refuses to apply a
   * gradient computed before the parameter's last update, see `gradientIsStale`).
   * Without a seed this node must be a scalar (dL/dL = 1).
   *
   * Throws a RangeError when a value the graph was built from has been changed in place since (an optimizer step,
   * an `...InPlace` function, `setWeightsInPlace`), as PyTorch does: its gradients would belong to neither the old
   * nor the new weights. Run the forward pass again after changing weights. (Stricter than PyTorch, which checks
   * only the tensors an op saved for its backward: here every input of every op is checked.)
   *
   * Throws a TypeError when no node of the graph needs a gradient (its leaves are all data: `input(...)`, constants, or
   * Vars made with `new Var(value, …)`), as PyTorch does, naming the leaves: make weights with `param(value, "w")`.
   * Also when a leaf of the graph was made by hand with `new Var(value, "w")` (no gradient wanted, op neither "param"
   * nor "input"): its `grad` would stay null, so it is named with the way out (param for a weight, input for data).
   */
  backward(seed?: Tensor): void {
    if (!seed && this.value.size !== 1) {
      throw new RangeError(
        `backward: output has shape ${formatShape(this.value.shape)}; give a seed gradient or reduce to a scalar first`,
      );
    }
    if (seed && (seed.shape.length !== this.value.shape.length || seed.shape.some((d, i) => d !== this.value.shape[i]))) {
      throw new RangeError(
        `backward: seed of shape ${formatShape(seed.shape)} for an output of shape ${formatShape(this.value.shape)}`,
      );
    }
    const order = topologicalOrder(this);
    for (let k = 0; k < order.length; k++) if (isLeafMadeByHand(order[k])) throw leafMadeByHand(order[k]);
    if (!this.needsGrad) throw noGradientWanted(order);
    for (let k = 0; k < order.length; k++) order[k].grad = null;
    const start = seed ?? new Tensor(this.value.shape);
    if (!seed) start.data.fill(1);
    this.grad = start;
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k];
      if (!node.backwardFn || !node.grad || !node.needsGrad) continue;
      checkVersions(node, node.versions);
      const grads = node.backwardFn(node.grad);
      const inputs = node.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const g = grads[i];
        if (g && inputs[i].needsGrad) accumulate(inputs[i], g, node.op);
      }
    }
    for (let k = 0; k < order.length; k++) {
      const leaf = order[k];
      if (leaf.backwardFn === null && leaf.grad !== null)
        gradientStamps.set(leaf, { grad: leaf.grad, version: leaf.value.version });
    }
  }
}

/** Each leaf's gradient as the last backward() set it, and the version of the leaf's value it was computed at. */
const gradientStamps = new WeakMap<Var, { grad: Tensor; version: number }>();

/**
 * Whether `v.grad` is the gradient a backward() computed before `v`'s value last changed in place (an optimizer step,
 * an `...InPlace` function): a later backward did not reach `v`, so applying the gradient again would move `v` by a
 * gradient of weights it no longer has. False for a gradient assigned by hand (`v.grad = …`) and for a fresh one.
 */
export function gradientIsStale(v: Var): boolean {
  const stamp = gradientStamps.get(v);
  return stamp !== undefined && v.grad === stamp.grad && v.value.version !== stamp.version;
}

const NO_INPUTS: readonly number[] = [];

/** How a student makes a leaf: the advice every error about leaves without a gradient ends with. */
const MAKE_LEAVES =
  'make weights with param(value, "w") (backward sets their grad) and data with input(value, "x") (no gradient)';

/** backward() on a graph in which no node needs a gradient: its leaves named, and how to make a weight. */
function noGradientWanted(order: readonly Var[]): TypeError {
  const leaves = order.filter((v) => v.inputs.length === 0);
  const shown = leaves.slice(0, 5).map(describe).join(", ") + (leaves.length > 5 ? `, … (${leaves.length} in all)` : "");
  return new TypeError(
    `backward: no leaf of this graph needs a gradient, so no grad would be set (its leaves: ${shown}); ${MAKE_LEAVES}`,
  );
}

/** A leaf that wants no gradient and is not data either: `new Var(value, "w")`, not param(...) or input(...). */
const isLeafMadeByHand = (v: Var) => v.inputs.length === 0 && v.backwardFn === null && !v.requiresGrad && v.op !== "input";

/** backward() through a leaf made with `new Var(value, "w")`: it wants no gradient, and is not marked as data either. */
function leafMadeByHand(v: Var): TypeError {
  const label = typeof v.label === "string" && v.label !== "" ? v.label : undefined;
  const name = label ?? (typeof v.op === "string" && v.op !== "" && v.op !== "param" ? v.op : "w");
  const how =
    v.op === "param"
      ? 'new Var(value, "param", …) without requiresGrad, so it wants no gradient (its grad would stay null)'
      : `new Var(value, ${JSON.stringify(v.op)}), which wants no gradient (its grad would stay null; the second ` +
        "argument of new Var is an op name, not a label)";
  return new TypeError(
    `backward: the leaf ${describe(v)} was made with ${how}; ` +
      `make it with param(value, ${JSON.stringify(name)}) for a weight, or input(value, ${JSON.stringify(name)}) for data`,
  );
}

/** The stale-graph check of backward(): each input of `node`, and its own value, still at the version it was built with. */
function checkVersions(node: Var, versions: readonly number[]): void {
  const inputs = node.inputs;
  for (let i = 0; i <= inputs.length; i++) {
    const v = i < inputs.length ? inputs[i] : node;
    if (v.value.version === versions[i]) continue;
    const what = i < inputs.length ? `its input ${describe(v)}` : "its own output value";
    throw new RangeError(
      `backward: a value needed by ${node.op} has been modified by an in-place operation: ${what} is at version ` +
        `${v.value.version}, the graph was built at version ${versions[i]}. An optimizer step, an ...InPlace ` +
        "function or setWeightsInPlace changed it after the forward pass; run the forward pass again before backward().",
    );
  }
}

/**
 * `"w" (param, 2×2)`, `(matmul, 2×2)`: a Var's label (when it has one), the op that made it and its shape. A Var
 * made by hand without a label or an op, or over a value that is not a Tensor, leaves out what it lacks.
 */
function describe(v: Var): string {
  const label = typeof v.label === "string" && v.label !== "" ? `"${v.label}" ` : "";
  const parts: string[] = [];
  if (typeof v.op === "string" && v.op !== "") parts.push(v.op);
  parts.push(v.value instanceof Tensor ? formatShape(v.value.shape) : `value ${received(v.value)}`);
  return `${label}(${parts.join(", ")})`;
}

registerReceivedKind((v) => (v instanceof Var ? `a Var ${describe(v)}` : undefined));

/** A leaf that needs a gradient: a weight or a bias. */
export function param(value: Tensor, label = ""): Var {
  return new Var(leafValue("param", value, label), "param", [], null, label, true);
}

/** A leaf that is data: no gradient is wanted, and backward() leaves its grad null. Use param() to get dL/dx. */
export function input(value: Tensor, label = ""): Var {
  return new Var(leafValue("input", value, label), "input", [], null, label, false);
}

/** The value of a leaf made by `fn` (param, input): a Tensor and a string label, else a TypeError naming `fn`. */
function leafValue(fn: string, value: unknown, label: unknown): Tensor {
  if (!(value instanceof Tensor)) throw wrongKind(fn, "value", "a Tensor", value);
  if (typeof label !== "string") throw wrongKind(fn, "label", "a string", label);
  return value;
}

/**
 * X as a node of the graph: a Var as it is, a Tensor or rows of numbers (number[][]) as an input (`input(X)`, no
 * gradient). Anything else is a TypeError naming `fn` and what it takes; bad rows are named as asMatrix names them.
 */
export function asVar(fn: string, X: unknown): Var {
  if (X instanceof Var) return X;
  if (X instanceof Tensor) return input(X);
  if (Array.isArray(X)) return input(asMatrix(fn, "X", X));
  throw new TypeError(`${fn}: expected a Var, a Tensor or rows of numbers (number[][]), got ${received(X)}`);
}

/** Builds the output node of a differentiable operation from its forward value and its backward rule. */
export function op(
  name: string,
  value: Tensor,
  inputs: readonly Var[],
  backwardFn: (grad: Tensor) => readonly (Tensor | null)[],
): Var {
  return new Var(value, name, inputs, backwardFn);
}

/** Every node the given output depends on, inputs before the nodes that use them (the output last). */
export function topologicalOrder(output: Var): Var[] {
  if (!(output instanceof Var))
    throw new TypeError(`topologicalOrder: output must be a Var (the result of an ad op), got ${received(output)}`);
  const order: Var[] = [];
  const seen = new Set<Var>();
  // iterative DFS so deep graphs (long unrolled loops) do not overflow the stack; two parallel stacks (node, whether
  // its inputs are done) rather than a pair per entry: backward runs this every training step
  const stack: Var[] = [output];
  const expanded: boolean[] = [false];
  while (stack.length) {
    const node = stack.pop() as Var;
    if (expanded.pop()) {
      order.push(node);
      continue;
    }
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(node);
    expanded.push(true);
    for (let i = node.inputs.length - 1; i >= 0; i--) {
      if (seen.has(node.inputs[i])) continue;
      stack.push(node.inputs[i]);
      expanded.push(false);
    }
  }
  return order;
}

function accumulate(node: Var, g: Tensor, fromOp: string): void {
  const shape = node.value.shape;
  let same = g.shape.length === shape.length;
  for (let i = 0; same && i < shape.length; i++) same = g.shape[i] === shape[i];
  if (!same) {
    throw new RangeError(
      `backward of ${fromOp}: gradient of shape ${formatShape(g.shape)} for an input of shape ${formatShape(shape)}`,
    );
  }
  if (!node.grad) {
    // a leaf's gradient is the user's to keep (an onEpoch callback may hold W.grad): never one of a training step's
    // reused arrays (scratch.ts), and never the value itself
    node.grad = g === node.value || (node.backwardFn === null && isStepBuffer(g.data)) ? ownCopy(g) : g;
    return;
  }
  // a node used twice sums the gradients of both uses; a new array, so tensors shared with other nodes stay untouched
  const sum = allocData(g.data.length);
  sum.set(node.grad.data);
  for (let i = 0; i < sum.length; i++) sum[i] += g.data[i];
  node.grad = new Tensor(shape, sum);
}

/** A copy of g in an array of its own (allocData: never a training step's reused array). */
function ownCopy(g: Tensor): Tensor {
  const data = allocData(g.data.length);
  data.set(g.data);
  return new Tensor(g.shape, data);
}
