import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";

/** Debian's Chromium; override with the option or the CHROMIUM_PATH environment variable. */
const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** The flags of a quiet, offline-friendly headless Chromium (toolchain.md). */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // WebGL (3-D surfaces) through the software rasterizer, as there is no GPU
  "--enable-unsafe-swiftshader",
  "--use-angle=swiftshader",
];

/** The Chromium executable to use, or null with the path that was looked at. */
export function findChromium(chromiumPath?: string): { path: string; found: boolean } {
  const path = chromiumPath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  return { path, found: existsSync(path) };
}

/** Starts headless Chromium through playwright-core (never `npx playwright install`). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
