import { boundaryPixels, boundsOf, gridInputs, layerOutputs } from "./grid";
import { classCss } from "./palette";
import type { PlaygroundSettings } from "./settings";
import { Trainer } from "./trainer";
import { PerceptronReplay } from "./perceptron";

const SIZE = 320;
const CELLS = 40;

/**
 * The starting state of a panel as a static SVG image (for where scripts cannot run: an untrusted notebook, GitHub,
 * a PDF): the untrained network's decision boundary (or the perceptron's first line) on a 40×40 grid, runs of equal
 * colour merged into one rectangle, and the data points. Deterministic: the same settings give the same bytes.
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
  const cell = SIZE / CELLS;
  const parts: string[] = [];
  for (let r = 0; r < CELLS; r++) {
    let start = 0;
    for (let c = 1; c <= CELLS; c++) {
      const same =
        c < CELLS && [0, 1, 2].every((k) => Math.abs(pixels[4 * (r * CELLS + c) + k] - pixels[4 * (r * CELLS + start) + k]) <= 3);
      if (same) continue;
      const i = 4 * (r * CELLS + start);
      const hex = [0, 1, 2].map((k) => pixels[i + k].toString(16).padStart(2, "0")).join("");
      parts.push(
        `<rect x="${(start * cell).toFixed(1)}" y="${(r * cell).toFixed(1)}" width="${((c - start) * cell + 0.5).toFixed(1)}" height="${(cell + 0.5).toFixed(1)}" fill="#${hex}"/>`,
      );
      start = c;
    }
  }
  const dot = (x: number, y: number, cls: number, test: boolean) => {
    const px = ((x - b.x0) / (b.x1 - b.x0)) * SIZE;
    const py = ((b.y1 - y) / (b.y1 - b.y0)) * SIZE;
    return `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3.5" fill="${classCss(cls)}" stroke="${test ? "#222" : "#fff"}"/>`;
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
