using SymDiff.Checking;

namespace SymDiff.Cli.Rendering;

/// <summary>One checked .sdx case: the case, one result per point (one without a point), and the wall time it took.</summary>
public sealed record CheckedCase(SdxCase Case, IReadOnlyList<CaseResult> Results, double Seconds);

/// <summary>
/// A report of <c>symdiff check</c>, written as the cases come: files in order, each in chunks of checked cases
/// in input order, then the summary. Reports hold no more than one chunk, so memory stays flat on long files.
/// </summary>
public interface ICheckReport
{
    /// <summary>A file starts; <paramref name="name"/> is its path as given, or "stdin".</summary>
    void BeginFile(string name);

    void Write(IReadOnlyList<CheckedCase> chunk);

    void EndFile();

    /// <summary>The run is over: close the document.</summary>
    void Finish(Summary summary);
}

/// <summary>Counts results as they stream past, for the summary and the exit code.</summary>
public sealed class SummaryCounter
{
    private int _pass, _fail, _error, _undefined;

    public void Add(IEnumerable<CaseResult> results)
    {
        foreach (var r in results)
        {
            switch (r.Status)
            {
                case CaseStatus.Pass: _pass++; break;
                case CaseStatus.Fail: _fail++; break;
                case CaseStatus.Error: _error++; break;
                case CaseStatus.Undefined: _undefined++; break;
            }
        }
    }

    public Summary Summary => new(_pass + _fail + _error + _undefined, _pass, _fail, _error, _undefined);
}
