#!/usr/bin/env bash
# The README's first command: install everything, build, and run evcov on samples/.
# Reports appear under out/samples/<applicant>/ (coverage.json, report.pdf).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
set +e
build/evcov run samples/batch -o out/samples
code=$?
set -e
# Exit code 1 means "done, some files not read": the sample batch has one such file on purpose.
[ "$code" -le 1 ] || exit "$code"
echo "Reports written:"
find out/samples -name report.pdf -o -name coverage.json | sort
