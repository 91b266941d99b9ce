using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Tests;

/// <summary>Repository paths and alert builders shared by the tests. Loaded runbooks are cached per process (immutable).</summary>
internal static class TestData
{
    private static readonly Lazy<RunbookRepository> LazyRunbooks = new(() => RunbookRepository.LoadFromDirectory(RepoFiles.Path("runbooks")));
    private static readonly Lazy<BuiltinPlanner> LazyPlanner = new(() => new BuiltinPlanner(LazyRunbooks.Value));

    public static RunbookRepository Runbooks => LazyRunbooks.Value;

    public static BuiltinPlanner Planner => LazyPlanner.Value;

    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public static CanonicalAlert Alert(
        string title,
        OsFamily os = OsFamily.Linux,
        string host = "web-1",
        string description = "",
        string service = "",
        IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyDictionary<string, string>? annotations = null) => new()
        {
            Id = "alert-1",
            Source = "alertmanager",
            Fingerprint = "fp-1",
            Status = AlertStatus.Firing,
            Severity = AlertSeverity.High,
            Title = title,
            Description = description,
            Host = host,
            Service = service,
            Os = os,
            Labels = labels ?? new Dictionary<string, string>(),
            Annotations = annotations ?? new Dictionary<string, string>(),
            ReceivedAt = new DateTimeOffset(2026, 11, 23, 4, 0, 0, TimeSpan.Zero),
        };
}
