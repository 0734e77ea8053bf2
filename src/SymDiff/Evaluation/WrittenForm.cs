using System.Collections.Immutable;
using System.Globalization;
using SymDiff.Syntax;

namespace SymDiff.Evaluation;

/// <summary>
/// The function exactly as the user wrote it, lowered into an <see cref="ExprProgram"/>: one instruction per syntax
/// node, in written order, nothing folded or cancelled (x/x is a division, sqrt(x)^2 a root then a power). Autograd,
/// finite differences and the domain analysis all evaluate this program, so they see what PyTorch would see for the
/// same Python expression: a - b is a subtraction, a/b a division, a constant exponent is a number (x**2), and each
/// literal is the double nearest to its text. <see cref="Origins"/> maps every slot back to the syntax it came from,
/// so an undefined value can be named (<c>x/x is 0/0</c>).
/// </summary>
/// <example><code>var parsed = Parser.Parse("x/x");
/// var written = WrittenForm.Lower(parsed.Syntax!, parsed.Text, parsed.Variables);
/// double v = written.Evaluate([0.0]); // NaN: 0/0, although the canonical form is 1</code></example>
public sealed class WrittenForm
{
    private WrittenForm(string text, SyntaxNode root, ExprProgram program, ImmutableArray<SyntaxNode> origins)
    {
        Text = text;
        Root = root;
        Program = program;
        Origins = origins;
    }

    /// <summary>The source text the syntax spans refer to.</summary>
    public string Text { get; }

    public SyntaxNode Root { get; }

    /// <summary>The lowered program; its one output is the function's value.</summary>
    public ExprProgram Program { get; }

    /// <summary>The syntax node each slot computes (a running sum or product maps to its whole node).</summary>
    public ImmutableArray<SyntaxNode> Origins { get; }

    public ImmutableArray<string> Variables => Program.Variables;

    /// <summary>The source text of <paramref name="node"/>, as the user wrote it.</summary>
    public string TextOf(SyntaxNode node) => Text.Substring(node.Span.Start, node.Span.Length).Trim();

    /// <summary>The written text of the whole function (surrounding whitespace removed).</summary>
    public override string ToString() => TextOf(Root);

    /// <summary>The function's value at one point; inputs follow <see cref="Variables"/>.</summary>
    public double Evaluate(ReadOnlySpan<double> inputs) => Interpreter.Evaluate(Program, inputs)[0];

    /// <summary>The value at a point given by name; variables the function does not use are ignored.</summary>
    public double Evaluate(IReadOnlyDictionary<string, double> point) => Evaluate(Inputs(point));

    /// <summary>The inputs for <see cref="Program"/> from a point given by name (a missing variable reads as NaN).</summary>
    public double[] Inputs(IReadOnlyDictionary<string, double> point) =>
        [.. Variables.Select(v => point.TryGetValue(v, out var value) ? value : double.NaN)];

    /// <summary>Lowers <paramref name="root"/>; <paramref name="variables"/> must list every variable it uses.</summary>
    public static WrittenForm Lower(SyntaxNode root, string text, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < variables.Count; i++) index.Add(variables[i], i);

        var code = ImmutableArray.CreateBuilder<Instruction>();
        var origins = ImmutableArray.CreateBuilder<SyntaxNode>();
        var slotOf = new Dictionary<SyntaxNode, int>(ReferenceEqualityComparer.Instance);
        // Variable-free slots and their values, so a constant exponent becomes a number, as in x**2.
        var constant = new List<bool>();
        var values = new List<double>();
        var args = new double[2];

        int Emit(Instruction ins, SyntaxNode origin)
        {
            var slot = code.Count;
            code.Add(ins);
            origins.Add(origin);
            var isConstant = ins.Kind != InstructionKind.Input && ins.Operands.All(o => constant[o]);
            constant.Add(isConstant);
            values.Add(isConstant ? Interpreter.Step(in ins, [], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), args) : double.NaN);
            return slot;
        }

        foreach (var node in SyntaxWalk.PostOrder(root))
        {
            slotOf[node] = node switch
            {
                NumberSyntax n => Emit(Instruction.Constant(LiteralValue(text, n)), n),
                VariableSyntax v => Emit(Instruction.Input(index.TryGetValue(v.Name, out var i) ? i
                    : throw new MissingBindingException([v.Name])), v),
                ConstantSyntax c => Emit(Instruction.Constant(c.Value), c),
                CallSyntax c => Emit(Instruction.Apply(c.Function, [.. c.Arguments.Select(a => slotOf[a])]), c),
                NegationSyntax n => Emit(Instruction.Negation(slotOf[n.Operand]), n),
                SumSyntax s => Chain(s, s.Terms, s.Subtracted, (a, b, minus) => minus ? Instruction.Difference(a, b) : Instruction.Sum([a, b])),
                ProductSyntax p => Chain(p, p.Factors, p.Divided, (a, b, divide) => divide ? Instruction.Quotient(a, b) : Instruction.Product([a, b])),
                GroupSyntax g => slotOf[g.Inner],
                PowerSyntax p => constant[slotOf[p.Exponent]]
                    ? Emit(Instruction.PowerOf(slotOf[p.Base], values[slotOf[p.Exponent]]), p)
                    : Emit(Instruction.Power(slotOf[p.Base], slotOf[p.Exponent]), p),
                // Parser.Parse refuses these; only Parser.ParseSyntax returns them, for the tensor binder.
                MatMulSyntax or TransposeSyntax or TensorCallSyntax or ListSyntax or IndexSyntax => throw new ArgumentException(
                    $"{node.Kind} is vector/matrix syntax, which the scalar written form cannot handle.", nameof(root)),
                _ => throw new System.Diagnostics.UnreachableException($"Unknown syntax kind {node.Kind}."),
            };
        }

        // Left to right, one binary operation per operator, as Python evaluates a - b + c and a * b / c.
        int Chain(SyntaxNode node, ImmutableArray<SyntaxNode> operands, ImmutableArray<bool> inverse, Func<int, int, bool, Instruction> make)
        {
            var acc = slotOf[operands[0]];
            for (var k = 1; k < operands.Length; k++) acc = Emit(make(acc, slotOf[operands[k]], inverse[k]), node);
            return acc;
        }

        var program = ExprProgram.FromCode(code.ToImmutable(), [.. variables], [slotOf[root]]);
        return new WrittenForm(text, root, program, origins.ToImmutable());
    }

    // The double nearest to the literal's text, as Python reads it; the exact rational is the binder's.
    private static double LiteralValue(string text, NumberSyntax n) =>
        double.TryParse(text.AsSpan(n.Span.Start, n.Span.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d : n.Value.ToDouble();
}
