#!/usr/bin/env bash
# Screenshot one page of the built site with headless Chromium: tools/screenshot.sh _site/index.html out.png [width]
set -euo pipefail
page=$(realpath "$1"); out=$(realpath -m "$2"); width=${3:-1280}
tmp=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$tmp" --hide-scrollbars \
  --window-size="$width,2400" --screenshot="$out" "file://$page" >/dev/null 2>&1
rm -rf "$tmp"
echo "$out"
