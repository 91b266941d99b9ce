namespace AeonNova.Analysis.Planning;

/// <summary>
/// What happened on the alert's host before (filled by the workflow's Enrich step from the execution store),
/// most recent first. The planner uses it to stop repeating a fix that keeps failing; the model sees it too.
/// </summary>
public sealed record HostHistory
{
    public string Host { get; init; } = "";
    public IReadOnlyList<HostHistoryEntry> Entries { get; init; } = [];
}

/// <param name="At">When the remediation finished.</param>
/// <param name="RunbookId">The runbook the plan followed, or empty.</param>
/// <param name="Outcome">succeeded | failed | rejected | blocked | expired.</param>
/// <param name="Summary">The plan summary (our own text, not alert text).</param>
/// <param name="AlertTitle">The alert title of that time (untrusted: only ever shown to a model inside the delimited data).</param>
public sealed record HostHistoryEntry(DateTimeOffset At, string RunbookId, string Outcome, string Summary = "", string AlertTitle = "");
