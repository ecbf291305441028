#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests, with its French resources (chromium-l10n:
# the browser's own strings, such as the file picker's button, in French), and prints its path.
# Installs with apt when something is missing and this runs as root; otherwise says what to do.
set -euo pipefail

find_chromium() {
  local candidate
  for candidate in "${MONMASTER_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

french() { [ -f /usr/lib/chromium/locales/fr.pak ]; }

if path=$(find_chromium) && { french || [ "$(id -u)" -ne 0 ] || [ -n "${MONMASTER_CHROMIUM:-}" ]; }; then
  echo "$path"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "chromium.sh: Chromium is missing; as root run: apt-get install -y chromium chromium-l10n" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "chromium.sh: installing Debian's chromium and chromium-l10n (apt-get)…" >&2
if ! apt-get install -y -q chromium chromium-l10n >&2; then
  apt-get update -q >&2
  apt-get install -y -q chromium chromium-l10n >&2
fi

if path=$(find_chromium); then echo "$path"; exit 0; fi
echo "chromium.sh: chromium was installed but no executable was found" >&2
exit 1
