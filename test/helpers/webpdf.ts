import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Environment for `nbconvert --to webpdf`: Python's playwright (kernel-setup/requirements.txt) looks for its own
 * headless shell; a link to Debian's Chromium is made where it looks, under `dir`.
 */
export function webpdfEnv(python: string, dir: string): NodeJS.ProcessEnv {
  const probe = spawnSync(
    python,
    [
      "-c",
      "import json, pathlib, playwright; p = pathlib.Path(playwright.__file__).parent / 'driver/package/browsers.json'; " +
        "print(next(b['revision'] for b in json.loads(p.read_text())['browsers'] if b['name'] == 'chromium-headless-shell'))",
    ],
    { encoding: "utf8" },
  );
  if (probe.status !== 0) throw new Error(`python playwright is missing (kernel-setup/setup.sh): ${probe.stderr}`);
  const browsers = join(dir, "browsers");
  const shell = join(browsers, `chromium_headless_shell-${probe.stdout.trim()}`, "chrome-headless-shell-linux64");
  mkdirSync(shell, { recursive: true });
  if (!existsSync(join(shell, "chrome-headless-shell"))) symlinkSync("/usr/bin/chromium", join(shell, "chrome-headless-shell"));
  return { PLAYWRIGHT_BROWSERS_PATH: browsers };
}
