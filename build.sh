#!/usr/bin/env bash
# GanKit's one entry point.
#   ./build.sh demo [args]   train a small GAN, sample, evaluate and stylize on embedded defaults (the README's "run it")
#   ./build.sh test          prerequisites, the README's test command (dotnet test GanKit.sln), then the package consumer check
#   ./build.sh build         prerequisites, then a Release build of the solution
#   ./build.sh bench [args]  the benchmark runner (see docs/benchmarks.md)
#   ./build.sh pack [dir]    NuGet packages into dir (default artifacts/packages)
#   ./build.sh setup         only the prerequisites (libstdc++ with GLIBCXX_3.4.32, Fashion-MNIST)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

verb=${1:-help}
[[ $# -gt 0 ]] && shift

case "$verb" in
  setup)
    bash scripts/install-prerequisites.sh ;;
  build)
    bash scripts/install-prerequisites.sh
    dotnet build GanKit.sln -c Release ;;
  test)
    bash scripts/install-prerequisites.sh
    log=$(mktemp)
    set +e
    dotnet test GanKit.sln "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
    failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
    rm -f "$log"
    # The packages must work for a brand-new app too (GANKIT_SKIP_CONSUMER_CHECK=1 skips this slower check).
    if [[ $status -eq 0 && "${GANKIT_SKIP_CONSUMER_CHECK:-0}" != 1 ]]; then bash scripts/consumer-check.sh; fi
    echo "tests: $passed passed, $failed failed"
    exit "$status" ;;
  demo)
    bash scripts/install-prerequisites.sh
    dotnet run --project src/GanKit.Cli -c Release -- demo "$@" ;;
  bench)
    bash scripts/install-prerequisites.sh
    dotnet run --project benchmarks/GanKit.Benchmarks -c Release -- "$@" ;;
  pack)
    out=${1:-artifacts/packages}
    dotnet pack GanKit.sln -c Release -o "$out" ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    [[ "$verb" == help ]] || exit 2 ;;
esac
