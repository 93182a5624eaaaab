#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, GAZETTE_FUZZ=ON, with ASan and UBSan)
# and runs each for SECONDS. Usage:
#   scripts/fuzz.sh [SECONDS] [TARGET...]        (default: 60, every target)
# GAZETTE_FUZZ_JOBS=N runs N targets at a time (default 1; each still gets
# SECONDS). GAZETTE_FUZZ_BUILD_DIR (default build-fuzz) may be any build
# configured with GAZETTE_FUZZ=ON: CI's sanitized build is one. Each target
# starts from the seeds in fuzz/corpus/TARGET and keeps what it finds in
# $GAZETTE_FUZZ_BUILD_DIR/fuzz-corpus/TARGET, so later runs go on from there.
# A crash leaves the input in that build directory as TARGET-crash-*, prints
# how to replay it, and fails the script: fix it in common/ and add a test
# that fails without the fix to the test file mirroring the source
# (tests/NAME_test.cc).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
build=${GAZETTE_FUZZ_BUILD_DIR:-"$root/build-fuzz"}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(article_reader_fuzzer entity_extractor_fuzzer query_builder_fuzzer
           batch_request_fuzzer)
fi
declare -A dict=([article_reader_fuzzer]=article.dict
                 [query_builder_fuzzer]=query.dict
                 [batch_request_fuzzer]=batch.dict)

"$root/scripts/install-deps.sh" fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DGAZETTE_FUZZ=ON \
    >/dev/null
fi
cmake --build "$build" --target fuzzers -j "$(nproc 2>/dev/null || echo 2)"

# One target's run; what it found goes to $build/TARGET.summary, printed
# once every run is over so that parallel runs do not mix their lines.
run_target() {
  local target=$1 corpus="$build/fuzz-corpus/$1" status=0
  mkdir -p "$corpus"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
              -artifact_prefix="$build/$target-" -print_final_stats=1)
  if [ -n "${dict[$target]:-}" ]; then
    args+=(-dict="$root/fuzz/${dict[$target]}")
  fi
  {
    echo "== $target: $seconds s"
    if ! LSAN_OPTIONS="suppressions=$root/fuzz/lsan.supp" \
        "$build/fuzz/$target" "${args[@]}" "$corpus" "$root/fuzz/corpus/$target" \
        2>"$build/$target.log"; then
      status=1
      grep -E "ERROR|SUMMARY|fuzz check failed|Test unit written" \
        "$build/$target.log" || tail -20 "$build/$target.log"
      echo "replay: $build/fuzz/$target $build/$target-{crash,leak,timeout,oom}-*"
    fi
    grep -E "^stat::(number_of_executed_units|new_units_added|peak_rss_mb)|cov: " \
      "$build/$target.log" | tail -4 || true
  } >"$build/$target.summary"
  return $status
}

# GAZETTE_FUZZ_JOBS targets at a time (default 1; CI runs one per core).
jobs=${GAZETTE_FUZZ_JOBS:-1}
status=0
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
  run_target "$target" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
for target in "${targets[@]}"; do
  cat "$build/$target.summary" >&2
done
exit $status
