namespace AeonNova.Analysis.Runbooks;

/// <summary>
/// The loaded SOP knowledge base. Load it once (e.g. from runbooks/) and share it: it is immutable.
/// </summary>
public sealed class RunbookRepository
{
    private readonly Dictionary<string, Runbook> _byId;

    public RunbookRepository(IEnumerable<Runbook> runbooks)
    {
        ArgumentNullException.ThrowIfNull(runbooks);
        var list = runbooks.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        _byId = new Dictionary<string, Runbook>(StringComparer.Ordinal);
        foreach (var runbook in list)
        {
            if (!_byId.TryAdd(runbook.Id, runbook))
            {
                throw new RunbookFormatException(runbook.SourcePath, 0, "id", $"duplicate runbook id '{runbook.Id}'");
            }
        }
        All = list;
    }

    /// <summary>Every runbook, ordered by id.</summary>
    public IReadOnlyList<Runbook> All { get; }

    public Runbook? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Loads every *.md file in <paramref name="directory"/> (not recursive); README.md is skipped.</summary>
    /// <exception cref="RunbookFormatException">A file is malformed, or the directory is missing or empty.</exception>
    /// <param name="validator">When given, a runbook whose rollback template the validator blocks is rejected.</param>
    public static RunbookRepository LoadFromDirectory(string directory, AeonNova.Core.Safety.IScriptValidator? validator = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new RunbookFormatException(directory, 0, "directory", "runbook directory not found");
        }
        var files = Directory.GetFiles(directory, "*.md")
            .Where(f => !string.Equals(Path.GetFileName(f), "README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new RunbookFormatException(directory, 0, "directory", "no runbook (*.md) files");
        }
        return new RunbookRepository(files.Select(f => RunbookLoader.Parse(File.ReadAllText(f), f, validator)));
    }
}
