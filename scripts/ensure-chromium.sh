#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (browser downloads do not work here).
# Installs it when missing and we are allowed to (root); otherwise says what to do.
set -euo pipefail
browser="${KENNISBANK_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium ontbreekt; installeren met apt-get ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium niet gevonden op $browser. Installeer het pakket 'chromium' (sudo apt-get install chromium)" >&2
echo "of zet KENNISBANK_CHROMIUM op het pad van een Chromium-browser." >&2
exit 1
