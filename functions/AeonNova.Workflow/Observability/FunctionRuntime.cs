namespace AeonNova.Workflow.Observability;

/// <summary>
/// What every handler needs from its surroundings, read once: where logs and metrics go, the clock, names,
/// and where the per-invocation X-Ray trace id comes from (the managed runtime sets _X_AMZN_TRACE_ID per invocation).
/// </summary>
public sealed record FunctionRuntime
{
    public required TextWriter Output { get; init; }
    /// <summary>Logs and metrics go nowhere (<see cref="TextWriter.Null"/>), so handlers skip formatting them.</summary>
    public bool Discards => ReferenceEquals(Output, TextWriter.Null);
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>Powertools "service" key.</summary>
    public string ServiceName { get; init; } = "aeonnova";
    public required string FunctionName { get; init; }
    public string MetricsNamespace { get; init; } = "AeonNova";
    public LogLevel MinimumLevel { get; init; } = LogLevel.Info;
    public Func<string?> TraceId { get; init; } = static () => null;

    /// <summary>Lambda: stdout, names and levels from the documented environment variables.</summary>
    public static FunctionRuntime FromEnvironment(string logicalName, IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new FunctionRuntime
        {
            Output = Console.Out,
            ServiceName = environment.Get("POWERTOOLS_SERVICE_NAME") ?? "aeonnova",
            FunctionName = environment.Get("AWS_LAMBDA_FUNCTION_NAME") ?? logicalName,
            MetricsNamespace = environment.Get("POWERTOOLS_METRICS_NAMESPACE") ?? "AeonNova",
            MinimumLevel = LogLevels.Parse(environment.Get("POWERTOOLS_LOG_LEVEL") ?? environment.Get("AWS_LAMBDA_LOG_LEVEL")),
            TraceId = () => XRay.RootFromHeader(environment.Get("_X_AMZN_TRACE_ID")),
        };
    }

    /// <summary>In-process use (tests, local host, benchmarks): logs to the given writer.</summary>
    public static FunctionRuntime InProcess(string logicalName, TextWriter output, TimeProvider clock, LogLevel minimumLevel = LogLevel.Info) => new()
    {
        Output = output,
        Clock = clock,
        FunctionName = logicalName,
        MinimumLevel = minimumLevel,
    };
}

/// <summary>Environment access behind an interface (no static reads in handlers).</summary>
public interface IEnvironmentVariables
{
    string? Get(string name);
}

public sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
    public string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

public sealed class DictionaryEnvironmentVariables(IReadOnlyDictionary<string, string> values) : IEnvironmentVariables
{
    public string? Get(string name) => values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}

public static class XRay
{
    /// <summary>"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=…;Sampled=1" → "1-5759e988-bd862e3fe1be46a994272793".</summary>
    public static string? RootFromHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        foreach (var part in header.Split(';'))
        {
            if (part.StartsWith("Root=", StringComparison.Ordinal))
            {
                return part[5..];
            }
        }
        return null;
    }
}
