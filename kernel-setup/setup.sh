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

step "poppler-utils (pdftoppm: the slides PDF test renders the pages to images)"
if command -v pdftoppm >/dev/null 2>&1; then
  echo "found $(command -v pdftoppm)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
  echo "installed $(command -v pdftoppm)"
else
  echo "no pdftoppm and no root apt-get: install Debian's poppler-utils package yourself (for the slides PDF test)"
fi

step "Jupyter in .venv (kernel-setup/requirements.txt)"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r kernel-setup/requirements.txt
.venv/bin/jupyter --version | sed -n '1,12p'

step "npm packages (npm ci also builds lib/ to lib/dist)"
npm ci --no-audit --no-fund

step "Jupyter kernelspec dl4nlp"
node kernel-setup/install.mjs --python .venv/bin/python
