#!/usr/bin/env node
// Bundles the Playground panel (lib/playground/panel/auto.ts: the panel code with the library's browser build) into
// one minified script, lib/dist/playground/panel.js, with esbuild, for the outputs of playground(). Part of
// `npm run build`, after tsc. The panel's CSS is a real file (panel.css) imported as text. Target ES2022 (browsers
// from 2021 on, which JupyterLab 4 needs anyway): class fields stay native instead of esbuild's helper calls, which
// showed in the panel's CPU profile and made the script 1.5 KB larger.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const lib = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(lib, "dist", "playground", "panel.js");
const result = await build({
  entryPoints: [join(lib, "playground", "panel", "auto.ts")],
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  minify: true,
  legalComments: "none",
  loader: { ".css": "text" },
  write: false,
  logLevel: "error",
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, result.outputFiles[0].text);
renameSync(`${out}.tmp`, out);
