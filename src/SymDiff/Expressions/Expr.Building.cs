using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SymDiff.Functions;
using SymDiff.Numbers;
using SymDiff.Syntax;

namespace SymDiff.Expressions;

// The friendly way in: parsing that throws, named constructors and C# operators, all through ExprFactory.Default
// (pass a factory to Parser.Parse or use ExprFactory's methods to build in your own). Every result is canonical,
// exactly as the factory would build it: x + x is 2*x.
public abstract partial class Expr
{
    /// <summary>Parses <paramref name="text"/> into its canonical form through <see cref="ExprFactory.Default"/>.</summary>
    /// <exception cref="ParseException">The text is not a valid expression; the exception carries every diagnostic.</exception>
    /// <example><code>var e = Expr.Parse("sin(x^2)");</code></example>
    public static Expr Parse(string text) => Parse(text, ExprFactory.Default);

    /// <summary>As <see cref="Parse(string)"/>, building the nodes through <paramref name="factory"/>.</summary>
    /// <exception cref="ParseException">The text is not a valid expression.</exception>
    public static Expr Parse(string text, ExprFactory factory)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(factory);
        var result = Parser.Parse(text, factory);
        return result.Success ? result.Value! : throw new ParseException(text, result.Diagnostics);
    }

    /// <summary>Parses <paramref name="text"/> without throwing on bad input.</summary>
    /// <param name="text">The expression.</param>
    /// <param name="value">The canonical expression, or null when the text has errors.</param>
    /// <param name="diagnostics">Every problem found (render one with <see cref="Diagnostic.Render(string)"/>); empty on success.</param>
    /// <returns>True when <paramref name="text"/> parsed without errors.</returns>
    /// <example><code>if (!Expr.TryParse(input, out var e, out var problems))
    ///     foreach (var d in problems) Console.Error.WriteLine(d.Render(input));</code></example>
    public static bool TryParse(string text, [NotNullWhen(true)] out Expr? value, out ImmutableArray<Diagnostic> diagnostics) =>
        TryParse(text, ExprFactory.Default, out value, out diagnostics);

    /// <summary>As <see cref="TryParse(string, out Expr?, out ImmutableArray{Diagnostic})"/>, through <paramref name="factory"/>.</summary>
    public static bool TryParse(string text, ExprFactory factory, [NotNullWhen(true)] out Expr? value, out ImmutableArray<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(factory);
        var result = Parser.Parse(text, factory);
        value = result.Success ? result.Value : null;
        diagnostics = result.Diagnostics;
        return value is not null;
    }

    /// <summary>The variable <paramref name="name"/>: a letter, then letters, digits or _, and not a function or constant name.</summary>
    /// <exception cref="ArgumentException">A name that would print as something else (<c>2x</c>, <c>sin</c>, <c>pi</c>).</exception>
    /// <example><code>Expr x = Expr.Symbol("x"), y = Expr.Symbol("y");</code></example>
    public static Expr Symbol(string name)
    {
        // The printed form must parse back to this variable: "2x" would read as 2*x, "sin" as a function, "e" as e.
        if (VariableName.Problem(name) is { } problem) throw new ArgumentException(problem, nameof(name));
        return ExprFactory.Default.Symbol(name);
    }

    /// <summary>The exact number <paramref name="value"/>.</summary>
    public static Expr Number(Rational value) => ExprFactory.Default.Number(value);

    /// <summary>
    /// A call of the function table's row <paramref name="name"/> (the names <c>symdiff functions</c> lists, aliases
    /// included), canonical: <c>Expr.Call("sin", 0)</c> is 0.
    /// </summary>
    /// <exception cref="ArgumentException">No row has that name (the message suggests the closest one), or none takes that many arguments.</exception>
    /// <example><code>var y = Expr.Call("sin", x * x) + Expr.Call("atan2", x, 1);</code></example>
    public static Expr Call(string name, params ReadOnlySpan<Expr> args)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var a in args) ArgumentNullException.ThrowIfNull(a, nameof(args));
        if (FunctionTable.Lookup(name, args.Length) is not { } row)
            throw new ArgumentException(DescribeUnknownCall(name, args.Length), nameof(name));
        var factory = ExprFactory.Default;
        Expr[] copy = [.. args];
        return StackGuard.RunOrRetry(MaxDepth(copy), () => factory.Call(row, copy));
    }

    private static string DescribeUnknownCall(string name, int count)
    {
        var arities = FunctionTable.AritiesOf(name);
        if (!arities.IsEmpty)
            return $"'{name}' takes {string.Join(" or ", arities)} argument{(arities is [1] ? "" : "s")}, not {count}.";
        var suggestion = NameSuggester.Closest(name, FunctionTable.Names);
        return suggestion is null ? $"unknown function '{name}'." : $"unknown function '{name}'; did you mean '{suggestion}'?";
    }

    /// <summary><paramref name="base"/> raised to <paramref name="exponent"/>; C#'s <c>^</c> is exclusive-or, so powers are a method.</summary>
    /// <example><code>Expr.Pow(x, 2) + Expr.Pow(2, x)</code></example>
    public static Expr Pow(Expr @base, Expr exponent) => Binary(@base, exponent, static (f, a, b) => f.Pow(a, b));

    /// <summary>This expression raised to <paramref name="exponent"/>: <c>x.Pow(2)</c> is x^2.</summary>
    public Expr Pow(Expr exponent) => Pow(this, exponent);

    /// <summary>The integer <paramref name="value"/>, exact.</summary>
    public static implicit operator Expr(int value) => ExprFactory.Default.Number(value);

    /// <summary>The exact rational <paramref name="value"/>.</summary>
    public static implicit operator Expr(Rational value) => ExprFactory.Default.Number(value);

    /// <summary>
    /// The shortest decimal that reads back as <paramref name="value"/> (<c>0.1</c> is 1/10, not the binary fraction
    /// 0.1000000000000000055...), so <c>(Expr)0.1</c> equals <c>Expr.Parse("0.1")</c> and evaluates to the same double.
    /// </summary>
    /// <exception cref="ArgumentException">NaN or an infinity: expressions hold only finite numbers.</exception>
    public static implicit operator Expr(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{value.ToString(CultureInfo.InvariantCulture)} is not a finite number; an expression holds only finite numbers.", nameof(value));
        Rational.TryParseDecimal(value.ToString("R", CultureInfo.InvariantCulture), out var exact);
        return ExprFactory.Default.Number(exact);
    }

    /// <summary>The sum, canonical (<c>x + x</c> is <c>2*x</c>).</summary>
    public static Expr operator +(Expr a, Expr b) => Binary(a, b, static (f, x, y) => f.Add(x, y));

    /// <summary>The difference, <c>a + (-1)*b</c> in canonical form.</summary>
    public static Expr operator -(Expr a, Expr b) => Binary(a, b, static (f, x, y) => f.Sub(x, y));

    /// <summary>The product, canonical (<c>x*x</c> is <c>x^2</c>).</summary>
    public static Expr operator *(Expr a, Expr b) => Binary(a, b, static (f, x, y) => f.Mul(x, y));

    /// <summary>The quotient, <c>a*b^-1</c> in canonical form; <c>1/0</c> is an undefined constant, not an exception.</summary>
    public static Expr operator /(Expr a, Expr b) => Binary(a, b, static (f, x, y) => f.Div(x, y));

    /// <summary>The negation, <c>(-1)*a</c> in canonical form.</summary>
    public static Expr operator -(Expr a) => Binary(a, a, static (f, x, _) => f.Neg(x));

    // Construction orders children by comparing them, which recurses as deep as they are: guard it like a walk.
    private static Expr Binary(Expr a, Expr b, Func<ExprFactory, Expr, Expr, Expr> build)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var factory = ExprFactory.Default;
        return StackGuard.RunOrRetry(Math.Max(a.Depth, b.Depth), () => build(factory, a, b));
    }

    private static int MaxDepth(ReadOnlySpan<Expr> args)
    {
        var depth = 0;
        foreach (var a in args) depth = Math.Max(depth, a.Depth);
        return depth;
    }
}
