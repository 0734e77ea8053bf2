#!/bin/sh
# Writes an .sdx file of N cases (default 10000) to stdout, for timing `symdiff check`:
#   bench/make-sdx.sh 10000 > /tmp/bench.sdx
#   dotnet build src/SymDiff.Cli -c Release
#   time dotnet src/SymDiff.Cli/bin/Release/net10.0/symdiff.dll check /tmp/bench.sdx > /dev/null
#   time dotnet src/SymDiff.Cli/bin/Release/net10.0/symdiff.dll check /tmp/bench.sdx --no-autograd > /dev/null
# The mix: one- and several-variable functions, activations, 1 to 3 points per case, right and wrong claims,
# comments and blank lines; constants vary with the line number, so expressions repeat rarely.
n=${1:-10000}
awk -v n="$n" 'BEGIN {
  for (i = 1; i <= n; i++) {
    a = (i % 7) + 1; b = (i % 5) + 2; c = (i % 11) / 4 + 0.25; p = (i % 13) / 5 - 1.2
    k = i % 12
    if (k == 0)       line = sprintf("x^%d + %d*x + 1 @ %g => %d*x^%d + %d", b, a, p, b, b - 1, a)
    else if (k == 1)  line = sprintf("sin(%d*x^2) @ %g; %g", a, p, c)
    else if (k == 2)  line = sprintf("x*y + sin(%d*x) @ x=%g, y=%g => d/dx: y + %d*cos(%d*x); d/dy: x", a, p, c, a, a)
    else if (k == 3)  line = sprintf("sigmoid(%g*w*x + b) @ w=%g, x=%g, b=%g", c, p, c, -p)
    else if (k == 4)  line = sprintf("exp(-%d*x)*cos(x) @ %g # damped", a, c)
    else if (k == 5)  line = sprintf("log(1 + x^2)/(%d + x) @ %g; %g; %g", b, p, c, p + c)
    else if (k == 6)  line = sprintf("tanh(%g*x) @ %g => 1 - tanh(%g*x)^2", c, p, c)
    else if (k == 7)  line = sprintf("relu(x - %g) + softplus(%d*x) @ %g", c, a, p)
    else if (k == 8)  line = sprintf("sqrt(x^2 + %d) @ %g => x/sqrt(x^2 + %d)", b, p, b)
    else if (k == 9)  line = sprintf("v*tanh(w*x + b)^%d @ v=%g, w=%g, x=%g, b=%g", b, c, p, c, p)
    else if (k == 10) line = sprintf("sin(x)/x^%d @ %g => cos(x)/x^%d", a, c, a)
    else              line = sprintf("max(x, %g*y) + abs(x - y) @ x=%g, y=%g", c, p, c)
    print line
    if (i % 100 == 0) print "# section " i / 100 "\n"
  }
}'
