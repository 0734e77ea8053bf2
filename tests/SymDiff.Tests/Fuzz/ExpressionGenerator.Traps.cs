using System.Collections.Immutable;

namespace SymDiff.Tests.Fuzz;

/// <summary>
/// A function with a part that has no value at every point agreeing with <see cref="Pins"/>: a domain error (NaN), or
/// where <see cref="Pole"/> a division by zero or a pole (an infinity from finite operands that is no overflow).
/// </summary>
internal sealed record Trapped(FuzzNode Function, FuzzNode Part, ImmutableDictionary<string, double> Pins, bool Pole);

internal sealed partial class ExpressionGenerator
{
    // Coordinates a variable is pinned to so that x - c is exactly 0 (each literal is the double it names).
    private static readonly string[] Pins = ["0", "0.5", "1.25", "2", "3.", "0.75", "1e-3", "2.5"];

    /// <summary>
    /// A function undefined at every point that agrees with the pins, by construction: a part with no value (a zero
    /// divisor, log or sqrt of a negative, asin beyond 1, an undefined constant) inside 0-2 random contexts, some of
    /// which hide it from the function's value (atan(1/0) is pi/2 in IEEE, trap^0 is 1).
    /// </summary>
    public Trapped Trap()
    {
        var pins = new Dictionary<string, double>();
        var kind = _rng.Next(4);
        var part = kind switch
        {
            0 => ZeroTrap(pins),
            1 => NegativeTrap(),
            2 => OutsideUnitTrap(),
            _ => ConstantTrap(),
        };
        var function = part;
        for (var k = _rng.Next(3); k > 0; k--) function = Context(function);
        return new Trapped(function, part, pins.ToImmutableDictionary(), Pole: kind is 0 or 3);
    }

    private FuzzNode Shallow() => Node(Math.Max(0, _maxDepth - 2));

    // An expression that is 0 (or itself undefined) at the pinned point.
    private FuzzNode Zero(Dictionary<string, double> pins)
    {
        switch (_rng.Next(5))
        {
            case 0:
            {
                var u = Shallow();
                return Sum((u, false), (u, true)); // u - u
            }
            case 1:
                return Product(Lit("0"), (FactorJoin.Times, Shallow())); // 0*u
            default:
            {
                var v = Pick(Variables);
                if (!pins.TryGetValue(v, out var c))
                {
                    var text = Pick(Pins);
                    c = ((LitNode)Lit(text)).Value * (Chance(0.3) ? -1 : 1);
                    pins[v] = c;
                }
                FuzzNode x = new VarNode(v);
                FuzzNode shifted = c == 0 ? x
                    : Chance(0.5) ? Sum((x, false), (Lit(Math.Abs(c)), c > 0)) // x - c
                    : Sum((Lit(c), false), (x, true));                        // c - x
                return Chance(0.25) ? Call("sin", shifted) : shifted;
            }
        }
    }

    private FuzzNode ZeroTrap(Dictionary<string, double> pins)
    {
        var w = Zero(pins);
        return _rng.Next(12) switch
        {
            0 => Product(w, (FactorJoin.Divide, w)),                                          // w/w
            1 => Product(Shallow(), (FactorJoin.Times, w), (FactorJoin.Divide, w)),          // u*w/w
            2 => Product(Lit("1"), (FactorJoin.Divide, Product(Lit("1"), (FactorJoin.Divide, w)))), // 1/(1/w)
            3 => Product(Power(w, Lit("2")), (FactorJoin.Divide, w)),                        // w^2/w
            4 => Product(Shallow(), (FactorJoin.Divide, w)),                                 // u/w
            5 => Power(w, Neg(Lit("1"))),                                                    // w^-1
            6 => Call(Chance(0.5) ? "log" : "log2", w),                                      // log(w): a pole
            7 => Power(w, Neg(Lit("0.5"))),                                                  // w^-0.5
            8 => Call(Chance(0.5) ? "cot" : "csc", w),                                       // cot(w)
            9 => Call("log", Power(w, Lit("2"))),                                            // log(w^2)
            10 => Call("atanh", Sum((Lit("1"), false), (w, false))),                         // atanh(1 + w)
            _ => Product(Call("sqrt", w), (FactorJoin.Divide, w)),                           // sqrt(w)/w
        };
    }

    // An expression below 0 wherever it has a value.
    private FuzzNode Negative()
    {
        var u = Shallow();
        return _rng.Next(4) switch
        {
            0 => Sum((Neg(Lit("1")), false), (Power(u, Lit("2")), true)),                   // -1 - u^2
            1 => Sum((Neg(Power(u, Lit("2"))), false), (Lit("0.5"), true)),                // -u^2 - 0.5
            2 => Neg(Call("exp", u)),                                                       // -exp(u)
            _ => Neg(Sum((Lit("1"), false), (Call("abs", u), false))),                      // -(1 + abs(u))
        };
    }

    private FuzzNode NegativeTrap()
    {
        var n = Negative();
        return _rng.Next(15) switch
        {
            0 => Call("log", n),
            1 => Power(Call("sqrt", n), Lit("2")),                                          // sqrt(n)^2
            2 => Product(Lit("0"), (FactorJoin.Times, Call("log", n))),                     // 0*log(n)
            3 => Product(Call("sqrt", n), (FactorJoin.Times, Call("sqrt", n))),             // sqrt(n)*sqrt(n)
            4 => Sum((Call("log", n), false), (Call("log", n), true), (Shallow(), false)),  // log(n) - log(n) + v
            5 => Power(n, new GroupNode(Product(Lit("1"), (FactorJoin.Divide, Lit("3"))))), // n^(1/3): PyTorch's real rule
            6 => Power(n, Lit(Pick(["0.5", "1.5"]))),
            7 => Call(Pick(["log2", "log10", "ln", "sqrt"]), n),
            8 => Call("acosh", n),
            9 => Call("log1p", Sum((n, false), (Lit("1"), true))),                          // log1p(n - 1) < -1
            10 => Call("log", n, Lit("2")),
            11 => Call("pow", n, Lit("0.5")),
            12 => Call("log", Lit("2"), n),                                                  // a negative base
            13 => Power(n, new ConstNode("pi")),
            _ => Call("sqrt", n),
        };
    }

    private FuzzNode OutsideUnitTrap()
    {
        var u = Shallow();
        var beyond = _rng.Next(3) switch
        {
            0 => Sum((Lit("1.5"), false), (Power(u, Lit("2")), false)),                    // 1.5 + u^2
            1 => Neg(Sum((Lit("1.5"), false), (Power(u, Lit("2")), false))),               // -(1.5 + u^2)
            _ => Sum((Lit("2"), false), (Call("abs", u), false)),                          // 2 + abs(u)
        };
        return _rng.Next(4) switch
        {
            0 => Call("asin", beyond),
            1 => Call("acos", beyond),
            2 => Sum((Call("asin", beyond), false), (Call("asin", beyond), true)),         // asin(p) - asin(p)
            _ => Call("atanh", beyond),
        };
    }

    // Variable-free parts without a value: then the function has none anywhere.
    private FuzzNode ConstantTrap() => _rng.Next(11) switch
    {
        0 => Product(Lit("1"), (FactorJoin.Divide, Lit("0"))),
        1 => Product(Lit("0"), (FactorJoin.Divide, Lit("0"))),
        2 => Call("log", Neg(Lit("1"))),
        3 => Call("sqrt", Neg(Lit("4"))),
        4 => Call("asin", Lit("2")),
        5 => Call("log", Lit("1"), Lit("1")),
        6 => Power(new GroupNode(Neg(Lit("8"))), new GroupNode(Product(Lit("1"), (FactorJoin.Divide, Lit("3"))))),
        7 => Call("log", Lit("0")),
        8 => Call("atanh", Lit("1")),
        9 => Call("acosh", Lit("0.5")),
        _ => Power(Lit("0"), Neg(Lit("1"))),
    };

    // A random context around the part: sums, products and quotients, calls, powers (p^0 = 1 hides a NaN), negation,
    // and a term written before it that overflows on the way to a finite value (tanh(exp(exp(7 + v^2))) is 1), so
    // the first operation without a value is an overflow, not the part.
    private FuzzNode Context(FuzzNode part)
    {
        var c = Shallow();
        return _rng.Next(10) switch
        {
            9 => Sum((Call("tanh", Call("exp", Call("exp", Sum((Lit("7"), false), (Power(new VarNode(Pick(Variables)), Lit("2")), false))))), false),
                (part, Chance(0.5))),
            0 => Sum((part, false), (c, Chance(0.5))),
            1 => Sum((c, false), (part, Chance(0.5))),
            2 => Product(c, (RandomJoin(), part)),
            3 => Product(part, (RandomJoin(), c)),
            4 => Call(Pick(Unary), part),
            5 => Chance(0.5) ? Call(Pick(Binary), part, c) : Call(Pick(Binary), c, part),
            6 => Power(part, Lit(Pick(["2", "0", "3"]))),
            7 => Power(c, part),
            _ => Neg(part),
        };
    }
}
