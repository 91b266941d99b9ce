using AeonNova.Core.Alerts;

namespace AeonNova.Core.Tests.TestSupport;

/// <summary>Deterministic ids: alert-1, alert-2, …</summary>
public sealed class SequentialIds : IAlertIdGenerator
{
    private int _next;

    public string NewId() => $"alert-{Interlocked.Increment(ref _next)}";
}
