using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;
using BenchmarkDotNet.Attributes;

namespace AeonNova.Benchmarks;

/// <summary>
/// Built-in planner throughput including retrieval (BM25F over all runbooks, applies-to matching, parameter
/// extraction and rendering). One operation = one plan; plans/s = 1 / Mean. See docs/runbooks-and-analysis.md.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private BuiltinPlanner _planner = null!;
    private CanonicalAlert[] _alerts = [];

    [GlobalSetup]
    public void Setup()
    {
        _planner = new BuiltinPlanner(RunbookRepository.LoadFromDirectory(RepoFiles.Path("runbooks")));
        _alerts =
        [
            Alert("NodeSystemdServiceFailed", OsFamily.Linux, "Systemd service nginx.service has entered failed state", ("alertname", "NodeSystemdServiceFailed"), ("name", "nginx.service")),
            Alert("Disk usage above 90% on win-web-07", OsFamily.Windows, "Disk C: on win-web-07 is 93% used.", ("service", "iis-frontend"), ("os", "windows")),
            Alert("KubePodCrashLooping", OsFamily.Linux, "Pod payments/api-6f7c is in waiting state (CrashLoopBackOff).", ("alertname", "KubePodCrashLooping"), ("namespace", "payments"), ("pod", "api-6f7c")),
            Alert("Redis memory used above 90% on cache-2", OsFamily.Linux, "redis.mem.used is 93% of maxmemory; evicted keys rising.", ("service", "redis")),
            Alert("Quarterly invoice batch finished late", OsFamily.Unknown, "The billing export completed at 03:12."),
            Alert("IIS application pool OrdersApi stopped on WIN-WEB-05", OsFamily.Windows, "Application pool OrdersApi stopped after 5 rapid failures.", ("pool", "OrdersApi")),
            Alert("Zabbix agent is not available (for 3m)", OsFamily.Linux, "For passive agents only, host availability is used.", ("component", "system")),
            Alert("PostgreSQL connections at 95% of max_connections on db-orders-1", OsFamily.Unknown, ""),
        ];
    }

    [Benchmark(OperationsPerInvoke = 8, Description = "Plan (retrieval + planning), per alert")]
    public int PlanEightAlerts()
    {
        var steps = 0;
        foreach (var alert in _alerts)
        {
            steps += _planner.Plan(alert).Plan.Steps.Count;
        }
        return steps;
    }

    [Benchmark(OperationsPerInvoke = 8, Description = "Retrieval only (BM25F top-3), per alert")]
    public int RetrieveEightAlerts()
    {
        var hits = 0;
        foreach (var alert in _alerts)
        {
            hits += _planner.Retriever.Search(alert, 3).Count;
        }
        return hits;
    }

    private static CanonicalAlert Alert(string title, OsFamily os, string description, params (string Key, string Value)[] labels) => new()
    {
        Id = "bench",
        Source = "alertmanager",
        Fingerprint = "bench",
        Status = AlertStatus.Firing,
        Severity = AlertSeverity.High,
        Title = title,
        Description = description,
        Host = "web-1",
        Os = os,
        Labels = labels.ToDictionary(l => l.Key, l => l.Value),
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };
}
