namespace AeonNova.Core.Alerts;

/// <summary>Source of canonical alert ids; injected so tests can be deterministic.</summary>
public interface IAlertIdGenerator
{
    string NewId();
}

/// <summary>Time-ordered UUIDv7 ids, timestamped by the injected clock.</summary>
public sealed class UuidV7AlertIdGenerator(TimeProvider time) : IAlertIdGenerator
{
    public string NewId() => Guid.CreateVersion7(time.GetUtcNow()).ToString();
}
