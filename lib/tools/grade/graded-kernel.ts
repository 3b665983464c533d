/**
 * The graded kernel's program: tslab (`tslab kernel --config-path FILE`, as its bin script starts it) with the one
 * change of the course kernel that decides what a later cell can compile: a cell that throws part-way keeps the
 * declarations of the values it made (kernel/failed-cell-declarations.ts). So a submission's later cells see what they
 * see in the student's own Run All in the course kernel (launcher.ts), e.g. a solution cell whose own check throws at
 * its end, or one interrupted at its timeout, still declares the functions it defined before.
 *
 * Its second change: the grader's own cells (the prelude and the call cells) run without a TypeScript compile
 * (grader-cells.ts), with the conversion tslab would have made.
 *
 * It runs confined (sandbox-confine.ts), or is what the sandbox's start-up snapshot requires at start
 * (sandbox-snapshot.ts). The rest of the launcher (iopub, batched streams, error replies) is not needed here: the
 * grader reads a graded kernel through the sandbox launcher and the prelude (kernel-prelude.ts).
 */
import { dirname } from "node:path";
import { keepDeclarationsOfFailedCells } from "../kernel/failed-cell-declarations";
import { runGraderCellsWithoutCompile } from "./grader-cells";

const tslabDir = dirname(require.resolve("tslab/package.json"));
const executor = require(`${tslabDir}/dist/executor.js`);
keepDeclarationsOfFailedCells(executor, require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] })));
// after the wrapper above: the converter it calls is the one that lets the grader's cells skip the compile
runGraderCellsWithoutCompile(executor);
(require(`${tslabDir}/dist/main.js`) as { main(): void }).main();
