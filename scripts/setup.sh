#!/usr/bin/env bash
# Installs the Debian 12 packages quant-mlir needs to build and test (see docs/setup.md).
# Idempotent: when every package is already present it returns without touching apt.
set -euo pipefail

PACKAGES=(
  g++ cmake make ninja-build
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libonnx-dev libprotobuf-dev protobuf-compiler python3-onnx python3-numpy
  libdnnl-dev libxnnpack-dev libpthreadpool-dev
  libgtest-dev libbenchmark-dev
  libstb-dev zlib1g-dev
  libonnx-testdata
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
