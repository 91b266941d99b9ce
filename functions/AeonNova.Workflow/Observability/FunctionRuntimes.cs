namespace AeonNova.Workflow.Observability;

/// <summary>Each handler's <see cref="FunctionRuntime"/> by logical name: the one host-specific piece a handler asks for besides its ports.</summary>
public interface IFunctionRuntimes
{
    FunctionRuntime For(string functionName);
}

/// <summary>Lambda: stdout, names and levels from the environment variables.</summary>
public sealed class LambdaFunctionRuntimes(IEnvironmentVariables environment) : IFunctionRuntimes
{
    public FunctionRuntime For(string functionName) => FunctionRuntime.FromEnvironment(functionName, environment);
}

/// <summary>In-process hosts (local host, tests, benchmarks): logs and metrics to one writer; <see cref="TextWriter.Null"/> discards them.</summary>
public sealed class InProcessFunctionRuntimes(TextWriter output, TimeProvider clock, LogLevel minimumLevel = LogLevel.Info) : IFunctionRuntimes
{
    public FunctionRuntime For(string functionName) => FunctionRuntime.InProcess(functionName, output, clock, minimumLevel);
}
