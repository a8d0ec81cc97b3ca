#!/usr/bin/env bash
# Installs every system package evcov needs to build, test and run (Debian 12, as root).
# Idempotent: packages already present are not fetched again.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build pkg-config clang-format
  clang libclang-rt-14-dev  # fuzz/: libFuzzer and the sanitizer runtimes for clang 14
  libpoppler-cpp-dev poppler-utils libhpdf-dev fonts-dejavu-core
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-eng
  libicu-dev libxml2-dev libxml2-utils libzip-dev zlib1g-dev libyaml-cpp-dev nlohmann-json3-dev
  libcli11-dev libsqlite3-dev libssl-dev libstemmer-dev libmagic-dev
  libgtest-dev libgmock-dev
  python3 python3-docx python3-openpyxl python3-reportlab python3-pil time
  imagemagick
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
