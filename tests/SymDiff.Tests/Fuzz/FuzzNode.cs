using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SymDiff.Functions;

namespace SymDiff.Tests.Fuzz;

/// <summary>How a factor after the first joins a product: <c>*</c>, <c>/</c>, or juxtaposition (<c>2x</c>, <c>x y</c>).</summary>
internal enum FactorJoin { Times, Divide, Implicit }

/// <summary>The first or last token of a rendered node, which decides where juxtaposition may go.</summary>
internal enum Edge { Identifier, Number, OpenParen, CloseParen, Sign }

/// <summary>
/// The fuzzer's own tree of the function as it will be written, shaped like the parser's syntax tree (n-ary sums and
/// products evaluated left to right, one node per sign, explicit groups), so it can be rendered to text, parsed, and
/// evaluated independently of SymDiff. <see cref="Level"/> is the grammar level of the rendered text (0 sum, 1 product,
/// 2 signed, 3 power, 4 atom); the generator groups an operand whenever its level is too loose for its place, so the
/// text always parses back to this tree.
/// </summary>
internal abstract record FuzzNode
{
    public abstract int Level { get; }
    public abstract Edge First { get; }
    public abstract Edge Last { get; }
    public abstract void Render(StringBuilder text);

    /// <summary>True when no variable occurs (a constant exponent is then a number, as in x**2).</summary>
    public abstract bool IsConstant { get; }

    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Render(text);
        return text.ToString();
    }
}

internal sealed record VarNode(string Name) : FuzzNode
{
    public override int Level => 4;
    public override Edge First => Edge.Identifier;
    public override Edge Last => Edge.Identifier;
    public override bool IsConstant => false;
    public override void Render(StringBuilder text) => text.Append(Name);
}

/// <summary>A number literal spelt as written (2, 0.25, .5, 3., 1e-3, 2.5E1); its value is the nearest double.</summary>
internal sealed record LitNode(string Text) : FuzzNode
{
    public double Value => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);
    public override int Level => 4;
    public override Edge First => Edge.Number;
    public override Edge Last => Edge.Number;
    public override bool IsConstant => true;
    public override void Render(StringBuilder text) => text.Append(Text);
}

/// <summary>The named constants <c>pi</c> and <c>e</c>.</summary>
internal sealed record ConstNode(string Name) : FuzzNode
{
    public double Value => Name == "pi" ? Math.PI : Math.E;
    public override int Level => 4;
    public override Edge First => Edge.Identifier;
    public override Edge Last => Edge.Identifier;
    public override bool IsConstant => true;
    public override void Render(StringBuilder text) => text.Append(Name);
}

/// <summary>A call of a table row, by its name or an alias (<c>ln</c>); <c>pi()</c> is the 0-ary row.</summary>
internal sealed record CallNode(FunctionInfo Row, string Spelling, ImmutableArray<FuzzNode> Args, string Separator = ", ") : FuzzNode
{
    public override int Level => 4;
    public override Edge First => Edge.Identifier;
    public override Edge Last => Edge.CloseParen;
    public override bool IsConstant => Args.All(a => a.IsConstant);

    public override void Render(StringBuilder text)
    {
        text.Append(Spelling).Append('(');
        for (var i = 0; i < Args.Length; i++)
        {
            if (i > 0) text.Append(Separator);
            Args[i].Render(text);
        }
        text.Append(')');
    }
}

internal sealed record NegNode(FuzzNode Operand) : FuzzNode
{
    public override int Level => 2;
    public override Edge First => Edge.Sign;
    public override Edge Last => Operand.Last;
    public override bool IsConstant => Operand.IsConstant;

    public override void Render(StringBuilder text)
    {
        text.Append('-');
        Operand.Render(text);
    }
}

/// <summary><c>t0 ± t1 ± ...</c>; <see cref="Minus"/>[i] marks a subtracted term (never term 0).</summary>
internal sealed record SumNode(ImmutableArray<FuzzNode> Terms, ImmutableArray<bool> Minus, ImmutableArray<string> Gaps) : FuzzNode
{
    public override int Level => 0;
    public override Edge First => Terms[0].First;
    public override Edge Last => Terms[^1].Last;
    public override bool IsConstant => Terms.All(t => t.IsConstant);

    public override void Render(StringBuilder text)
    {
        Terms[0].Render(text);
        for (var i = 1; i < Terms.Length; i++)
        {
            text.Append(Gaps[i]).Append(Minus[i] ? '-' : '+').Append(Gaps[i]);
            Terms[i].Render(text);
        }
    }
}

/// <summary><c>f0 * f1 / f2 f3 ...</c>; <see cref="Joins"/>[i] says how factor i joins (entry 0 is unused).</summary>
internal sealed record ProductNode(ImmutableArray<FuzzNode> Factors, ImmutableArray<FactorJoin> Joins, ImmutableArray<string> Gaps) : FuzzNode
{
    public override int Level => 1;
    public override Edge First => Factors[0].First;
    public override Edge Last => Factors[^1].Last;
    public override bool IsConstant => Factors.All(f => f.IsConstant);

    public override void Render(StringBuilder text)
    {
        Factors[0].Render(text);
        for (var i = 1; i < Factors.Length; i++)
        {
            switch (Joins[i])
            {
                case FactorJoin.Implicit:
                    text.Append(Gaps[i]);
                    break;
                default:
                    text.Append(Gaps[i]).Append(Joins[i] == FactorJoin.Divide ? '/' : '*').Append(Gaps[i]);
                    break;
            }
            Factors[i].Render(text);
        }
    }
}

/// <summary><c>base^exponent</c>, or <c>base**exponent</c> when <see cref="Stars"/>.</summary>
internal sealed record PowerNode(FuzzNode Base, FuzzNode Exponent, bool Stars) : FuzzNode
{
    public override int Level => 3;
    public override Edge First => Base.First;
    public override Edge Last => Exponent.Last;
    public override bool IsConstant => Base.IsConstant && Exponent.IsConstant;

    public override void Render(StringBuilder text)
    {
        Base.Render(text);
        text.Append(Stars ? "**" : "^");
        Exponent.Render(text);
    }
}

internal sealed record GroupNode(FuzzNode Inner) : FuzzNode
{
    public override int Level => 4;
    public override Edge First => Edge.OpenParen;
    public override Edge Last => Edge.CloseParen;
    public override bool IsConstant => Inner.IsConstant;

    public override void Render(StringBuilder text)
    {
        text.Append('(');
        Inner.Render(text);
        text.Append(')');
    }
}
