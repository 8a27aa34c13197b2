#!/usr/bin/env bash
# The browser tests drive a Chromium that is already on the machine (browser downloads do not work
# everywhere): $KENNISBANK_CHROMIUM, else Debian's /usr/bin/chromium, else the one Playwright finds
# (scripts/kennisbank/browser.py). When there is none, installs Debian's package if we may (root
# with apt-get); otherwise fails and names every place it looked. Browser tests never skip.
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python  # has Playwright, to ask where its own Chromium would be
[ -x "$python" ] || python=python3
find_chromium() { PYTHONPATH=scripts "$python" -m kennisbank.browser; }

if find_chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium ontbreekt; installeren met apt-get ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
find_chromium >/dev/null  # prints where it looked when there is still none, and fails
