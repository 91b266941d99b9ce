using System.Text.Json.Nodes;

namespace AeonNova.StepFunctions.Resources;

/// <summary>
/// Binds Task resources to in-process handlers. Lookup order for a Task state: a state override
/// (<see cref="BindState"/>, used by mocks), then for Lambda targets (plain Lambda ARN, lambda:invoke's
/// FunctionName, or a <c>${…FunctionArn}</c> placeholder) the function handler, then the resource itself
/// (exact, then without <c>.sync</c>/<c>.waitForTaskToken</c>, then the short form such as <c>sns:publish</c>),
/// then the fallback. Keys may be written with or without <c>${…}</c>.
/// Not thread-safe while being built; read-only once handed to <see cref="LocalStepFunctions.CreateStateMachine"/>.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<string, TaskHandler> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskHandler> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskHandler> _states = new(StringComparer.Ordinal);
    private readonly HashSet<TaskHandler> _streams = new(ReferenceEqualityComparer.Instance);

    /// <summary>Handler used when nothing else matches; null means "no binding" (the task fails with States.TaskFailed).</summary>
    public TaskHandler? Fallback { get; private set; }

    /// <summary>
    /// Binds a Lambda function by ARN (<c>arn:aws:lambda:…:function:Name[:qualifier]</c>), by name, or by
    /// placeholder key (<c>${EnrichFunctionArn}</c> or <c>EnrichFunctionArn</c>). The handler receives the payload
    /// and returns the function's result; for <c>lambda:invoke</c> the engine wraps it in {ExecutedVersion, Payload, StatusCode, …}.
    /// </summary>
    public ResourceRegistry BindFunction(string function, TaskHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(function);
        ArgumentNullException.ThrowIfNull(handler);
        _functions[ResourceNames.FunctionKey(function)] = handler;
        return this;
    }

    /// <summary>
    /// Binds a Lambda function that works on JSON bytes, the way a function's stream entry point does: it reads
    /// <see cref="TaskInvocation.InputText"/> (the engine writes the payload straight to text instead of building
    /// nodes; <see cref="TaskInvocation.Input"/> is parsed only if the handler asks for it), and every call returns a
    /// newly built document it keeps no reference to (e.g. parsed with <see cref="Json.TaskPayload.Parse"/>), which
    /// the engine adopts instead of copying.
    /// </summary>
    public ResourceRegistry BindStreamFunction(string function, TaskHandler handler)
    {
        BindFunction(function, handler);
        _streams.Add(handler);
        return this;
    }

    /// <summary>Binds a synchronous function handler.</summary>
    public ResourceRegistry BindFunction(string function, Func<JsonNode?, JsonNode?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return BindFunction(function, (invocation, _) => ValueTask.FromResult(handler(invocation.Input)));
    }

    /// <summary>
    /// Binds a service integration resource (e.g. <c>arn:aws:states:::sns:publish</c>, <c>sns:publish</c>,
    /// <c>arn:aws:states:::aws-sdk:ssm:sendCommand</c>) or a placeholder key. The handler returns the service's
    /// API response shape (see <see cref="ServiceResponses"/>). For <c>.waitForTaskToken</c> resources the
    /// handler's result is ignored and the task completes with the callback's output.
    /// </summary>
    public ResourceRegistry Bind(string resource, TaskHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentNullException.ThrowIfNull(handler);
        _resources[ResourceNames.ResourceKey(resource)] = handler;
        return this;
    }

    /// <summary>
    /// Overrides one state by name: the handler's result is the task result as is (no integration shaping and no
    /// callback wait), the way Step Functions Local's mocked responses behave.
    /// </summary>
    public ResourceRegistry BindState(string stateName, TaskHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(handler);
        _states[stateName] = handler;
        return this;
    }

    /// <summary>Sets the handler used when no other binding matches.</summary>
    public ResourceRegistry BindFallback(TaskHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Fallback = handler;
        return this;
    }

    /// <summary>Copies every binding of <paramref name="other"/> into this registry (other's bindings win).</summary>
    public ResourceRegistry Include(ResourceRegistry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (k, v) in other._functions) { _functions[k] = v; }
        foreach (var (k, v) in other._resources) { _resources[k] = v; }
        foreach (var (k, v) in other._states) { _states[k] = v; }
        _streams.UnionWith(other._streams);
        Fallback = other.Fallback ?? Fallback;
        return this;
    }

    /// <summary>Keys bound with <see cref="BindFunction(string, TaskHandler)"/> (function names or placeholder keys).</summary>
    public IReadOnlyCollection<string> FunctionKeys => _functions.Keys;

    /// <summary>Keys bound with <see cref="Bind"/>.</summary>
    public IReadOnlyCollection<string> ResourceKeys => _resources.Keys;

    /// <summary>State names bound with <see cref="BindState"/>.</summary>
    public IReadOnlyCollection<string> StateKeys => _states.Keys;

    internal TaskHandler? FindState(string stateName) => _states.GetValueOrDefault(stateName);

    /// <summary>Whether the handler was bound with <see cref="BindStreamFunction"/> (text input, results adopted without a copy).</summary>
    internal bool IsStreamFunction(TaskHandler handler) => _streams.Contains(handler);

    internal TaskHandler? FindFunction(string? function, string? placeholderKey)
    {
        if (placeholderKey is not null && _functions.TryGetValue(placeholderKey, out var byKey)) { return byKey; }
        if (function is null) { return null; }
        if (_functions.TryGetValue(ResourceNames.FunctionKey(function), out var handler)) { return handler; }
        return _functions.GetValueOrDefault(function);
    }

    internal TaskHandler? FindResource(string resource, string? placeholderKey)
    {
        if (placeholderKey is not null && _resources.TryGetValue(placeholderKey, out var byKey)) { return byKey; }
        if (_resources.TryGetValue(ResourceNames.ResourceKey(resource), out var exact)) { return exact; }
        var baseArn = ResourceNames.WithoutPattern(resource);
        if (_resources.TryGetValue(baseArn, out var byBase)) { return byBase; }
        return _resources.GetValueOrDefault(ResourceNames.ShortServiceName(baseArn));
    }
}
