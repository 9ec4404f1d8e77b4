#!/usr/bin/env bash
# Runs every gemm_choice_<candidate> program that was built, single thread, in ROUNDS rounds (candidates interleaved
# so that a busy spell of a shared machine hits all of them alike), writing one Google Benchmark JSON per program
# and round into OUT; bench/gemm_choice_table.py turns them into the table of docs/performance.md.
# Usage: bench/run_gemm_choice.sh BUILD_DIR OUT [ROUNDS] [extra benchmark flags]
set -euo pipefail
build=$1 out=$2 rounds=${3:-2}
shift $(( $# < 3 ? $# : 3 ))
mkdir -p "$out"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1
for round in $(seq 1 "$rounds"); do
  for program in "$build"/bench/gemm_choice_*; do
    name=$(basename "$program")
    "$program" --benchmark_repetitions=3 --benchmark_min_time=0.1 --benchmark_out_format=json \
      --benchmark_out="$out/$name.round$round.json" "$@" > /dev/null
    # OpenBLAS once more with its kernel capped at AVX2, as an environment with OPENBLAS_CORETYPE=Haswell has it.
    if [ "$name" = gemm_choice_openblas ]; then
      OPENBLAS_CORETYPE=Haswell "$program" --benchmark_repetitions=3 --benchmark_min_time=0.1 \
        --benchmark_out_format=json --benchmark_out="$out/$name-haswell.round$round.json" "$@" > /dev/null
    fi
  done
done
