import { augment } from "../data/preprocess";
import { type PerceptronStep, trainPerceptron } from "../nn/perceptron";
import { Rng } from "../tensor/rng";
import { makeData, type PlaygroundData } from "./data";
import type { PlaygroundSettings } from "./settings";

/**
 * Perceptron mode: the slides' rule replayed sample by sample. The whole trace comes from the library's
 * `trainPerceptron` (x augmented with a leading 1, labels ±1, w0 and η from the settings, at most 100 epochs); the
 * panel walks through it one step at a time.
 */
export class PerceptronReplay {
  readonly data: PlaygroundData;
  readonly trace: PerceptronStep[];
  readonly converged: boolean;
  /** Steps shown so far (0 = the starting weights). */
  position = 0;

  constructor(readonly settings: PlaygroundSettings) {
    this.data = makeData({ ...settings, testFraction: 0 }, new Rng(settings.seed));
    const run = trainPerceptron(
      augment(this.data.xTrain),
      this.data.yTrain.map((v) => 2 * v - 1),
      { w0: settings.w0, lr: settings.lr, maxEpochs: 100 },
    );
    this.trace = run.trace;
    this.converged = run.converged;
  }

  /** The last step shown, or null at the start. */
  get current(): PerceptronStep | null {
    return this.position === 0 ? null : this.trace[this.position - 1];
  }

  /** The weights [bias, w1, w2] now. */
  get w(): number[] {
    const c = this.current;
    return c ? Array.from(c.wAfter.data) : [...this.settings.w0];
  }

  /** Epochs finished (the epoch of the last step when it ended an epoch). */
  get epoch(): number {
    const c = this.current;
    if (!c) return 0;
    return c.index === this.data.xTrain.rows - 1 ? c.epoch : c.epoch - 1;
  }

  get done(): boolean {
    return this.position >= this.trace.length;
  }

  /** One sample; false at the end of the trace. */
  step(): boolean {
    if (this.done) return false;
    this.position++;
    return true;
  }

  /** Up to the end of the current epoch. */
  runEpoch(): void {
    do {
      if (!this.step()) return;
    } while (this.current!.index !== this.data.xTrain.rows - 1);
  }

  /** Mean perceptron loss max(0, −y w·x) over the samples at the current weights. */
  loss(): number {
    const w = this.w;
    const X = this.data.xTrain;
    let sum = 0;
    for (let i = 0; i < X.rows; i++) {
      const y = 2 * this.data.yTrain[i] - 1;
      sum += Math.max(0, -y * (w[0] + w[1] * X.data[2 * i] + w[2] * X.data[2 * i + 1]));
    }
    return sum / X.rows;
  }
}
