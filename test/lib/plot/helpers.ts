/** Activations written out by hand (not the library's), so the figure tests check the figures, not nn/. */
export const sigmoid = {
  name: "sigmoid",
  f: (z: number) => 1 / (1 + Math.exp(-z)),
  df: (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2,
};
export const tanh = { name: "tanh", f: Math.tanh, df: (z: number) => 1 - Math.tanh(z) ** 2 };
export const relu = { name: "relu", f: (z: number) => Math.max(0, z), df: (z: number) => (z > 0 ? 1 : 0) };

/** The four inputs of XOR (and AND, OR) and their hidden points under the slides' XOR network (relu, W = 1, b = (0, −1)). */
export const xorX = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const xorH = [
  [0, 0],
  [1, 0],
  [1, 0],
  [2, 1],
];

/** The slides' perceptron example (worked-examples.md §2): augmented samples, labels, w0, and a plain trace of it. */
export const slideX = [
  [1, 1, 3],
  [1, 5, 4],
  [1, 6, 3],
  [1, 3, 1],
];
export const slideY = [1, 1, -1, -1];
export const slideW0 = [0, -1, 1];

/** The perceptron rule of the slides, written out here so the figure tests do not depend on nn/. */
export function slidePerceptronTrace(lr: number, maxEpochs = 100) {
  let w = [...slideW0];
  const trace: { epoch: number; index: number; loss: number; wBefore: number[]; wAfter: number[]; updated: boolean }[] = [];
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    let updates = 0;
    slideX.forEach((x, index) => {
      const s = slideY[index] * x.reduce((a, v, k) => a + v * w[k], 0);
      const before = w;
      const updated = s <= 0;
      if (updated) {
        w = w.map((v, k) => v + lr * slideY[index] * x[k]);
        updates++;
      }
      trace.push({ epoch, index, loss: Math.max(0, -s), wBefore: before, wAfter: w, updated });
    });
    if (updates === 0) break;
  }
  return trace;
}
