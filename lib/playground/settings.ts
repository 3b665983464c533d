/**
 * The Playground's settings: one plain JSON object that fully determines a panel's starting state (data, network,
 * training), so a lecturer can prepare a state in a cell (`playground({...})`), read it back from the panel
 * ("Settings") and restore it. Every option's allowed values live in the registries below, from which the panel's
 * controls, the validation and "copy as code" are derived.
 */

/** The data sets: 2-D inputs, class labels. */
export const DATASETS = {
  circles: { label: "circles", classes: 2, generated: true },
  xor: { label: "XOR (4 points)", classes: 2, generated: false },
  and: { label: "AND (4 points)", classes: 2, generated: false },
  or: { label: "OR (4 points)", classes: 2, generated: false },
  blobs: { label: "blobs", classes: 2, generated: true },
  moons: { label: "moons", classes: 2, generated: true },
  spirals: { label: "spirals", classes: 2, generated: true },
  iris: { label: "Iris (2 features, 3 classes)", classes: 3, generated: false },
  perceptron: { label: "the slides' perceptron example", classes: 2, generated: false },
} as const;
export type DatasetName = keyof typeof DATASETS;

/** Hidden-layer activations (library names). */
export const ACTIVATIONS = ["tanh", "relu", "sigmoid", "identity"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Output layer and loss, as pairs that belong together. */
export const OUTPUTS = {
  "sigmoid-bce": { label: "sigmoid + binary cross-entropy", activation: "sigmoid", loss: "binaryCrossEntropy", binary: true },
  "tanh-mse": { label: "tanh + MSE (labels ±1)", activation: "tanh", loss: "mse", binary: true },
  "identity-mse": { label: "identity + MSE (labels 0/1)", activation: "identity", loss: "mse", binary: true },
  "softmax-ce": { label: "softmax + cross-entropy", activation: "identity", loss: "softmaxCrossEntropy", binary: false },
} as const;
export type OutputName = keyof typeof OUTPUTS;

/** Optimizers (library factory names). */
export const OPTIMIZERS = { sgd: "SGD", momentum: "SGD + momentum", adam: "Adam" } as const;
export type OptimizerName = keyof typeof OPTIMIZERS;

/** Iris's four features, as iris().featureNames. */
export const IRIS_FEATURES = ["sepal length", "sepal width", "petal length", "petal width"] as const;

/** Weights of one dense layer: W inputs×outputs (the library's layout), b one per output. */
export interface LayerWeights {
  W: number[][];
  b: number[];
}

/** Everything a panel starts from. All fields are plain JSON. */
export interface PlaygroundSettings {
  /** "network" trains an MLP; "perceptron" replays the slides' perceptron rule sample by sample. */
  mode: "network" | "perceptron";
  data: DatasetName;
  /** Number of generated points (circles, blobs, moons, spirals). */
  points: number;
  /** Noise of the generated data sets (their generators' noise / std). */
  noise: number;
  /** Share of the points held out as test set (0 = none); stratified. */
  testFraction: number;
  /** Iris only: the two features shown and trained on (0-3). */
  irisFeatures: [number, number];
  /** Iris only: standardise the two features (zero mean, unit variance on all 150 rows). */
  standardize: boolean;
  /** Units of each hidden layer, input to output. */
  hidden: number[];
  activation: ActivationName;
  output: OutputName;
  optimizer: OptimizerName;
  /**
   * The learning rate η: the optimizer's in network mode, the η of w ← w + η y x in perceptron mode (whose default is
   * 0.5, PERCEPTRON_DEFAULTS). Saved settings of earlier versions call the perceptron's η `eta`; normalizeSettings
   * still reads it (see readEtaAlias).
   */
  lr: number;
  batchSize: number;
  /** L2 penalty λ, as the optimizer's weight decay (adds λ·w to each weight's gradient). */
  l2: number;
  seed: number;
  /** Start from these weights instead of the seeded random ones, one entry per layer. */
  weights: LayerWeights[] | null;
  /** Optimizer steps (mini-batches) per animation frame while playing. */
  stepsPerFrame: number;
  /** Perceptron mode: the starting weights [bias, w1, w2]. */
  w0: [number, number, number];
  /** Side of the square grid on which the boundary is evaluated. */
  grid: number;
  /** A caption shown above the panel. */
  title: string;
}

/**
 * What playground() and normalizeSettings take: any settings (the rest take their defaults), a preset to start from,
 * and `eta`, the old name of perceptron mode's `lr`, so that saved settings and cells of earlier versions restore.
 */
export type PlaygroundOptions = Partial<PlaygroundSettings> & {
  preset?: string;
  /** @deprecated The old name of `lr` in perceptron mode; read as `lr` there, ignored in network mode. */
  eta?: number;
};

export const DEFAULT_SETTINGS: PlaygroundSettings = {
  mode: "network",
  data: "circles",
  points: 200,
  noise: 0.1,
  testFraction: 0.2,
  irisFeatures: [2, 3],
  standardize: true,
  hidden: [8],
  activation: "tanh",
  output: "sigmoid-bce",
  optimizer: "sgd",
  lr: 0.1,
  batchSize: 10,
  l2: 0,
  seed: 1,
  weights: null,
  stepsPerFrame: 10,
  w0: [0, -1, 1],
  grid: 60,
  title: "",
};

/** The defaults that differ in perceptron mode: the slides' η = 0.5 for the perceptron rule. */
export const PERCEPTRON_DEFAULTS: Partial<PlaygroundSettings> = { lr: 0.5 };

/** The defaults of a mode: DEFAULT_SETTINGS, with PERCEPTRON_DEFAULTS over them in perceptron mode. */
export function defaultSettings(mode: PlaygroundSettings["mode"] = "network"): PlaygroundSettings {
  return mode === "perceptron" ? { ...DEFAULT_SETTINGS, ...PERCEPTRON_DEFAULTS, mode } : { ...DEFAULT_SETTINGS };
}

/** Ready-made states: the slides' networks and examples. */
export const PRESETS: Record<string, Partial<PlaygroundSettings>> = {
  /** The slides' XOR network: hidden relu units with W = [[1, 1], [1, 1]], b = [0, −1]; output w = [1, −2]. */
  "xor-slides": {
    data: "xor",
    testFraction: 0,
    hidden: [2],
    activation: "relu",
    output: "identity-mse",
    optimizer: "sgd",
    lr: 0.05,
    batchSize: 4,
    weights: [
      {
        W: [
          [1, 1],
          [1, 1],
        ],
        b: [0, -1],
      },
      { W: [[1], [-2]], b: [0] },
    ],
  },
  /** The slides' Iris walk-through: petal length and width, 2 relu units, softmax over 3 classes. */
  "iris-slides": {
    data: "iris",
    irisFeatures: [2, 3],
    standardize: false,
    testFraction: 0.3,
    hidden: [2],
    activation: "relu",
    output: "softmax-ce",
    optimizer: "adam",
    lr: 0.01,
    batchSize: 16,
    weights: [
      {
        W: [
          [0.1, 0.4],
          [-0.2, 0.6],
        ],
        b: [0.2, -0.3],
      },
      {
        W: [
          [0.3, 0.2, 0.3],
          [-0.3, 0.1, -0.2],
        ],
        b: [-0.1, -0.5, -0.4],
      },
    ],
  },
  /** The slides' perceptron trace: four points, w0 = (0, −1, 1), η = 0.5. */
  "perceptron-slides": { mode: "perceptron", data: "perceptron", lr: 0.5, w0: [0, -1, 1], testFraction: 0 },
};

function fail(message: string): never {
  throw new RangeError(`playground: ${message}`);
}

function numberIn(name: string, v: unknown, min: number, max: number, integer = false): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
    fail(`${name} must be ${integer ? "an integer" : "a number"} in [${min}, ${max}], got ${JSON.stringify(v)}`);
  return v;
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== "string" || !allowed.includes(v as T))
    fail(`${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** Number of classes of the settings' data set. */
export function classCount(s: Pick<PlaygroundSettings, "data">): number {
  return DATASETS[s.data].classes;
}

/** Layer sizes [2, hidden..., outputs]. */
export function layerSizes(s: Pick<PlaygroundSettings, "data" | "hidden" | "output">): number[] {
  const k = classCount(s);
  return [2, ...s.hidden, OUTPUTS[s.output].binary ? 1 : k];
}

/**
 * Complete, checked settings from a partial object (missing fields take DEFAULT_SETTINGS, or a preset's values with
 * `preset: "xor-slides"`). Throws a RangeError naming the field and the allowed values. A data set with more than two
 * classes gets the softmax output; a binary one keeps the output asked for.
 */
export function normalizeSettings(partial: PlaygroundOptions = {}): PlaygroundSettings {
  if (partial === null || typeof partial !== "object" || Array.isArray(partial))
    fail(`settings must be an object, got ${JSON.stringify(partial)}`);
  const { preset, eta, ...given } = partial;
  for (const key of Object.keys(given)) {
    if (!(key in DEFAULT_SETTINGS)) fail(`unknown setting "${key}"; known: ${Object.keys(DEFAULT_SETTINGS).join(", ")}`);
  }
  let base: Partial<PlaygroundSettings> = {};
  if (preset !== undefined) {
    if (!(preset in PRESETS)) fail(`unknown preset "${preset}"; known: ${Object.keys(PRESETS).join(", ")}`);
    base = PRESETS[preset];
  }
  const mode = oneOf("mode", given.mode ?? base.mode ?? DEFAULT_SETTINGS.mode, ["network", "perceptron"]);
  if (eta !== undefined) readEtaAlias(eta, mode, given);
  const s = { ...defaultSettings(mode), ...base, ...given } as PlaygroundSettings;
  const out: PlaygroundSettings = {
    mode,
    data: oneOf("data", s.data, Object.keys(DATASETS) as DatasetName[]),
    points: numberIn("points", s.points, 8, 5000, true),
    noise: numberIn("noise", s.noise, 0, 2),
    testFraction: numberIn("testFraction", s.testFraction, 0, 0.9),
    irisFeatures: [0, 0],
    standardize: Boolean(s.standardize),
    hidden: [],
    activation: oneOf("activation", s.activation, ACTIVATIONS),
    output: oneOf("output", s.output, Object.keys(OUTPUTS) as OutputName[]),
    optimizer: oneOf("optimizer", s.optimizer, Object.keys(OPTIMIZERS) as OptimizerName[]),
    // the perceptron rule needs η > 0 (trainPerceptron refuses 0); an optimizer may stand still at 0
    lr: numberIn("lr", s.lr, mode === "perceptron" ? 1e-6 : 0, 100),
    batchSize: numberIn("batchSize", s.batchSize, 1, 5000, true),
    l2: numberIn("l2", s.l2, 0, 10),
    seed: numberIn("seed", s.seed, 0, 2 ** 31 - 1, true),
    weights: null,
    stepsPerFrame: numberIn("stepsPerFrame", s.stepsPerFrame, 1, 1000, true),
    w0: [0, 0, 0],
    grid: numberIn("grid", s.grid, 10, 200, true),
    title: typeof s.title === "string" ? s.title.slice(0, 200) : fail(`title must be a string, got ${JSON.stringify(s.title)}`),
  };
  if (!Array.isArray(s.irisFeatures) || s.irisFeatures.length !== 2)
    fail("irisFeatures must be two feature indices, e.g. [2, 3]");
  out.irisFeatures = [
    numberIn("irisFeatures[0]", s.irisFeatures[0], 0, 3, true),
    numberIn("irisFeatures[1]", s.irisFeatures[1], 0, 3, true),
  ];
  if (out.irisFeatures[0] === out.irisFeatures[1]) fail(`irisFeatures must be two different features, got [${out.irisFeatures}]`);
  if (!Array.isArray(s.hidden) || s.hidden.length > 6)
    fail(`hidden must list 0 to 6 layer sizes, got ${JSON.stringify(s.hidden)}`);
  out.hidden = s.hidden.map((n, i) => numberIn(`hidden[${i}]`, n, 1, 16, true));
  if (!Array.isArray(s.w0) || s.w0.length !== 3) fail("w0 must be [bias, w1, w2]");
  out.w0 = [numberIn("w0[0]", s.w0[0], -1e6, 1e6), numberIn("w0[1]", s.w0[1], -1e6, 1e6), numberIn("w0[2]", s.w0[2], -1e6, 1e6)];
  if (classCount(out) > 2) out.output = "softmax-ce";
  if (!DATASETS[out.data].generated && out.data !== "iris") out.testFraction = 0;
  if (s.weights !== null && s.weights !== undefined) out.weights = checkWeights(s.weights, layerSizes(out));
  return out;
}

/**
 * The old name of perceptron mode's learning rate, `eta`, in saved settings (cells, the panel's settings text) from
 * before it became `lr`: in perceptron mode it is the η used, so it becomes `lr` (over an `lr` beside it, which then
 * was the unused network's); in network mode it was unused and is dropped. One old case reads differently: perceptron
 * mode with a changed network `lr` and the default η (no `eta` saved) now runs the perceptron with that `lr`.
 */
function readEtaAlias(eta: unknown, mode: PlaygroundSettings["mode"], given: Partial<PlaygroundSettings>): void {
  const value = numberIn("eta (the old name of lr)", eta, 1e-6, 100);
  if (mode === "perceptron") given.lr = value;
}

function checkWeights(weights: unknown, sizes: number[]): LayerWeights[] {
  if (!Array.isArray(weights) || weights.length !== sizes.length - 1)
    fail(`weights must have one {W, b} per layer (${sizes.length - 1} for sizes [${sizes}])`);
  return weights.map((layer: LayerWeights, k) => {
    const [n, m] = [sizes[k], sizes[k + 1]];
    const okW =
      Array.isArray(layer?.W) &&
      layer.W.length === n &&
      layer.W.every((row) => Array.isArray(row) && row.length === m && row.every(Number.isFinite));
    if (!okW) fail(`weights[${k}].W must be ${n}×${m} (inputs×outputs) finite numbers for sizes [${sizes}]`);
    if (!Array.isArray(layer.b) || layer.b.length !== m || !layer.b.every(Number.isFinite))
      fail(`weights[${k}].b must hold ${m} finite numbers`);
    return { W: layer.W.map((row) => [...row]), b: [...layer.b] };
  });
}

/**
 * The settings that differ from their mode's defaults (what "copy as code" and the saved state need to say); restored
 * by normalizeSettings to the same settings.
 */
export function changedSettings(s: PlaygroundSettings): Partial<PlaygroundSettings> {
  // the mode itself is said whenever it is not the default mode
  const defaults = { ...defaultSettings(s.mode), mode: DEFAULT_SETTINGS.mode };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(s)) {
    if (JSON.stringify(value) !== JSON.stringify(defaults[key as keyof PlaygroundSettings])) out[key] = value;
  }
  return out as Partial<PlaygroundSettings>;
}
