using SymDiff.Tests.Examples;

namespace SymDiff.Tests.Library;

/// <summary>
/// The README's "The library" snippet is examples/Library/Program.cs, character for character, so it compiles
/// (building the tests builds the example), and running it prints what its comments say.
/// </summary>
public class ReadmeLibrarySnippetTests
{
    private static string Repo => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ExampleProcess.Dll("Library"))!, "../../../../.."));

    private static string ReadmeSnippet()
    {
        var readme = File.ReadAllText(Path.Combine(Repo, "README.md")).ReplaceLineEndings("\n");
        var section = readme.IndexOf("\n## The library\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README has no '## The library' section");
        var start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    [Fact]
    public void The_readme_snippet_is_the_example_program()
    {
        var program = File.ReadAllText(Path.Combine(Repo, "examples", "Library", "Program.cs")).ReplaceLineEndings("\n");
        Assert.Equal(program, ReadmeSnippet());
    }

    [Fact]
    public void Running_the_snippet_prints_what_its_comments_say()
    {
        // Every line that prints ends with "// the line it prints".
        var expected = ReadmeSnippet().Split('\n')
            .Where(l => l.Contains("Console.WriteLine", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf("// ", StringComparison.Ordinal) + 3)..])
            .ToArray();
        var r = ExampleProcess.Run("Library");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.Error);
        Assert.Equal(expected, r.Lines);
    }
}
