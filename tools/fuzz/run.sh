#!/usr/bin/env bash
# Builds the model reader and engine with libFuzzer + AddressSanitizer (swiftc -sanitize=fuzzer,address) and fuzzes
# it, seeded with the committed fixtures. Usage: tools/fuzz/run.sh [seconds] (default 600).
# Prints libFuzzer's final statistics; crashing inputs are written to .build/fuzz/crash-*.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-600}"
out="$root/.build/fuzz"
mkdir -p "$out/objects" "$out/corpus"
cp "$root"/Tests/EngineTests/Fixtures/*.tflite "$out/corpus/" 2>/dev/null || true
for f in "$root"/Sources/CKernels/*.c "$root"/Sources/CKernels/*/*.c; do
  clang -O1 -g -fsanitize=fuzzer-no-link,address -I"$root/Sources/CKernels/include" -c "$f" \
    -o "$out/objects/$(basename "$f" .c).o"
done
cat > "$out/module.modulemap" <<MAP
module CKernels { header "$root/Sources/CKernels/include/ckernels.h" export * }
MAP
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name Engine -emit-library -static \
  -I "$out" $(find "$root/Sources/Engine" -name '*.swift') -emit-module -emit-module-path "$out/Engine.swiftmodule" \
  -o "$out/libEngine.a"
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -I "$out" "$root/tools/fuzz/ModelFuzzer.swift" \
  "$out/libEngine.a" "$out"/objects/*.o -o "$out/model-fuzzer"
cd "$out"
./model-fuzzer -max_total_time="$seconds" -max_len=300000 -print_final_stats=1 corpus 2>&1 | tail -25
