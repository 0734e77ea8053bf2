using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SymDiff.Expressions;
using SymDiff.Formatting;
using SymDiff.Functions;

namespace SymDiff.Cli.Commands.Functions;

/// <summary>One row of <c>symdiff functions</c>, everything printed read from the <see cref="FunctionTable"/> row.</summary>
/// <param name="Name">The name, then any aliases (<c>log, ln</c>).</param>
/// <param name="Derivative">The printed partial (<c>cos(x)</c>); with two arguments, <c>d/dx: …; d/dy: …</c>.</param>
/// <param name="Domain">The interval the row's partials are tested on.</param>
/// <param name="Kink">The row's convention where it is not smooth, or where PyTorch approximates it; empty when none.</param>
public sealed record FunctionListing(string Name, string Call, int Arity, string Derivative, string Domain, string Kink, string Torch);

/// <summary><c>symdiff functions</c>: the function table as text, JSON or markdown; always exit code 0.</summary>
/// <example><code>FunctionsCommand.Run("markdown", CliConsole.System); // the README's Functions table</code></example>
public static class FunctionsCommand
{
    // The arguments' names in the printed call and partials, by position.
    private static readonly string[] Parameters = ["x", "y"];

    public static int Run(string format, CliConsole console)
    {
        var rows = Listings();
        console.Out.Write(format switch
        {
            "json" => Json(rows),
            "markdown" => Markdown(rows),
            _ => Text(rows),
        });
        return ExitCodes.Success;
    }

    /// <summary>One listing per table row, in table order.</summary>
    public static ImmutableArray<FunctionListing> Listings()
    {
        var f = new ExprFactory();
        return [.. FunctionTable.All.Select(row => Listing(f, row))];
    }

    private static FunctionListing Listing(ExprFactory f, FunctionInfo row)
    {
        ImmutableArray<Expr> args = [.. Parameters.Take(row.Arity).Select(f.Symbol)];
        var partials = row.Partials.Select(p => p is null ? "not differentiable" : InfixFormatter.Format(p(f, args))).ToArray();
        var derivative = row.Arity switch
        {
            0 => "0",
            1 => partials[0],
            _ => string.Join("; ", partials.Select((p, i) => $"d/d{Parameters[i]}: {p}")),
        };
        var call = string.Join(", ", row.Aliases.Prepend(row.Name).Select(n =>
            row.Arity == 0 ? n : $"{n}({string.Join(", ", Parameters.Take(row.Arity))})"));
        var name = string.Join(", ", row.Aliases.Prepend(row.Name));
        var domain = string.Create(CultureInfo.InvariantCulture, $"({row.TestDomain.Low}, {row.TestDomain.High})");
        var kink = row.Convention ?? (row.Kinks.IsEmpty ? "" : "not smooth where it " + row.Kinks[0].Phrase.Replace("{0}", "x").Replace("{1}", "y"));
        return new(name, call, row.Arity, derivative, domain, kink, row.TorchName);
    }

    private static readonly string[] Headers = ["function", "arity", "derivative", "test domain", "kink convention", "PyTorch"];

    private static string[] Cells(FunctionListing r) =>
        [r.Call, r.Arity.ToString(CultureInfo.InvariantCulture), r.Derivative, r.Domain, r.Kink, r.Torch];

    private static string Text(ImmutableArray<FunctionListing> rows)
    {
        var cells = rows.Select(Cells).Prepend(Headers).ToArray();
        // The kink convention is long: it goes last on each line, and the PyTorch op before it, so columns stay aligned.
        int[] order = [0, 1, 5, 3, 2, 4];
        var widths = order.Select(c => cells.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var r in cells)
            text.Append(string.Join("  ", order.Select((c, i) => i == order.Length - 1 ? r[c] : r[c].PadRight(widths[i]))).TrimEnd()).Append('\n');
        return text.ToString();
    }

    private static string Markdown(ImmutableArray<FunctionListing> rows)
    {
        var text = new StringBuilder();
        text.Append("| ").Append(string.Join(" | ", Headers)).Append(" |\n");
        text.Append('|').Append(string.Concat(Headers.Select(_ => " --- |"))).Append('\n');
        foreach (var r in rows)
            text.Append("| ").Append(string.Join(" | ", Cells(r).Select((c, i) => Cell(c, code: i is 0 or 2 or 5)))).Append(" |\n");
        return text.ToString();
    }

    // A cell of the markdown table: code spans for expressions, | escaped so it cannot end the cell.
    private static string Cell(string value, bool code) =>
        value.Length == 0 ? "" : code ? $"`{value.Replace("|", "\\|")}`" : value.Replace("|", "\\|");

    private static string Json(ImmutableArray<FunctionListing> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("functions");
            foreach (var r in rows)
            {
                json.WriteStartObject();
                json.WriteString("name", r.Name);
                json.WriteString("call", r.Call);
                json.WriteNumber("arity", r.Arity);
                json.WriteString("derivative", r.Derivative);
                json.WriteString("test_domain", r.Domain);
                if (r.Kink.Length > 0) json.WriteString("kink_convention", r.Kink);
                else json.WriteNull("kink_convention");
                json.WriteString("torch", r.Torch);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
