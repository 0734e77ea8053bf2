#!/usr/bin/env bash
# Issue 12, target 2: gradient + simplification through `symdiff check --stats` against the library benchmark and
# SymPy's diff, in one run. Writes an .sdx of the 13 bench cases (bench/SymDiff.Benchmarks/bench-cases.tsv, each
# with its gradient variables as {wrt: ...}) repeated REPS times, runs
#   symdiff check FILE --stats --format json --no-autograd      (Release build)
# and prints per case the median of the last 10 repetitions of differentiateUs + simplifyUs, the library's own
# figure from the same run (SymDiff.Benchmarks check-stats: SimplifiedGradient, fresh factory, warm, median), and
# SymPy's diff when python3 with sympy is installed (measuring only: SymDiff never depends on Python).
#   bench/check-stats.sh              build, then measure
#   NO_BUILD=1 bench/check-stats.sh   reuse the last Release builds;  REPS=40 for more repetitions
#   SYMDIFF=/tmp/symdiff-startup-tool/bin/symdiff NO_BUILD=1 bench/check-stats.sh   the installed (ReadyToRun) tool
#                                     that bench/startup.sh packs and installs, instead of the JIT-compiled Release build
#   CLI_ENV="DOTNET_TieredCompilation=0" bench/check-stats.sh   runtime knobs for the CLI run only (to find where time
#                                                               goes); the library figures keep the defaults
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-20}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1
CASES=bench/SymDiff.Benchmarks/bench-cases.tsv
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build src/SymDiff.Cli -c Release -nologo -v q >&2
  dotnet build bench/SymDiff.Benchmarks -c Release -nologo -v q >&2
fi

awk -F'\t' -v reps="$REPS" '
  !/^#/ && NF == 3 { n++; expr[n] = $2; wrt[n] = $3 }
  END { for (r = 1; r <= reps; r++) for (i = 1; i <= n; i++) { gsub(",", ", ", wrt[i]); print "{wrt: " wrt[i] "} " expr[i] } }
' "$CASES" > "$WORK/cases.sdx"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Exit 1 would only mean a case failed; every bench case passes, and the report says so either way.
env ${CLI_ENV:-} ${SYMDIFF:-dotnet src/SymDiff.Cli/bin/Release/net10.0/symdiff.dll} check "$WORK/cases.sdx" --stats --format json --no-autograd > "$WORK/report.json" || true

SYMPY=()
if command -v python3 >/dev/null && python3 -c 'import sympy' 2>/dev/null; then
  # sympy.diff by each gradient variable, the expression parsed beforehand; SymPy's cache cleared before each call
  # (SymDiff starts each case from an empty factory too); best of N calls within about a second per case.
  python3 - "$CASES" > "$WORK/sympy.tsv" <<'PY'
import sys, time, sympy
from sympy.core.cache import clear_cache
for line in open(sys.argv[1]):
    if line.startswith('#') or line.count('\t') != 2: continue
    name, text, wrt = line.rstrip('\n').split('\t')
    f = sympy.sympify(text.replace('^', '**'))
    vs = [sympy.Symbol(v) for v in wrt.split(',')]
    best, spent, n = float('inf'), 0.0, 0
    while n < 3 or (spent < 1.0 and n < 200):
        clear_cache()
        t = time.perf_counter()
        for v in vs: sympy.diff(f, v)
        dt = time.perf_counter() - t
        best, spent, n = min(best, dt), spent + dt, n + 1
    print(f"{name}\t{best * 1e6:.1f}")
PY
  SYMPY=("$WORK/sympy.tsv")
  sympy_note="SymPy $(python3 -c 'import sympy; print(sympy.__version__)')"
else
  sympy_note="python3 with sympy not found: no SymPy column"
fi

(cd bench/SymDiff.Benchmarks && dotnet bin/Release/net10.0/SymDiff.Benchmarks.dll check-stats "$WORK/report.json" "${SYMPY[@]}")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "$REPS repetitions of $(grep -vc '^#' "$CASES") cases; CLI: ${SYMDIFF:-Release build (JIT)}; CLI environment: ${CLI_ENV:-(defaults)}; $(nproc) cores; load average before: $load_before, after: $load_after; $sympy_note"
