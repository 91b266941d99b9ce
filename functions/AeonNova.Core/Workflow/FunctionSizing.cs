using System.Collections.Frozen;

namespace AeonNova.Core.Workflow;

/// <summary>Memory and timeout of one function; the cost estimate reads the same numbers back from the template.</summary>
public sealed record FunctionSizing(int MemoryMb, int TimeoutSeconds)
{
    private static readonly FunctionSizing Default = new(512, 15);

    private static readonly FrozenDictionary<string, FunctionSizing> Overrides = new Dictionary<string, FunctionSizing>
    {
        // The webhook answers API Gateway (29 s limit) quickly: it only authenticates, checks size and enqueues.
        ["Ingest"] = new(512, 10),
        ["ApprovalApi"] = new(512, 10),
        // A batch of ten alerts: parse, fingerprint, dedupe, start executions.
        ["ParseAlerts"] = new(512, 30),
        ["Enrich"] = new(512, 30),
        // The PowerShell parser (System.Management.Automation) is heavy; more memory also means more CPU.
        ["ValidateScript"] = new(1024, 30),
        ["BuiltinPlanner"] = new(1024, 30),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static FunctionSizing For(string functionName) =>
        Overrides.TryGetValue(functionName, out var sizing) ? sizing : Default;
}
