// dl4nlp with its WebAssembly kernels switched off (DL4NLP_WASM=0, set by lib.bench.mjs before this process starts):
// every product in the JavaScript kernels. A column of its own, so the table shows what WebAssembly SIMD buys.
//   DL4NLP_WASM=0 node test/bench/lib/ours-javascript-peer.mjs <inputs.json> <runs>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { benchIris, benchMatmul, benchMnist } from "./ours.mjs";

const require = createRequire(import.meta.url);
const d = require("../../../lib/dist/index.js");
const [inputsFile, runsArg] = process.argv.slice(2);
const inputs = JSON.parse(readFileSync(inputsFile, "utf8"));
const runs = Number(runsArg ?? 3);
const result = { matmul: benchMatmul(runs), iris: benchIris(inputs, runs), mnist: benchMnist(inputs, runs) };
if (d.wasmKernelAvailable()) throw new Error("DL4NLP_WASM=0 was not honoured: the WebAssembly kernels ran");
console.log(JSON.stringify(result));
