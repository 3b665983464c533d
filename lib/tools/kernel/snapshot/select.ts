/**
 * Which start-up snapshot a kernel Jupyter starts should run from: `node select.js` prints the file of a valid snapshot
 * of the project's kernel launcher for the working folder and environment it is run in (the kernel's), or nothing.
 * When there is none it starts the build in the background (detached: it outlives this process) for the next kernel,
 * as the dl4nlp tools do (./index.ts, tslabNodeArgs). `DL4NLP_KERNEL_CACHE=off` prints nothing and builds nothing.
 *
 * Run by kernel-setup/kernel.sh, the command of the Jupyter kernelspec, which then `exec`s node with
 * `--snapshot-blob FILE` or the launcher itself: the kernel stays the process Jupyter started (its interrupt, restart,
 * shutdown and exit status are the kernel's own). Any failure here prints nothing: the kernel then starts the ordinary
 * way. Exit code 0 always.
 */
import { kernelLauncher } from "../kernel-process";
import { tslabNodeArgs } from "./index";

function select(): string {
  try {
    const args = tslabNodeArgs({ tslabBin: kernelLauncher(), cwd: process.cwd(), env: process.env });
    const file = args[0] === "--snapshot-blob" ? args[1] : "";
    // one line for the shell: a file name with a line break in it is not passed on
    return file && !/[\n\r]/.test(file) ? file : "";
  } catch {
    return "";
  }
}

process.stdout.write(select());
