#!/usr/bin/env bash
# Start-up wall time of `symdiff grad` against its floors (issue 3, "Measure and report").
# Builds the CLI and the two floor programs in Release, then times each whole run (median of RUNS runs after
# 2 warm-up runs) through the built apphosts, and prints a markdown table with the ratios to the floors.
#   bench/startup.sh            build, then measure
#   RUNS=20 bench/startup.sh    more runs;  NO_BUILD=1 bench/startup.sh  reuse the last build
# Uses hyperfine when installed (apt-get update && apt-get install -y hyperfine), else a date +%s%N loop.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1

if [[ -z "${NO_BUILD:-}" ]]; then
  for project in src/SymDiff.Cli bench/Floors/DotnetFloor bench/Floors/TorchFloor; do
    dotnet build "$project" -c Release -nologo -v q >&2
  done
fi

CLI=src/SymDiff.Cli/bin/Release/net10.0/symdiff
DOTNET_FLOOR=bench/Floors/DotnetFloor/bin/Release/net10.0/DotnetFloor
TORCH_FLOOR=bench/Floors/TorchFloor/bin/Release/net10.0/TorchFloor
EXPR='x^2+2*x+1'

# median wall seconds of the command given as arguments (no shell in between)
median() {
  if command -v hyperfine >/dev/null; then
    local json
    json=$(mktemp)
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1 \
      || { echo "failed: $*" >&2; rm -f "$json"; return 1; }
    python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
    rm -f "$json"
  else
    local times=() start end i
    for i in 1 2; do "$@" >/dev/null; done
    for ((i = 0; i < RUNS; i++)); do
      start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
      times+=($(( end - start )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.4f\n", m / 1e9}'
  fi
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
dotnet_floor=$(median "$DOTNET_FLOOR")
torch_floor=$(median "$TORCH_FLOOR")
no_autograd=$(median "$CLI" grad "$EXPR" --at 3 --no-autograd)
autograd=$(median "$CLI" grad "$EXPR" --at 3)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "Start-up wall time, median of $RUNS runs ($(command -v hyperfine >/dev/null && echo hyperfine -N || echo 'date loop')), $(nproc) cores; load average before: $load_before, after: $load_after"
echo
echo "| command | median (s) | floor | ratio | target |"
echo "|---|---:|---|---:|---:|"
echo "| DotnetFloor (trivial console app) | $dotnet_floor | | | |"
echo "| TorchFloor (load libtorch, one tensor op) | $torch_floor | | | |"
echo "| \`symdiff grad \"$EXPR\" --at 3 --no-autograd\` | $no_autograd | .NET | $(ratio "$no_autograd" "$dotnet_floor") | <= 1.5 |"
echo "| \`symdiff grad \"$EXPR\" --at 3\` (autograd) | $autograd | TorchSharp | $(ratio "$autograd" "$torch_floor") | <= 1.2 |"
