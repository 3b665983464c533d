import { BLOB_CENTERS, blobStd, PERCEPTRON_POINTS } from "./data";
import { changedSettings, layerSizes, OUTPUTS, type PlaygroundSettings } from "./settings";

/** A number as TypeScript source (shortest round-trip form). */
const num = (v: number): string => String(v);
const list = (vs: readonly number[]): string => `[${vs.map(num).join(", ")}]`;
const matrix = (rows: readonly (readonly number[])[]): string => `[${rows.map(list).join(", ")}]`;

/**
 * "Copy as code": the TypeScript, in library calls, that reproduces a panel in a notebook cell: the same data, network,
 * optimizer, loss and seeded shuffling, trained by `fit` for the panel's finished epochs, ending with the train and
 * test losses the panel shows (equal to 1e-12). Written for tslab (no object shorthand). Pure, also used in Node.
 */
export function settingsToCode(s: PlaygroundSettings, epochs: number): string {
  const lines: string[] = [];
  const names = new Set(["Rng"]);
  const use = (name: string) => {
    names.add(name);
    return name;
  };
  lines.push(`// Playground settings (restorable with playground(...)): ${JSON.stringify(changedSettings(s))}`);
  lines.push(`const rng = new Rng(${s.seed});`);
  switch (s.data) {
    case "circles":
    case "moons":
    case "spirals":
      lines.push(`const data = ${use(s.data)}(${s.points}, rng, { noise: ${num(s.noise)} });`);
      break;
    case "blobs":
      lines.push(
        `const data = ${use("blobs")}(${s.points}, rng, { centers: ${matrix(BLOB_CENTERS)}, std: ${num(blobStd(s.noise))} });`,
      );
      break;
    case "and":
    case "or":
    case "xor":
      lines.push(`const data = ${use("logicTable")}("${s.data}");`);
      break;
    case "perceptron":
      lines.push(`const data = { X: ${use("Tensor")}.from(${matrix(PERCEPTRON_POINTS.X)}), y: ${list(PERCEPTRON_POINTS.y)} };`);
      break;
    case "iris": {
      const [a, b] = s.irisFeatures;
      lines.push(`const full = ${use("iris")}();`);
      const X = `${use("Tensor")}.from(full.y.map((_, i) => [full.X.get(i, ${a}), full.X.get(i, ${b})]))`;
      lines.push(`const data = { X: ${s.standardize ? `${use("standardize")}(${X}).X` : X}, y: full.y };`);
      break;
    }
  }
  if (s.mode === "perceptron") {
    lines.push(
      `const run = ${use("trainPerceptron")}(${use("augment")}(data.X), data.y.map((v) => 2 * v - 1), { w0: ${list(s.w0)}, lr: ${num(s.lr)} });`,
    );
    lines.push("run.w; // the weights [bias, w1, w2] after the last epoch; run.trace holds every step");
    return withImports(lines, names);
  }
  let train = "{ x: data.X, y: data.y }";
  let test: string | null = null;
  if (s.testFraction > 0) {
    lines.push(
      `const split = ${use("trainTestSplit")}(data.X, data.y, { testFraction: ${num(s.testFraction)}, rng: rng, stratify: true });`,
    );
    train = "{ x: split.xTrain, y: split.yTrain }";
    test = "{ x: split.xTest, y: split.yTest }";
  }
  if (s.output === "tanh-mse") {
    const signed = (part: string) => part.replace(/y: (\w+)\.(\w+) }/, "y: $1.$2.map((v) => 2 * v - 1) }");
    lines.push("// a tanh output learns the labels as -1 and +1");
    train = signed(train);
    if (test) test = signed(test);
  }
  const activations = [...s.hidden.map(() => s.activation), OUTPUTS[s.output].activation];
  lines.push(
    `const net = ${use("mlp")}(${list(layerSizes(s))}, { activations: [${activations.map((a) => `"${a}"`).join(", ")}], init: "xavier", rng: rng });`,
  );
  s.weights?.forEach((layer, k) => {
    lines.push(`net.setWeights(${k}, ${matrix(layer.W)}, ${list(layer.b)});`);
  });
  const loss = use(OUTPUTS[s.output].loss);
  const optimizer = `${use(s.optimizer)}({ lr: ${num(s.lr)}, weightDecay: ${num(s.l2)} })`;
  lines.push(`const history = ${use("fit")}(net, ${train}, {`);
  lines.push(`  epochs: ${Math.max(1, epochs)}, batchSize: ${s.batchSize}, optimizer: ${optimizer}, loss: ${loss}, rng: rng,`);
  lines.push("});");
  lines.push(`const trainLoss = ${use("evaluate")}(net, ${train}, { loss: ${loss} }).loss;`);
  lines.push(`const testLoss = ${test ? `evaluate(net, ${test}, { loss: ${loss} }).loss` : "null"};`);
  lines.push("({ trainLoss: trainLoss, testLoss: testLoss });");
  return withImports(lines, names);
}

function withImports(lines: string[], names: Set<string>): string {
  return [`import { ${[...names].sort().join(", ")} } from "dl4nlp";`, "", ...lines].join("\n");
}
