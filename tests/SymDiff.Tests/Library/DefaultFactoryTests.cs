using SymDiff.Expressions;

namespace SymDiff.Tests.Library;

/// <summary>The default factory behind the <see cref="Expr"/> API is one interning factory shared safely by every thread.</summary>
public class DefaultFactoryTests
{
    [Fact]
    public void Threads_building_the_same_expressions_at_once_get_the_same_nodes()
    {
        const int threads = 8;
        var results = new Expr[threads][];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            results[t] = [.. Enumerable.Range(0, 2000).Select(i =>
            {
                var x = Expr.Symbol($"v{i % 37}");
                return (Expr.Call("sin", x * i) + x.Pow(2)).Differentiate($"v{i % 37}");
            })];
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        for (var t = 1; t < threads; t++)
            for (var i = 0; i < results[0].Length; i++)
            {
                Assert.Equal(results[0][i], results[t][i]);
                Assert.Same(results[0][i], results[t][i]);
            }
    }

    [Fact]
    public void The_default_factory_interns_and_is_the_one_the_operators_use()
    {
        var f = ExprFactory.Default;
        Assert.True(f.Interning);
        var x = Expr.Symbol("x");
        Assert.Same(ExprFactory.Default.Symbol("x"), x);
        Assert.Same(ExprFactory.Default.Add(x, ExprFactory.Default.One), x + 1);
    }
}
