using AeonNova.Core.Safety;

namespace AeonNova.Safety.Tests.Corpus;

/// <summary>One script of the test corpus.</summary>
public sealed record CorpusEntry(string Id, string Category, string Expect, ScriptLanguage Language, string Script, string Source, string Cite = "")
{
    public override string ToString() => $"{Source}:{Id}";
}

/// <summary>
/// Reads Fixtures/Corpus/*.corpus. Each entry starts with a header line
/// <c>=== id category expect [cite…]</c> (expect: block | review for dangerous files; read-only | remediation for benign
/// ones; cite: the public catalogue entry the case is modelled on, e.g. "ART T1070.003 Clear Bash history") and runs to
/// the next header. The file extension before .corpus names the language (.sh.corpus, .ps1.corpus).
/// </summary>
public static class CorpusFile
{
    public static IReadOnlyList<CorpusEntry> LoadAll(string kind)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Corpus");
        var entries = new List<CorpusEntry>();
        foreach (var file in Directory.GetFiles(dir, $"{kind}-*.corpus").Order(StringComparer.Ordinal))
        {
            entries.AddRange(Load(file));
        }
        return entries;
    }

    public static IReadOnlyList<CorpusEntry> Load(string path)
    {
        var language = path.Contains(".ps1.", StringComparison.Ordinal) ? ScriptLanguage.PowerShell : ScriptLanguage.Bash;
        var entries = new List<CorpusEntry>();
        string[]? header = null;
        var body = new List<string>();
        void Flush()
        {
            if (header is not null)
            {
                entries.Add(new CorpusEntry(header[1], header[2], header[3], language, string.Join('\n', body).Trim('\n') + "\n", Path.GetFileName(path), string.Join(' ', header.Skip(4))));
            }
            body.Clear();
        }
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.StartsWith("=== ", StringComparison.Ordinal))
            {
                Flush();
                header = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (header.Length < 4 || header[3] is not ("block" or "review" or "read-only" or "remediation"))
                {
                    throw new InvalidDataException($"{path}: bad header '{line}' (want '=== id category expect [cite]', expect one of block, review, read-only, remediation)");
                }
                continue;
            }
            body.Add(line);
        }
        Flush();
        return entries;
    }
}
