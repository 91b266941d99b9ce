using System.Text.Json;
using System.Text.Json.Serialization;
using AeonNova.Core.Safety;
using AeonNova.Safety.Json;

namespace AeonNova.Safety.Policy;

/// <summary>
/// Allow profiles by environment (config/safety-policy.json). Read-only diagnostics are always allowed;
/// routine remediations are allowed or sent to review depending on the environment; block rules cannot be relaxed.
/// </summary>
public sealed record SafetyPolicy
{
    /// <summary>Profile used when the caller names no environment or one the policy does not list.</summary>
    public string DefaultEnvironment { get; init; } = "default";

    public IReadOnlyDictionary<string, EnvironmentPolicy> Environments { get; init; } =
        new Dictionary<string, EnvironmentPolicy>(StringComparer.OrdinalIgnoreCase);

    public EnvironmentPolicy For(string? environment)
    {
        if (!string.IsNullOrWhiteSpace(environment))
        {
            foreach (var (name, policy) in Environments)
            {
                if (string.Equals(name, environment, StringComparison.OrdinalIgnoreCase))
                {
                    return policy;
                }
            }
        }
        foreach (var (name, policy) in Environments)
        {
            if (string.Equals(name, DefaultEnvironment, StringComparison.OrdinalIgnoreCase))
            {
                return policy;
            }
        }
        return EnvironmentPolicy.Conservative;
    }

    /// <summary>The policy embedded in the assembly (a copy of config/safety-policy.json).</summary>
    public static SafetyPolicy LoadEmbedded()
    {
        using var stream = typeof(SafetyPolicy).Assembly.GetManifestResourceStream("AeonNova.Safety.safety-policy.json")
            ?? throw new InvalidOperationException("embedded safety policy is missing from the assembly");
        return Load(stream, "embedded safety-policy.json");
    }

    public static SafetyPolicy LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    public static SafetyPolicy Load(Stream json, string sourceName)
    {
        SafetyPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize(json, SafetyJsonContext.Default.SafetyPolicy);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? "" : $" at {ex.Path}";
            throw new InvalidDataException($"{sourceName}: invalid policy{where} (line {ex.LineNumber + 1}): {FirstLine(ex.Message)}", ex);
        }
        if (policy is null || policy.Environments.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: the policy lists no environments");
        }
        return policy;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

/// <summary>What one environment allows.</summary>
public sealed record EnvironmentPolicy
{
    /// <summary>Verdict for routine remediations (restart a named service, vacuum journals, delete old logs).</summary>
    public RoutineAction Routine { get; init; } = RoutineAction.Review;

    /// <summary>Per-rule severity changes. A rule whose catalogue severity is block stays block.</summary>
    public IReadOnlyDictionary<string, FindingSeverity> Overrides { get; init; } = new Dictionary<string, FindingSeverity>();

    public static EnvironmentPolicy Conservative { get; } = new();
}

[JsonConverter(typeof(JsonStringEnumConverter<RoutineAction>))]
public enum RoutineAction
{
    [JsonStringEnumMemberName("review")] Review,
    [JsonStringEnumMemberName("allow")] Allow,
}
