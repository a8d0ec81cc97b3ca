#!/usr/bin/env bash
# Configures and builds evcov into build/ (Release with debug info, warnings as errors).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEVCOV_TESTS=ON >/dev/null
ninja -C build
