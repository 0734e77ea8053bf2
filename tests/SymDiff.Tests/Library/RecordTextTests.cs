using System.Reflection;
using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Tests.Library;

/// <summary>Public records print their members readably: no <c>ImmutableArray`1[...]</c> or other type-name noise.</summary>
public class RecordTextTests
{
    [Fact]
    public void A_simplify_result_prints_its_value_and_rule_counts()
    {
        var r = Expr.Parse("sin(x)^2 + cos(x)^2").SimplifyDetailed();
        var text = r.ToString();
        Assert.StartsWith("SimplifyResult { Value = 1, StopReason = Saturated, RuleCounts = { ", text);
        Assert.Contains($"Passes = {r.Passes} }}", text);
        Assert.DoesNotContain("`", text);
        Assert.DoesNotContain("System.", text);
    }

    [Fact]
    public void A_parse_result_prints_its_diagnostics_and_variables()
    {
        var ok = Parser.Parse("y*x");
        Assert.Equal("ParseResult { Value = x*y, Diagnostics = [], Variables = [\"y\", \"x\"], Success = True, Syntax = Product [0..3), Text = \"y*x\" }", ok.ToString());
        var bad = Parser.Parse("sinn(x)");
        Assert.Contains("Diagnostics = [1:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?]", bad.ToString());
    }

    [Fact]
    public void Partial_derivatives_and_long_lists_print_briefly()
    {
        var f = new ExprFactory();
        var p = Derivatives.Gradient(Expr.Parse("x*y", f), ["x", "y"], f)[0];
        Assert.Equal("PartialDerivative { Variables = [\"x\"], Value = y, Key = \"x\" }", p.ToString());
        var many = new MultiSimplifyResult([.. Enumerable.Range(0, 30).Select(i => (Expr)i)], StopReason.Saturated, new Dictionary<string, int>(), 1);
        Assert.StartsWith("MultiSimplifyResult { Values = [0, 1, 2,", many.ToString());
        Assert.Contains("19, ...], StopReason = Saturated, RuleCounts = {}, Passes = 1 }", many.ToString());
    }

    // Records are the types with a PrintMembers method, the compiler's or their own.
    public static TheoryData<Type> PublicRecords() =>
        [.. typeof(Expr).Assembly.GetExportedTypes().Where(t => PrintMembersOf(t) is not null).OrderBy(t => t.FullName)];

    [Theory]
    [MemberData(nameof(PublicRecords))]
    public void Every_public_record_prints_its_members_through_RecordText_or_has_its_own_ToString(Type record)
    {
        // Hand-written members carry no [CompilerGenerated]; the one-line PrintMembers is RecordText's.
        var toString = record.GetMethod("ToString", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly, Type.EmptyTypes);
        Assert.True(!IsGenerated(PrintMembersOf(record)!) || (toString is not null && !IsGenerated(toString)),
            $"{record.Name} prints with the compiler's PrintMembers (type names for collections): add RecordText's one-liner");
    }

    private static MethodInfo? PrintMembersOf(Type t) =>
        t.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly, [typeof(System.Text.StringBuilder)]);

    private static bool IsGenerated(MethodInfo m) => m.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is not null;
}
