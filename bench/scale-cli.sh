#!/usr/bin/env bash
# Issue 8's large inputs through the CLI, a fresh process each (figures: bench/SCALE.md).
#   bench/scale-cli.sh [path/to/symdiff]    default: the Release build of this tree (built if missing)
# A 10^5-term sum is too long for one argument (Linux caps one at 128 KB), so it goes through stdin (grad -).
set -u
cd "$(dirname "$0")/.."
S=${1:-src/SymDiff.Cli/bin/Release/net10.0/symdiff}
[ -x "$S" ] || dotnet build src/SymDiff.Cli -c Release >/dev/null
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" <<'PY'
import sys
d, n = sys.argv[1], 100000
for name, term in [("frac", lambda k: f"1/{k+1}"), ("xk", lambda k: f"x/{k}"), ("vars", lambda k: f"x{k}"), ("varfrac", lambda k: f"x{k}/{k}")]:
    open(f"{d}/sum-{name}.txt", "w").write(" + ".join(term(k) for k in range(1, n + 1)))
open(f"{d}/sin999.txt", "w").write("sin(" * 999 + "x" + ")" * 999)
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
t() { local label=$1; shift; /usr/bin/time -f "$label: %e s wall, %U+%S s cpu" timeout 300 "$@" | wc -c | sed 's/$/ bytes of output/'; }
t "steps, 999 deep" "$S" grad "$(cat "$dir/sin999.txt")" --steps --no-autograd
t "sqrt(10^617)" "$S" grad "sqrt(10^617)" --no-autograd
for c in frac xk; do t "$c" "$S" grad - --no-autograd < "$dir/sum-$c.txt"; done
for c in vars varfrac; do t "$c --wrt x1" "$S" grad - --wrt x1 --no-autograd < "$dir/sum-$c.txt"; done
t "vars, full gradient" "$S" grad - --no-autograd < "$dir/sum-vars.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
