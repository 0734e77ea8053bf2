#!/usr/bin/env bash
# Start-up wall time of `symdiff grad` against its floors (issue 3 "Measure and report", issue 12 target 4).
# Builds the CLI and the two floor programs in Release, packs the CLI as the .NET tool and installs it into a
# temporary folder (dotnet tool install --tool-path), then times each whole run: RUNS rounds after 2 warm-up
# rounds, the commands ALTERNATING within each round (so a burst of load on this shared machine hits them all
# alike), and prints the median of each with the ratios to the floors and the load average.
#   bench/startup.sh            build, pack, install, then measure
#   RUNS=21 bench/startup.sh    more rounds (default 11);  NO_BUILD=1 bench/startup.sh  reuse the last build and install
# The installed tool is what users run (README "Install"): ReadyToRun, framework-dependent (composite: opt-in). The built one
# (src/SymDiff.Cli/bin/Release/net10.0/symdiff) is JIT-compiled, as `dotnet run` and the tests use it.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-11}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1
TOOLS=${TOOLS:-/tmp/symdiff-startup-tool}   # the pack and the install live here (kept for NO_BUILD=1)

if [[ -z "${NO_BUILD:-}" ]]; then
  for project in src/SymDiff.Cli bench/Floors/DotnetFloor bench/Floors/TorchFloor; do
    dotnet build "$project" -c Release -nologo -v q >&2
  done
  rm -rf "$TOOLS"
  start=$(date +%s)
  dotnet pack src/SymDiff.Cli -c Release -nologo -v q -o "$TOOLS/packages" >&2
  packed=$(date +%s)
  dotnet tool install --tool-path "$TOOLS/bin" --source "$TOOLS/packages" SymDiff.Cli >&2
  echo "pack: $((packed - start)) s, install: $(($(date +%s) - packed)) s ($(du -sh "$TOOLS/packages" | cut -f1) packed)" >&2
fi

CLI=src/SymDiff.Cli/bin/Release/net10.0/symdiff
INSTALLED=$TOOLS/bin/symdiff
DOTNET_FLOOR=bench/Floors/DotnetFloor/bin/Release/net10.0/DotnetFloor
TORCH_FLOOR=bench/Floors/TorchFloor/bin/Release/net10.0/TorchFloor
EXPR='x^2+2*x+1'

names=("DotnetFloor (trivial console app)" "TorchFloor (load libtorch, one tensor op)"
       "built: \`symdiff grad \"$EXPR\" --at 3 --no-autograd\`" "built: \`symdiff grad \"$EXPR\" --at 3\` (autograd)"
       "installed: \`symdiff grad \"$EXPR\" --at 3 --no-autograd\`" "installed: \`symdiff grad \"$EXPR\" --at 3\` (autograd)")
commands=("$DOTNET_FLOOR" "$TORCH_FLOOR"
          "$CLI grad $EXPR --at 3 --no-autograd" "$CLI grad $EXPR --at 3"
          "$INSTALLED grad $EXPR --at 3 --no-autograd" "$INSTALLED grad $EXPR --at 3")
for c in "${commands[@]}"; do
  $c >/dev/null || { echo "failed: $c" >&2; exit 1; }   # the expression has no spaces or globs: word splitting is safe
done

# one sample of the command given as one string: "wall cpu" in seconds (cpu = user + system, its children included),
# from bash's time keyword. CPU time is the steadier figure on a loaded machine: waiting for a core is not in it.
sample() { local TIMEFORMAT='%R %U %S'; { time $1 >/dev/null 2>&1; } 2>&1 | awk '{ printf "%s %.3f\n", $1, $2 + $3 }'; }

declare -A wall cpu
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((round = -2; round < RUNS; round++)); do
  for i in "${!commands[@]}"; do
    read -r w c < <(sample "${commands[$i]}")
    ((round >= 0)) && wall[$i]+="$w " && cpu[$i]+="$c "
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f\n", m}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
for i in "${!commands[@]}"; do mw[$i]=$(median "${wall[$i]}"); mc[$i]=$(median "${cpu[$i]}"); done
row() { # index, floor index, floor name, target
  if [[ $# -eq 1 ]]; then echo "| ${names[$1]} | ${mw[$1]} | ${mc[$1]} | | | | |"
  else echo "| ${names[$1]} | ${mw[$1]} | ${mc[$1]} | $3 | $(ratio "${mw[$1]}" "${mw[$2]}") | $(ratio "${mc[$1]}" "${mc[$2]}") | $4 |"; fi
}

echo "Start-up, median of $RUNS alternating rounds (bash time: wall, and CPU = user + system), $(nproc) cores; load average before: $load_before, after: $load_after"
echo
echo "| command | wall (s) | CPU (s) | floor | wall ratio | CPU ratio | target |"
echo "|---|---:|---:|---|---:|---:|---:|"
row 0; row 1
row 2 0 .NET ""; row 3 1 TorchSharp ""
row 4 0 .NET "<= 2"; row 5 1 TorchSharp "<= 1.2"
