namespace SymDiff.Cli;

/// <summary>The streams a command writes to, so tests can capture them; colour only on a terminal without NO_COLOR.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool Color)
{
    public static CliConsole System { get; } = new(
        Console.Out, Console.Error, Console.In,
        Color: !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    public bool ErrorIsTerminal => !Console.IsErrorRedirected && ReferenceEquals(Error, Console.Error);

    /// <summary>All of standard input as one expression: without a leading byte order mark or trailing line breaks.</summary>
    public string ReadExpression() => In.ReadToEnd().TrimStart('\uFEFF').TrimEnd('\r', '\n');
}
