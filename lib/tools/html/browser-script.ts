import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { scriptSafe } from "./escape";

const cache = new Map<string, string>();

/**
 * The built JavaScript of one of the browser scripts that pages and decks inline (`tools/html/browser/*.ts`,
 * `tools/slides/browser/*.ts`: real TypeScript files, type-checked and linted with the rest, compiled by `npm run
 * build`), by its path under `tools/` without extension, e.g. `"html/browser/plot-draw"`. Ready to put between
 * `<script>` tags. Throws, naming the file, when the build is missing.
 *
 * From the built library (`dist/tools/html/`) the file is beside this one's folder; from the TypeScript sources (tests
 * run them directly) it is in `lib/dist/tools/`.
 */
export function browserScript(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    const file = join(builtTools(), `${name}.js`);
    let js: string;
    try {
      js = readFileSync(file, "utf8");
    } catch {
      throw new Error(`browser script ${file} is missing: build the library first (npm run build)`);
    }
    // a script that imports types only (`import type`) is a module to tsc, which marks it for CommonJS: the page has
    // no `exports`, and nothing else of the module system is emitted for type imports
    const standalone = js.replace(/^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);\n/m, "");
    text = scriptSafe(standalone.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"));
    cache.set(name, text);
  }
  return text;
}

/**
 * The text of every browser script an export may inline (each `tools/<part>/browser/*.js` of the build), as
 * browserScript gives it: what the exporter itself writes into pages and decks. The leak check excuses a solution
 * line that is also a line of these (a line as generic as `return count;`): finding it in a page proves nothing.
 */
export function browserScriptsText(): string {
  const tools = builtTools();
  const texts: string[] = [];
  for (const part of readdirSync(tools, { withFileTypes: true })) {
    if (!part.isDirectory()) continue;
    let files: string[];
    try {
      files = readdirSync(join(tools, part.name, "browser")).filter((f) => f.endsWith(".js"));
    } catch {
      continue;
    }
    for (const f of files.sort()) texts.push(browserScript(`${part.name}/browser/${f.slice(0, -3)}`));
  }
  return texts.join("\n");
}

/** The built `tools/` folder: beside this file's folder in the build, `lib/dist/tools/` from the TypeScript sources. */
function builtTools(): string {
  return __filename.endsWith(".ts") ? resolve(__dirname, "../../dist/tools") : resolve(__dirname, "..");
}
