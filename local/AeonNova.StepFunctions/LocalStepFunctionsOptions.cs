using AeonNova.StepFunctions.Persistence;

namespace AeonNova.StepFunctions;

/// <summary>Settings of a <see cref="LocalStepFunctions"/> instance, read once at construction.</summary>
public sealed record LocalStepFunctionsOptions
{
    /// <summary>All time (Wait states, retries back-off, timeouts, heartbeats, timestamps) comes from here.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where executions are kept; defaults to a new <see cref="InMemoryExecutionStore"/>.</summary>
    public IExecutionStore? Store { get; init; }

    /// <summary>Region and account used in ARNs.</summary>
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "123456789012";

    /// <summary>Wait states and retry back-offs complete at once (CLI --skip-waits). Timeouts still apply.</summary>
    public bool SkipWaits { get; init; }

    /// <summary>Record execution history events (on by default; GetExecutionHistory is empty when off).</summary>
    public bool RecordHistory { get; init; } = true;

    /// <summary>Source of States.MathRandom, States.UUID and retry jitter; task tokens always use a cryptographic RNG.</summary>
    public Random? Random { get; init; }
}
