namespace AeonNova.Functions.Handlers.Knowledge;

/// <summary>How long the index custom resource waits for a new index to become usable.</summary>
/// <param name="PollInterval">Pause between "does the index exist yet" checks.</param>
/// <param name="MaxPolls">Checks before giving up.</param>
/// <param name="Settle">Extra wait after the index answers: Bedrock's knowledge base creation validates the index
/// through a different path that lags behind the first successful GET.</param>
public sealed record VectorIndexOptions(TimeSpan PollInterval, int MaxPolls, TimeSpan Settle)
{
    public static VectorIndexOptions Default { get; } = new(TimeSpan.FromSeconds(5), 24, TimeSpan.FromSeconds(30));
}
