using System.Collections.Immutable;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>
/// The options one .sdx line is checked with: the command line's, the file's setting lines over them and the
/// line's <c>{...}</c> block over those, and what settling them had to say.
/// </summary>
/// <remarks>
/// A variable to differentiate by that the line's expression does not contain would give a derivative of 0 that
/// nobody asked this line for. When the variables come from the command line or a file's <c>wrt:</c> line, such
/// variables are left out for this line, with a note; when none of them occurs, the line is an error that says
/// how to give it its own. When the line's own block names such a variable, it is an error: the block is about
/// this line, so the name is a typo or a stale copy.
/// </remarks>
/// <example><code>var c = SdxFile.Parse("wrt: w, b\nw^2 @ 3").Single();
/// var s = SdxSettled.Of(c, Parser.ParseSyntax(c.Expression.Text), new CheckOptions());
/// // s.Options.Wrt == [w]; s.Notes: "b does not occur in this line: not differentiated by it (wrt: on line 1)"</code></example>
public sealed record SdxSettled(CheckOptions Options, ImmutableArray<string> Notes, CaseError? Error)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    public static SdxSettled Of(SdxCase c, ParseResult syntax, CheckOptions commandLine)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(commandLine);
        var options = c.Settings.Apply(commandLine);
        if (options.Wrt is not { Count: > 0 } wrt || syntax.Syntax is null) return new SdxSettled(options, [], null);

        var variables = syntax.Variables;
        var absent = wrt.Where(v => !variables.Contains(v)).ToList();
        if (absent.Count == 0) return new SdxSettled(options, [], null);
        var written = c.Written ?? c;
        var expression = written.Expression;
        var has = variables.IsEmpty ? "it has no variables" : $"its variables: {string.Join(", ", variables)}";

        if (c.Settings.Wrt is not null && c.Settings.WrtLine == c.Line)
        {
            var (start, length) = Locate(written.Text, absent[0]);
            return Failed(options, SdxDiagnostic.Error(
                $"wrt: {Names(absent)} {(absent.Count > 1 ? "do" : "does")} not occur in {expression.Text} ({has})", c.Line, written.Text, start, length, DiagnosticCode.SdxBadSetting));
        }

        var source = c.Settings.Wrt is not null ? $"the wrt: on line {c.Settings.WrtLine}" : "--wrt";
        var present = wrt.Where(variables.Contains).ToList();
        if (present.Count == 0)
            return Failed(options, SdxDiagnostic.Error(
                $"none of the variables to differentiate by ({string.Join(", ", wrt)}, from {source}) occurs in {expression.Text} ({has}); " +
                $"give this line its own, e.g. {{wrt: {string.Join(", ", variables.DefaultIfEmpty("x"))}}} {expression.Text}" +
                (c.Settings.Wrt is not null ? ", or end the file's with an empty 'wrt:' line" : ""),
                c.Line, written.Text, expression.Offset, expression.Text.Length, DiagnosticCode.SdxBadSetting));
        var note = $"{Names(absent)} {(absent.Count > 1 ? "do" : "does")} not occur in this line: not differentiated by {(absent.Count > 1 ? "them" : "it")} ({source})";
        return new SdxSettled(options with { Wrt = present }, [note], null);
    }

    /// <summary>
    /// The results of the line with what the user wrote as their input (the line before its lets were
    /// substituted) and the notes of settling.
    /// </summary>
    public IReadOnlyList<CaseResult> Annotate(SdxCase c, IReadOnlyList<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(results);
        if (c.Written is null && Notes.IsEmpty) return results;
        var written = WrittenClaims(c);
        return [.. results.Select(r => r with
        {
            Input = c.Written is { } w && r.Input == c.Expression.Text ? w.Expression.Text : r.Input,
            Notes = [.. r.Notes.Select(n => AsWritten(n, r.Claims, written)), .. Notes],
            Claim = r.Claim is { } one && r.Claims.IndexOf(one) is var k and >= 0 && k < written.Length ? one with { Expression = written[k] } : r.Claim,
            Claims = written.Length == r.Claims.Length ? [.. r.Claims.Select((claim, i) => claim with { Expression = written[i] })] : r.Claims,
        })];
    }

    // A note about claim i ("claim df/db = EXPANDED: correct ...") with the claim as written.
    private static string AsWritten(string note, ImmutableArray<ClaimResult> claims, ImmutableArray<string> written)
    {
        if (written.Length != claims.Length) return note;
        for (var i = 0; i < claims.Length; i++)
            if (claims[i].Expression != written[i] && note.Contains($" = {claims[i].Expression}:", StringComparison.Ordinal))
                return note.Replace($" = {claims[i].Expression}:", $" = {written[i]}:", StringComparison.Ordinal);
        return note;
    }

    // The claims' derivatives as the user wrote them, before the lets were substituted ("d/dw: (s - y)*x" gives
    // "(s - y)*x"), in the order written; empty when the line has no lets or no claim.
    private static ImmutableArray<string> WrittenClaims(SdxCase c) =>
        c.Written?.Claim is { } claim
            ? [.. claim.Text.Split(';').Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p[(p.IndexOf(':') + 1)..].Trim())]
            : [];

    private static SdxSettled Failed(CheckOptions options, CaseError error) => new(options, [], error);

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    // The name in the line's "{wrt: ...}" block, for the caret; the block's start when it cannot be found.
    private static (int Start, int Length) Locate(string text, string name)
    {
        var block = text.IndexOf("wrt:", StringComparison.Ordinal);
        if (block < 0) return (0, 1);
        var close = text.IndexOf('}', block);
        var at = text.IndexOf(name, block + 4, StringComparison.Ordinal);
        return at >= 0 && (close < 0 || at < close) ? (at, name.Length) : (block, 3);
    }
}
