#!/usr/bin/env bash
# Compares (default) or refreshes (--update) the committed generated docs in
# docs/generated/ against the ones the build produces from ODS and Passes.td.
#   scripts/docs.sh [--update] [BUILD_DIR]
set -euo pipefail
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
gen=$root/docs/generated
mapfile -t built < <(cd "$build/docs" && find . -name '*.md' | sort)
if [ ${#built[@]} -eq 0 ]; then
  echo "docs: nothing generated in $build/docs (build the 'mlir-doc' target)" >&2
  exit 1
fi
status=0
for f in "${built[@]}"; do
  name=$(basename "$f")
  if [ $update -eq 1 ]; then
    mkdir -p "$gen"
    cp "$build/docs/$f" "$gen/$name"
  elif ! cmp -s "$build/docs/$f" "$gen/$name"; then
    echo "docs: docs/generated/$name is stale; run scripts/docs.sh --update" >&2
    status=1
  fi
done
[ $update -eq 1 ] && echo "docs: updated ${#built[@]} files in docs/generated/"
[ $status -eq 0 ] && [ $update -eq 0 ] && echo "docs: ${#built[@]} generated docs up to date"
exit $status
