namespace AeonNova.Safety.Analysis;

/// <summary>
/// One argument of a command after expansion. Parts the validator could not resolve appear in
/// <see cref="Text"/> as <see cref="Unknown"/>; <see cref="Decoded"/> marks text that came out of a decoder.
/// </summary>
internal readonly record struct Arg(string Text, bool Dynamic = false, bool Decoded = false)
{
    public const char Unknown = '\u0001';

    /// <summary>Follows <see cref="Unknown"/> where the unknown text is the output of a download (curl, wget, nc…).</summary>
    public const char Downloaded = '\u0002';

    /// <summary>The text contains output fetched from the network, which the validator cannot see.</summary>
    public static bool HasDownload(string text) => text.Contains(Downloaded, StringComparison.Ordinal);

    public static Arg Of(string text) => new(text);

    public static Arg DynamicValue { get; } = new(Unknown.ToString(), Dynamic: true);

    public bool IsOption => Text.Length > 1 && Text[0] == '-' && !Dynamic;

    public override string ToString() => Dynamic ? Text.Replace(Unknown.ToString(), "${?}", StringComparison.Ordinal).Replace(Downloaded.ToString(), "", StringComparison.Ordinal) : Text;
}

/// <summary>What one script has done so far that later commands depend on (files downloaded or written).</summary>
internal sealed class ScriptState
{
    public HashSet<string> DownloadedFiles { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Files this script wrote with known content (heredocs, echo/printf redirections).</summary>
    public Dictionary<string, string> WrittenFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Process substitutions (&lt;(cmd)) by the /dev/fd path the command sees.</summary>
    public Dictionary<string, Flow> ProcessSubstitutions { get; } = new(StringComparer.Ordinal);

    public void RecordDownload(string path)
    {
        DownloadedFiles.Add(PathRules.Normalize(path));
        DownloadedFiles.Add(Path.GetFileName(path.Replace('\\', '/')));
    }

    public bool WasDownloaded(string path) =>
        DownloadedFiles.Contains(PathRules.Normalize(path)) || DownloadedFiles.Contains(Path.GetFileName(path.Replace('\\', '/')));

    public void RecordWrite(string path, string content, bool append)
    {
        var key = PathRules.Normalize(path);
        WrittenFiles[key] = append && WrittenFiles.TryGetValue(key, out var old) ? old + content : content;
    }

    public string? WrittenContent(string path) =>
        WrittenFiles.TryGetValue(PathRules.Normalize(path), out var content) ? content : null;
}

/// <summary>Lets shared command rules hand a nested command or script back to the analysers (sudo, ssh, cmd /c, -EncodedCommand).</summary>
internal interface INestedRunner
{
    void RunArgv(IReadOnlyList<Arg> argv, SourceSpan at, Flow? stdin = null);

    void RunScript(string text, NestedLanguage language, SourceSpan at);
}

internal enum NestedLanguage
{
    Bash,
    PowerShell,
    Cmd,
}

/// <summary>What a command writes to stdout, as far as the validator can tell (for pipes into shells).</summary>
internal sealed record Flow(FlowKind Kind, string Text = "", bool Decoded = false)
{
    public static Flow Unknown { get; } = new(FlowKind.Unknown);
    public static Flow Download { get; } = new(FlowKind.Download);
}

internal enum FlowKind
{
    Unknown,
    Literal,
    Download,
    /// <summary>Paths produced by find (Text holds the placeholder path).</summary>
    Paths,
}
