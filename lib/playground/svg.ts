import { boundaryPixels, boundsOf, gridInputs, layerOutputs } from "./grid";
import { classCss } from "./palette";
import type { PlaygroundSettings } from "./settings";
import { Trainer } from "./trainer";
import { PerceptronReplay } from "./perceptron";
import { encodePng } from "./png";

const SIZE = 320;
const CELLS = 64;

/**
 * The starting state of a panel as a static SVG image (for where scripts cannot run: an untrusted notebook, GitHub,
 * a PDF): the untrained network's decision boundary (or the perceptron's first line) on a 64×64 grid as an embedded
 * PNG stretched over the square, and the data points as circles. Deterministic: the same settings give the same bytes.
 */
export function startingStateSvg(s: PlaygroundSettings): string {
  const trainer = s.mode === "network" ? new Trainer(s) : null;
  const data = trainer ? trainer.data : new PerceptronReplay(s).data;
  const b = boundsOf([data.xTrain, ...(data.xTest ? [data.xTest] : [])]);
  const grid = gridInputs(b, CELLS);
  let pixels: Uint8ClampedArray;
  if (trainer) {
    const outs = layerOutputs(trainer.net, grid);
    pixels = boundaryPixels(s.output, outs[outs.length - 1]);
  } else {
    pixels = new Uint8ClampedArray(CELLS * CELLS * 4);
    for (let i = 0; i < CELLS * CELLS; i++) {
      const v = s.w0[0] + s.w0[1] * grid.data[2 * i] + s.w0[2] * grid.data[2 * i + 1];
      pixels.set(v > 0 ? [179, 213, 232, 255] : [248, 226, 179, 255], 4 * i);
    }
  }
  const png = encodePng(pixels, CELLS, CELLS).toString("base64");
  const parts = [`<image width="${SIZE}" height="${SIZE}" preserveAspectRatio="none" href="data:image/png;base64,${png}"/>`];
  const dot = (x: number, y: number, cls: number, test: boolean) => {
    const px = ((x - b.x0) / (b.x1 - b.x0)) * SIZE;
    const py = ((b.y1 - y) / (b.y1 - b.y0)) * SIZE;
    return `<circle cx="${Math.round(px)}" cy="${Math.round(py)}" r="3.5" fill="${classCss(cls)}" stroke="${test ? "#222" : "#fff"}"/>`;
  };
  for (let i = 0; i < data.xTrain.rows; i++)
    parts.push(dot(data.xTrain.data[2 * i], data.xTrain.data[2 * i + 1], data.yTrain[i], false));
  if (data.xTest && data.yTest) {
    for (let i = 0; i < data.xTest.rows; i++)
      parts.push(dot(data.xTest.data[2 * i], data.xTest.data[2 * i + 1], data.yTest[i], true));
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">`,
    "<title>Playground, starting state: the untrained network's decision boundary and the data</title>",
    ...parts,
    "</svg>",
  ].join("");
}
