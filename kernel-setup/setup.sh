#!/usr/bin/env bash
# One-time set-up of a fresh machine for dl4nlp: system packages (Chromium), Jupyter in .venv, npm packages
# (which also builds the library), and the project's Jupyter kernelspec "TypeScript (dl4nlp)".
# Safe to run again: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

# need CMD PACKAGES WHY: installs Debian's PACKAGES (as root via apt) unless CMD is already on PATH
apt_updated=0
need() {
  local cmd=$1 pkgs=$2 why=$3
  step "$pkgs ($why)"
  if command -v "$cmd" >/dev/null 2>&1; then
    echo "found $(command -v "$cmd")"
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
    echo "installed $(command -v "$cmd")"
  else
    echo "no $cmd and no root apt-get: install Debian's $pkgs yourself ($why)"
  fi
}

need chromium "chromium fonts-dejavu-core" "static figure images, slides PDF, browser tests"
need bwrap bubblewrap "the sandbox of dl4nlp grade"
need pdftoppm poppler-utils "pdftoppm: the slides PDF test renders the pages to images"

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
