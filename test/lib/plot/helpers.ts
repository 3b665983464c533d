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
export function slidePerceptronTrace(eta: number, maxEpochs = 100) {
  let w = [...slideW0];
  const trace: { epoch: number; index: number; loss: number; wBefore: number[]; wAfter: number[]; updated: boolean }[] = [];
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    let updates = 0;
    slideX.forEach((x, index) => {
      const s = slideY[index] * x.reduce((a, v, k) => a + v * w[k], 0);
      const before = w;
      const updated = s <= 0;
      if (updated) {
        w = w.map((v, k) => v + eta * slideY[index] * x[k]);
        updates++;
      }
      trace.push({ epoch, index, loss: Math.max(0, -s), wBefore: before, wAfter: w, updated });
    });
    if (updates === 0) break;
  }
  return trace;
}
