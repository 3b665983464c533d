// Small models written directly on the autograd core (op/param), so fit and the optimizers are tested
// independently of nn/ (mlp) and the ad ops.
import { type Model, Rng, Tensor, type Var, op, param } from "../../../lib";

/** X·W (n×in)·(in×out) → n×out, backward dX = G·Wᵀ, dW = Xᵀ·G. */
function matmul(x: Var, w: Var): Var {
  const [n, p] = x.shape;
  const q = w.shape[1];
  const X = x.value.data;
  const W = w.value.data;
  const out = new Float64Array(n * q);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < p; k++) for (let j = 0; j < q; j++) out[i * q + j] += X[i * p + k] * W[k * q + j];
  return op("matmul", new Tensor([n, q], out), [x, w], (g) => {
    const G = g.data;
    const dX = new Float64Array(n * p);
    const dW = new Float64Array(p * q);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < p; k++) {
        let s = 0;
        for (let j = 0; j < q; j++) {
          s += G[i * q + j] * W[k * q + j];
          dW[k * q + j] += X[i * p + k] * G[i * q + j];
        }
        dX[i * p + k] = s;
      }
    }
    return [new Tensor([n, p], dX), new Tensor([p, q], dW)];
  });
}

/** x + b with b (1×out) broadcast over rows. */
function addBias(x: Var, b: Var): Var {
  const [n, q] = x.shape;
  const out = x.value.data.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < q; j++) out[i * q + j] += b.value.data[j];
  return op("addBias", new Tensor([n, q], out), [x, b], (g) => {
    const db = new Float64Array(q);
    for (let i = 0; i < n; i++) for (let j = 0; j < q; j++) db[j] += g.data[i * q + j];
    return [g, new Tensor([1, q], db)];
  });
}

function tanh(x: Var): Var {
  const y = x.value.data.map(Math.tanh);
  return op("tanh", new Tensor(x.shape, y), [x], (g) => [
    new Tensor(
      x.shape,
      g.data.map((gi, i) => gi * (1 - y[i] * y[i])),
    ),
  ]);
}

function dense(inputs: number, outputs: number, rng: Rng): [Var, Var] {
  const s = Math.sqrt(1 / inputs);
  const W = new Tensor(
    [inputs, outputs],
    Float64Array.from({ length: inputs * outputs }, () => s * rng.normal()),
  );
  return [param(W, "W"), param(new Tensor([1, outputs]), "b")];
}

/** sizes [4, 16, 3]: tanh hidden layers, linear (logit) output. */
export function toyMlp(sizes: number[], rng: Rng): Model {
  const layers = sizes.slice(1).map((q, i) => dense(sizes[i], q, rng));
  return {
    forward(x: Var): Var {
      let h = x;
      layers.forEach(([W, b], i) => {
        h = addBias(matmul(h, W), b);
        if (i < layers.length - 1) h = tanh(h);
      });
      return h;
    },
    parameters: () => layers.flat(),
  };
}

/** A model whose output is its single weight times the input: for divergence tests. */
export function scalarModel(w0: number): Model & { w: Var } {
  const w = param(Tensor.from([[w0]]), "w");
  return { w, forward: (x: Var) => matmul(x, w), parameters: () => [w] };
}

export { Rng };
