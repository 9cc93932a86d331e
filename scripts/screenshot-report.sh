#!/usr/bin/env bash
# Takes a screenshot of a report as a reader's browser shows it: headless Chromium renders REPORT_HTML (its
# figures included) into OUT_PNG. Usage: scripts/screenshot-report.sh REPORT_HTML OUT_PNG [WIDTH [HEIGHT]]
# (default 1200 × 2400 pixels, the top of the report). Chromium: scripts/install-deps.sh --tests installs it.
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 4 ]; then
  echo "usage: scripts/screenshot-report.sh REPORT_HTML OUT_PNG [WIDTH [HEIGHT]]" >&2
  exit 2
fi
html=$1 out=$2 width=${3:-1200} height=${4:-2400}
if [ ! -f "$html" ]; then
  echo "screenshot-report.sh: no file $html; make one with: acasim report FOLDER" >&2
  exit 1
fi
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "screenshot-report.sh: chromium not found; install it with: scripts/install-deps.sh --tests" >&2
  exit 1
fi
profile=$(mktemp -d "${TMPDIR:-/tmp}/acasim-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT
url="file://$(realpath "$html")"
out_abs="$(realpath -m "$out")"
# A fresh profile and no network services: the render depends on the report alone.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$profile" --window-size="$width,$height" --virtual-time-budget=20000 \
  --screenshot="$out_abs" "$url" 2>"$profile/chromium.log" || {
  echo "screenshot-report.sh: chromium failed on $html:" >&2
  tail -5 "$profile/chromium.log" >&2
  exit 1
}
[ -s "$out_abs" ] || { echo "screenshot-report.sh: chromium wrote no $out" >&2; exit 1; }
echo "$out"
