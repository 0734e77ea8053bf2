namespace SymDiff.Cli.Commands;

/// <summary>
/// Why a file could not be read or written, in words. The CLI trims the runtime's resource strings
/// (UseSystemResourceKeys), so an exception's own message would be a key such as <c>IO_PathNotFound_Path</c>.
/// </summary>
/// <example><code>catch (IOException e) { console.Error.WriteLine($"error: cannot write '{path}': {FileErrors.Reason(e, path)}"); }</code></example>
internal static class FileErrors
{
    public static string Reason(Exception e, string path) => e switch
    {
        DirectoryNotFoundException => $"the folder {Path.GetDirectoryName(Path.GetFullPath(path))} does not exist",
        FileNotFoundException => "no such file",
        UnauthorizedAccessException when Directory.Exists(path) => "it is a directory",
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the path is too long",
        ArgumentException or NotSupportedException => "not a valid file name",
        IOException when Directory.Exists(path) => "it is a directory",
        _ => $"{e.GetType().Name}, HRESULT 0x{e.HResult:X8}",
    };
}
