#!/usr/bin/env bash
# One-time set-up of a fresh machine for dl4nlp: system packages (Chromium), Jupyter in .venv, npm packages
# (which also builds the library), and the project's Jupyter kernelspec "TypeScript (dl4nlp)".
# Safe to run again: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "Chromium (static figure images, slides PDF, browser tests)"
if command -v chromium >/dev/null 2>&1; then
  echo "found $(command -v chromium)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  echo "installed $(chromium --version 2>/dev/null)"
else
  echo "no chromium and no root apt-get: install Debian's chromium package yourself (figures then get no static images)"
fi

step "bubblewrap (the sandbox of dl4nlp grade)"
command -v bwrap >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends bubblewrap >/dev/null; } || echo "no bwrap: install Debian's bubblewrap package (dl4nlp grade needs it)"

step "Jupyter in .venv (kernel-setup/requirements.txt)"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r kernel-setup/requirements.txt
.venv/bin/jupyter --version | sed -n '1,12p'

step "nbconvert --to webpdf: Debian's Chromium where Python's playwright looks for its browser"
# playwright (requirements.txt) only runs the headless shell of its own revision and cannot download one here; a link
# to /usr/bin/chromium at that place serves it. Root also needs: jupyter nbconvert --WebPDFExporter.disable_sandbox=True.
if command -v chromium >/dev/null 2>&1; then
  rev=$(.venv/bin/python - <<'PY'
import json, pathlib, playwright
p = pathlib.Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
print(next(b["revision"] for b in json.loads(p.read_text())["browsers"] if b["name"] == "chromium-headless-shell"))
PY
)
  shell_dir="${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/chromium_headless_shell-$rev/chrome-headless-shell-linux64"
  mkdir -p "$shell_dir"
  ln -sf "$(command -v chromium)" "$shell_dir/chrome-headless-shell"
  echo "linked $shell_dir/chrome-headless-shell -> $(command -v chromium)"
fi

step "npm packages (npm ci also builds lib/ to lib/dist)"
npm ci --no-audit --no-fund

step "Jupyter kernelspec dl4nlp"
node kernel-setup/install.mjs --python .venv/bin/python
