#!/usr/bin/env bash
# Runs independent GAN trainings (seeds, hyper-parameters) side by side and evaluates each one; then
# scripts/sweep-table.py collects their evaluation JSON into one table. See docs/distributed.md ("Sweeps").
#
#   scripts/sweep.sh OUT_DIR [JOBS] < runs.txt
#
# Each non-empty line of runs.txt (stdin) holds the arguments of one `gankit train` (without --out), e.g.
#   --data ring8 --model mlp --steps 2000 --seed 1
#   --data ring8 --model mlp --steps 2000 --seed 2 --r1 1
# Line i (from 1) trains into OUT_DIR/run-<i>, then `gankit evaluate --json` writes OUT_DIR/run-<i>/evaluation.json.
# A run that already has its evaluation.json is skipped, so a sweep can be restarted.
#
# On one machine: JOBS runs at a time (default 1), via xargs -P.
# Across machines: start the same command under Open MPI, e.g.
#   mpirun -np 8 --hostfile hosts scripts/sweep.sh /shared/sweep < runs.txt
# Every rank then takes lines rank+1, rank+1+N, ... (OMPI_COMM_WORLD_RANK/SIZE) and runs them one after the other;
# OUT_DIR must be on a file system all hosts share (or collect the run folders afterwards).
# GANKIT chooses the tool (default: gankit on PATH), e.g. GANKIT="dotnet artifacts/bin/Release/GanKit.Cli.dll".
set -euo pipefail

out=${1:?usage: scripts/sweep.sh OUT_DIR [JOBS] < runs.txt}
jobs=${2:-1}
gankit=${GANKIT:-gankit}
mkdir -p "$out"
lines="$out/runs.txt"
# Every rank reads stdin (mpirun forwards it to rank 0 only), so rank 0 saves it and the others wait for the file.
rank=${OMPI_COMM_WORLD_RANK:-0}
size=${OMPI_COMM_WORLD_SIZE:-1}
if [[ $rank -eq 0 ]]; then
  grep -v '^[[:space:]]*$' > "$lines.tmp" || true
  mv "$lines.tmp" "$lines"
else
  for _ in $(seq 600); do [[ -f "$lines" ]] && break; sleep 0.1; done
fi

# Trains and evaluates line $1 of runs.txt; the log of both is OUT_DIR/run-<i>.log.
run_line() {
  local index=$1 args dir="$out/run-$1"
  args=$(sed -n "${index}p" "$lines")
  [[ -f "$dir/evaluation.json" ]] && { echo "[sweep] run-$index: done before, skipped" >&2; return 0; }
  echo "[sweep] run-$index: $args" >&2
  # Word splitting of the line is intended: it holds several arguments.
  # shellcheck disable=SC2086
  if $gankit train --out "$dir" --json $args > "$dir.train.json" 2> "$dir.log" \
     && $gankit evaluate --run "$dir" --json > "$dir.evaluation.json" 2>> "$dir.log"; then
    mv "$dir.train.json" "$dir/train.json"
    mv "$dir.evaluation.json" "$dir/evaluation.json"
  else
    echo "[sweep] run-$index failed (see $dir.log)" >&2
  fi
}
export -f run_line
export out gankit lines

count=$(wc -l < "$lines")
if [[ $size -gt 1 ]]; then
  for ((i = rank + 1; i <= count; i += size)); do run_line "$i"; done
else
  seq 1 "$count" | xargs -r -P "$jobs" -I{} bash -c 'run_line {}'
fi
