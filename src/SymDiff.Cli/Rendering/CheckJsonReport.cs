using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// The <c>grad --format json</c> document for <c>check</c>, streamed: <c>{"cases":[...],"files":[...],"summary":{...}}</c>,
/// one case object per (line, point) written by <see cref="JsonReport.WriteCase"/>, each with its <c>file</c> (the path
/// as given, or "stdin") and <c>line</c>. <c>files</c> lists each input in order with its number of case objects. A vector/matrix line's case is
/// <see cref="TensorJsonReport"/>'s (<c>shapes</c>, nested arrays, <c>claims</c>) with its <c>line</c>.
/// </summary>
public sealed class CheckJsonReport : ICheckReport
{
    private readonly TextWriter _out;
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _json;
    private readonly List<(string Name, int Cases)> _files = [];

    public CheckJsonReport(TextWriter output)
    {
        _out = output;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _json.WriteStartObject();
        _json.WriteStartArray("cases");
    }

    public void BeginFile(string name) => _files.Add((name, 0));

    public void Write(IReadOnlyList<CheckedCase> chunk)
    {
        var written = 0;
        foreach (var c in chunk)
            foreach (var r in c.Results)
            {
                if (r.Tensor is { } t) TensorJsonReport.WriteCase(_json, t.Check, t.Variables, t.Claims, r.Line, r.Status, _files[^1].Name);
                else JsonReport.WriteCase(_json, r, _files[^1].Name);
                written++;
            }
        _files[^1] = (_files[^1].Name, _files[^1].Cases + written);
        Drain();
    }

    public void EndFile() { }

    public void Finish(Summary summary)
    {
        _json.WriteEndArray();
        _json.WriteStartArray("files");
        foreach (var (name, cases) in _files)
        {
            _json.WriteStartObject();
            _json.WriteString("name", name);
            _json.WriteNumber("cases", cases);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        JsonReport.WriteSummary(_json, summary);
        _json.WriteEndObject();
        Drain();
        _out.WriteLine();
        _out.Flush();
        _json.Dispose();
    }

    // PERF: the writer fills a small buffer per chunk, which goes out to the text writer and is reused.
    private void Drain()
    {
        _json.Flush();
        _out.Write(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        _out.Flush();
        _buffer.SetLength(0);
        _buffer.Position = 0;
    }
}
