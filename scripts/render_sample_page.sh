#!/usr/bin/env bash
# Renders page 1 (cover) and page 3 (the first control section) of an evcov
# report.pdf to PNG, for screenshots in the README.
#
# Usage: scripts/render_sample_page.sh REPORT.pdf [OUT_DIR] [DPI]
#   OUT_DIR defaults to the report's directory, DPI to 100.
# Writes OUT_DIR/report-page-1.png and OUT_DIR/report-page-3.png (page 3 is
# skipped, with a note, when the report is shorter, e.g. an error report).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 ]]; then
  echo "usage: $0 REPORT.pdf [OUT_DIR] [DPI]" >&2
  exit 2
fi
report=$1
out_dir=${2:-$(dirname -- "$report")}
dpi=${3:-100}

if [[ ! -f $report ]]; then
  echo "$0: $report: no such file" >&2
  exit 1
fi
for tool in pdftoppm pdfinfo; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: $tool not found (install poppler-utils)" >&2
    exit 1
  fi
done
mkdir -p -- "$out_dir"

# pdfinfo prints a harmless ToUnicode warning for libharu's fonts; keep stderr
# for real failures only.
pages=$(pdfinfo -- "$report" 2>/dev/null | awk '/^Pages:/ {print $2}')
if [[ -z $pages ]]; then
  echo "$0: $report: not a readable PDF" >&2
  exit 1
fi

for page in 1 3; do
  if ((page > pages)); then
    echo "$0: $report has $pages page(s); no page $page" >&2
    continue
  fi
  # -singlefile writes exactly PREFIX.png instead of PREFIX-NN.png.
  pdftoppm -png -r "$dpi" -f "$page" -l "$page" -singlefile -- "$report" \
    "$out_dir/report-page-$page" 2>/dev/null
  echo "$out_dir/report-page-$page.png"
done
