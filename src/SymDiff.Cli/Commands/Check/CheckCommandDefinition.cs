using System.CommandLine;
using System.CommandLine.Parsing;

namespace SymDiff.Cli.Commands.Check;

/// <summary>The arguments and options of <c>symdiff check</c> and how they are wired to <see cref="CheckCommand"/>.</summary>
public static class CheckCommandDefinition
{
    public static readonly Argument<string[]> Files = CreateFiles();

    public static readonly Option<string> Format = OptionValues.OneOf(new Option<string>("--format")
    {
        Description = "Report: text, json or junit. text is a table (long derivatives wrap at the terminal's width, or COLUMNS, " +
                      "or 100), json the grad --format json document (one case per line and point, each with its file), junit " +
                      "JUnit XML for CI (a testsuite per file, a testcase per line and point, undefined points skipped).",
        DefaultValueFactory = _ => "text",
    }, "text", "json", "junit");

    public static readonly Option<string?> Output = OptionValues.Text(new Option<string?>("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output: a file path (the summary line still goes to " +
                      "standard output).",
        HelpName = "PATH",
    }, "a file path");

    public const string Help =
        "Check every case of .sdx files and report like a test runner: derivatives cross-checked with PyTorch's autograd and " +
        "finite differences, hand-written derivatives verified.\n" +
        "\n" +
        "File format: one case per line; blank lines and # comments (whole line or trailing) are ignored.\n" +
        "  EXPR                    the derivative(s) only\n" +
        "  EXPR @ POINT            checked at a point: 3, x=0.7, y=-1.3; several points: x=1; x=2; x=3\n" +
        "  EXPR => CLAIM           a hand-written derivative to verify: 2*x+2, or d/dx: y + cos(x); d/dy: x\n" +
        "  EXPR @ POINT => CLAIM   both\n" +
        "  shape: W=3x2, x=2       shapes for the following lines, until the next shape: line (an empty one clears them)\n" +
        "  wrt: w, b               a setting for the following lines, until the next line with its key (an empty one clears it):\n" +
        "                          wrt: (variables), data: x=2, y=1 (fixed values), rtol: 1e-6, atol: 1e-9, order: 2\n" +
        "  let s = sigmoid(w*x + b)  a name for the lines below: each use stands for the expression (all oracles see it)\n" +
        "  {wrt: x; rtol: 1e-6} EXPR @ POINT   settings for this line alone, before its expression\n" +
        "Settings: the line's {...} over the file's setting lines over the command line's options. A point's values override\n" +
        "data:. A variable of a file's wrt: (or --wrt) that a line does not contain is left out for that line, with a note; a\n" +
        "line that contains none of them is an error, and so is a {wrt: ...} naming a variable its expression lacks.\n" +
        "Vectors and matrices: '@' is also the matrix product. The point is introduced by the last '@' outside brackets and " +
        "parentheses that is followed by a binding NAME= or a number (or a sign); every other '@' is a matrix product. " +
        "Bracketed values set shapes (W=[[1, 2], [3, 4]], x=[1, -1]); a variable with a shape and no value gets random values. " +
        "A vector/matrix line gives one row per derivative in matrix notation; claims are written the same way (d/dW: 2*outer(W@x - y, x)).\n" +
        "For example:\n" +
        "  # quickstart\n" +
        "  x^2+2*x+1 @ 3 => 2*x+2\n" +
        "  sin(x^2) @ 1                          # chain rule\n" +
        "  x*y + sin(x) @ x=0.7, y=-1.3 => d/dx: y + cos(x); d/dy: x\n" +
        "  relu(x) @ -1; 0; 2\n" +
        "  data: x=2, y=1\n" +
        "  {wrt: w, b} (sigmoid(w*x + b) - y)^2 @ w=0.5, b=0.1\n" +
        "  sum((W@x - y)^2) @ W=[[1, 2], [3, 4]], x=[1, 2], y=[0, 1] => d/dx: 2*W.T@(W@x - y)\n" +
        "Every case gives one result per point (pass, fail, error or undefined). A line that cannot be parsed (or a bad setting or let) is an error " +
        "for that line, shown with its column and a caret, and the other lines are still checked. A wrong claim fails, with " +
        "a counterexample and, when it matches a usual mistake (chain rule, product rule, sign, exponent, constant factor), a hint.\n" +
        "\n" +
        "Examples:\n" +
        "  symdiff check examples/quickstart.sdx\n" +
        "  symdiff check examples/*.sdx --no-autograd\n" +
        "  symdiff check course.sdx --format junit --output report.xml\n" +
        "  cat cases.sdx | symdiff check - --format json\n" +
        ExitCodes.Help;

    // A word that looks like an option and is not a file is an unknown option, not a missing file (check --bogus f.sdx).
    private static Argument<string[]> CreateFiles()
    {
        var files = OptionValues.Accepts(new Argument<string[]>("files")
        {
            Description = "One or more .sdx files (- reads standard input).",
            Arity = ArgumentArity.OneOrMore,
        }, "one or more .sdx files (- reads standard input)");
        files.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (!UsageErrors.LooksLikeOption(token.Value) || File.Exists(token.Value) || r.Parent is not CommandResult c) continue;
                r.AddError(UsageErrors.UnknownOption(token.Value, c.Command));
                return;
            }
        });
        return files;
    }

    public static Command Create(CliConsole console)
    {
        var command = new Command("check", Help)
        {
            Files, Format, Output,
            CommonOptions.Device, CommonOptions.DType, CommonOptions.RTol, CommonOptions.ATol, CommonOptions.NoAutograd,
            CommonOptions.Wrt, CommonOptions.Order, CommonOptions.Stats, CommonOptions.Shape, CommonOptions.Seed,
        };
        command.SetAction(parseResult => CheckCommand.Run(new CheckSettings(
            parseResult.GetValue(Files)!,
            parseResult.GetValue(Format)!,
            parseResult.GetValue(Output),
            parseResult.GetValue(CommonOptions.Device)!,
            CommonOptions.DTypeOf(parseResult),
            parseResult.GetValue(CommonOptions.RTol),
            parseResult.GetValue(CommonOptions.ATol),
            parseResult.GetValue(CommonOptions.NoAutograd),
            CommonOptions.WrtOf(parseResult),
            parseResult.GetValue(CommonOptions.Order),
            parseResult.GetValue(CommonOptions.Stats)) { Shape = parseResult.GetValue(CommonOptions.Shape), Seed = parseResult.GetValue(CommonOptions.Seed) }, console));
        return command;
    }
}
