#!/usr/bin/env bash
# Fuzz smoke test: builds the libFuzzer targets of fuzz/ with clang (ASan+UBSan,
# into build-fuzz/, or $EVCOV_FUZZ_BUILD) and runs each for FUZZ_SECONDS (20) on
# its seed corpus from the fixtures, samples and checklists. Fails on the first
# crash, leak, timeout or sanitizer report; the input that did it is kept in
# <build>/artifacts/ and the fuzzer's log in <build>/logs/. Seeds are copied,
# new inputs go to <build>/corpus/<target>/: the source tree is not written.
# A long session: see README.md, "Fuzzing".
set -euo pipefail
cd "$(dirname "$0")/.."
build=${EVCOV_FUZZ_BUILD:-build-fuzz}
seconds=${FUZZ_SECONDS:-20}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DEVCOV_FUZZ=ON -DEVCOV_TESTS=OFF -DEVCOV_WERROR=OFF >/dev/null
ninja -C "$build" fuzz_extract fuzz_applicant fuzz_checklist fuzz_document_json evcov

seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{extract,applicant,checklist,document_json} "$build"/{corpus,artifacts,logs}
# extract: a 0 byte (sniff and dispatch as a run does), then the file.
find tests/fixtures samples -type f ! -name '*.py' ! -name '*.sh' ! -name applicant.yaml \
  -size -2M -print0 |
  while IFS= read -r -d '' f; do
    { printf '\0'; cat "$f"; } >"$seeds/extract/$(echo "$f" | tr '/' '_')"
  done
find samples ../shared/eval/dev -name applicant.yaml -print0 2>/dev/null |
  while IFS= read -r -d '' f; do cp "$f" "$seeds/applicant/$(echo "$f" | sed 's|^[./]*||; s|/|_|g')"; done
for f in checklists/*.xml; do
  [ "$(basename "$f")" = lexicon.xml ] || cp "$f" "$seeds/checklist/"
done
for f in tests/fixtures/core/*.docx tests/fixtures/core/*.pdf tests/fixtures/hostile/good-runbook.md; do
  "$build/evcov" extract --no-ocr "$f" >"$seeds/document_json/$(basename "$f").json" 2>/dev/null ||
    rm -f "$seeds/document_json/$(basename "$f").json"
done

status=0
for target in extract applicant checklist document_json; do
  mkdir -p "$build/corpus/$target"
  log="$build/logs/$target.log"
  printf 'fuzz_%s: %s s on %s seeds ... ' "$target" "$seconds" "$(ls "$seeds/$target" | wc -l)"
  if "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
    "$build/corpus/$target" "$seeds/$target" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$log" | awk '{print "ok,", $2, "runs"}'
  else
    echo "FAILED (log: $log)"
    grep -A40 -E '==ERROR|runtime error|ERROR: libFuzzer|deadly signal' "$log" | head -60 || tail -40 "$log"
    status=1
  fi
done
exit $status
