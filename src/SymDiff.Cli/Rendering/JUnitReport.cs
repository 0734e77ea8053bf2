using System.Globalization;
using System.Text;
using System.Xml;
using SymDiff.Checking;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// JUnit XML for CI dashboards: <c>&lt;testsuites&gt;</c> with a <c>&lt;testsuite&gt;</c> per file (name = the path, or
/// "stdin") and a <c>&lt;testcase&gt;</c> per case and point (name = line, expression and point; classname = the
/// file). The name lists every claim of the line (<c>=&gt; d/dx: y + cos(x); d/dy: x</c>). <c>fail</c> becomes
/// <c>&lt;failure&gt;</c>, <c>error</c> becomes <c>&lt;error&gt;</c>; <c>undefined</c> (the derivative has no value at the
/// point, or only by convention: nothing to compare) becomes <c>&lt;skipped message="the reason"&gt;</c>, and the
/// <c>skipped</c> counts add them up.
/// </summary>
/// <remarks>
/// The counts are attributes of the opening tags, known only at the end, so test cases are spooled to temporary
/// files and copied after their counts: memory stays flat however long the input.
/// </remarks>
public sealed class JUnitReport : ICheckReport, IDisposable
{
    private readonly TextWriter _out;
    private readonly string _suitesPath = Path.GetTempFileName();
    private readonly string _casesPath = Path.GetTempFileName();
    private readonly StreamWriter _suites;
    private StreamWriter? _cases;
    private XmlWriter? _casesXml;
    private string _file = "";
    private Counts _fileCounts;
    private Counts _total;

    private record struct Counts(int Tests, int Failures, int Errors, int Skipped, double Seconds);

    public JUnitReport(TextWriter output)
    {
        _out = output;
        _suites = new StreamWriter(_suitesPath, append: false, new UTF8Encoding(false));
    }

    public void BeginFile(string name)
    {
        _file = name;
        _fileCounts = default;
        _cases = new StreamWriter(_casesPath, append: false, new UTF8Encoding(false));
        _casesXml = XmlWriter.Create(_cases, Settings());
    }

    public void Write(IReadOnlyList<CheckedCase> chunk)
    {
        var xml = _casesXml!;
        foreach (var c in chunk)
        {
            var seconds = c.Seconds / Math.Max(1, c.Results.Count);
            foreach (var r in c.Results)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", Clean(Name(r)));
                xml.WriteAttributeString("classname", Clean(_file));
                xml.WriteAttributeString("time", Seconds(seconds));
                switch (r.Status)
                {
                    case CaseStatus.Fail:
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("message", Clean(FailureMessage(r)));
                        xml.WriteAttributeString("type", "fail");
                        xml.WriteString(Clean(Details(r)));
                        xml.WriteEndElement();
                        break;
                    case CaseStatus.Error:
                        xml.WriteStartElement("error");
                        xml.WriteAttributeString("message", Clean(r.Error?.Message ?? "error"));
                        xml.WriteAttributeString("type", "error");
                        xml.WriteString(Clean(r.Error?.Rendered ?? Details(r)));
                        xml.WriteEndElement();
                        break;
                    case CaseStatus.Undefined:
                        xml.WriteStartElement("skipped");
                        xml.WriteAttributeString("message", Clean(SkipReason(r)));
                        xml.WriteEndElement();
                        xml.WriteElementString("system-out", Clean("UNDEFINED: the derivative is not defined here, or only by convention\n" + Details(r)));
                        break;
                    default:
                        var details = Details(r);
                        if (details.Length > 0) xml.WriteElementString("system-out", Clean(details));
                        break;
                }
                xml.WriteEndElement();
                _fileCounts = _fileCounts with
                {
                    Tests = _fileCounts.Tests + 1,
                    Failures = _fileCounts.Failures + (r.Status == CaseStatus.Fail ? 1 : 0),
                    Errors = _fileCounts.Errors + (r.Status == CaseStatus.Error ? 1 : 0),
                    Skipped = _fileCounts.Skipped + (r.Status == CaseStatus.Undefined ? 1 : 0),
                    Seconds = _fileCounts.Seconds + seconds,
                };
            }
        }
        xml.Flush();
    }

    public void EndFile()
    {
        _casesXml!.Dispose();
        _cases!.Dispose();
        _casesXml = null;
        _cases = null;
        using (var suite = XmlWriter.Create(_suites, Settings()))
        {
            suite.WriteStartElement("testsuite");
            suite.WriteAttributeString("name", Clean(_file));
            WriteCounts(suite, _fileCounts);
            suite.WriteRaw("\n");
            CopyTo(_casesPath, suite);
            suite.WriteRaw("\n");
            suite.WriteFullEndElement();
        }
        _suites.WriteLine();
        _total = new Counts(_total.Tests + _fileCounts.Tests, _total.Failures + _fileCounts.Failures,
            _total.Errors + _fileCounts.Errors, _total.Skipped + _fileCounts.Skipped, _total.Seconds + _fileCounts.Seconds);
    }

    public void Finish(Summary summary)
    {
        _suites.Flush();
        using (var root = XmlWriter.Create(_out, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false }))
        {
            root.WriteStartDocument();
            root.WriteStartElement("testsuites");
            root.WriteAttributeString("name", "symdiff check");
            WriteCounts(root, _total);
            root.WriteRaw("\n");
            CopyTo(_suitesPath, root);
            root.WriteFullEndElement();
            root.WriteEndDocument();
        }
        _out.WriteLine();
        _out.Flush();
    }

    public void Dispose()
    {
        _casesXml?.Dispose();
        _cases?.Dispose();
        _suites.Dispose();
        File.Delete(_casesPath);
        File.Delete(_suitesPath);
    }

    private static XmlWriterSettings Settings() => new()
    {
        ConformanceLevel = ConformanceLevel.Fragment, Indent = true, OmitXmlDeclaration = true, CloseOutput = false,
    };

    private static void WriteCounts(XmlWriter xml, Counts c)
    {
        xml.WriteAttributeString("tests", c.Tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", c.Failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", c.Errors.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", c.Skipped.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", Seconds(c.Seconds));
    }

    // Copies a spooled fragment (already well-formed XML) in pieces, never whole.
    private static void CopyTo(string path, XmlWriter xml)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var buffer = new char[64 * 1024];
        int n;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0) xml.WriteRaw(buffer, 0, n);
    }

    private static string Name(CaseResult r)
    {
        var name = $"line {r.Line}: {r.Input}";
        if (r.Tensor is { } t) return $"{name} @ {t.ShapesText}" + string.Concat(t.Claims.Select(c => $" => d/d{c.Claim.Variable}: {c.Claim.Text}"));
        if (r.Point is { } p) name += $" @ {Labels.Point(p)}";
        var claims = r.Claims.IsEmpty && r.Claim is { } one ? [one] : r.Claims;
        if (!claims.IsEmpty) name += " => " + string.Join("; ", claims.Select(c => $"{ClaimLabel(c)}: {c.Expression}"));
        return name;
    }

    // As the claim is written in an .sdx line: d/dx, d2/dx2, d2/dxdy.
    private static string ClaimLabel(ClaimResult c) =>
        c.Order == 1 ? $"d/d{c.Variable}"
        : c.Variables.Length == c.Order && c.Variables.Distinct().Count() > 1 ? $"d{c.Order}/d{string.Join("d", c.Variables)}"
        : $"d{c.Order}/d{c.Variable}{c.Order}";

    // Why an undefined point was not compared: the first note says where the derivative has no value.
    private static string SkipReason(CaseResult r) =>
        $"undefined{(r.Point is { } p ? $" at {Labels.Point(p)}" : "")}: {r.Notes.FirstOrDefault() ?? "the derivative is not defined here, or only by convention"}";

    private static string FailureMessage(CaseResult r)
    {
        if (r.Tensor?.Claims.FirstOrDefault(c => c.Verdict == ClaimVerdict.Incorrect) is { } wrong)
            return $"claim d/d{wrong.Claim.Variable} = {wrong.Claim.Text} is incorrect: {wrong.Counterexample}" + (wrong.Hint is { } h ? $"; hint: {h}" : "");
        if (r.Claim is { Verdict: ClaimVerdict.Incorrect } claim)
            return $"claim {ClaimCheck.Label(claim)} = {claim.Expression} is incorrect" + (claim.Hint is { } hint ? $"; hint: {hint}" : "");
        return r.Notes.FirstOrDefault() ?? "the values disagree";
    }

    private static string Details(CaseResult r)
    {
        var text = new StringBuilder();
        if (r.Tensor is { } t)
        {
            foreach (var d in t.Check.Derivatives)
                text.Append($"d/d{d.Variable} = {d.Notation ?? "(numerically)"}: max |diff| {PointAnalysis.Show(d.MaxAbsDiff)}, max rel. diff {PointAnalysis.Show(d.MaxRelDiff)}\n");
            foreach (var c in t.Claims)
                text.Append($"claim d/d{c.Claim.Variable} = {c.Claim.Text}: {(c.Correct ? "correct" : $"{c.Verdict.ToString().ToLowerInvariant()}: {c.Counterexample}")}{(c.Hint is { } h ? $"; hint: {h}" : "")}\n");
        }
        foreach (var d in r.Derivatives)
        {
            text.Append($"{Labels.Derivative(d.Variables)} = {d.Shown}");
            if (d.Symbolic is { } s) text.Append($": symbolic {PointAnalysis.Show(s)}");
            if (d.Autograd is { } a) text.Append($", autograd {PointAnalysis.Show(a)}");
            if (d.Numeric is { } n) text.Append($", finite difference {PointAnalysis.Show(n)}");
            text.Append('\n');
        }
        if (r.Claim is { } claim)
        {
            text.Append($"claim {ClaimCheck.Label(claim)} = {claim.Expression}: {claim.Verdict.ToString().ToLowerInvariant()}");
            if (claim.Counterexample is { } at)
                text.Append($"; at {Labels.Point(at)} the claim gives {TextReport.Show(claim.ClaimedValue)}, the derivative is {TextReport.Show(claim.TrueValue)}");
            if (claim.Hint is { } hint) text.Append($"; hint: {hint}");
            text.Append('\n');
        }
        foreach (var note in r.Notes) text.Append($"note: {note}\n");
        return text.ToString().TrimEnd('\n');
    }

    private static string Seconds(double s) => s.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot hold control characters (even escaped) or lone surrogates: they become U+FFFD.</summary>
    private static string Clean(string s)
    {
        if (s.All(XmlConvert.IsXmlChar)) return s;
        var b = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { b.Append(s, i, 2); i++; }
            else b.Append(XmlConvert.IsXmlChar(s[i]) ? s[i] : '\uFFFD');
        }
        return b.ToString();
    }
}
