using System.Text.Json;
using Amazon;
using Amazon.Runtime;

namespace AeonNova.Functions.AwsJson;

/// <summary>
/// Secrets Manager's GetSecretValue (AWSSDK.SecretsManager is not available here) over <see cref="AwsJsonClient"/>:
/// awsJson1_1, X-Amz-Target "secretsmanager.GetSecretValue", body {"SecretId": …}, answer {"SecretString": …}
/// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
/// </summary>
public sealed class SecretsManagerClient(AwsJsonClient client)
{
    public const string SigningName = "secretsmanager";
    public const string GetSecretValueTarget = "secretsmanager.GetSecretValue";

    public static SecretsManagerClient Create(HttpClient http, AWSCredentials credentials, RegionEndpoint region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var endpoint = new Uri($"https://secretsmanager.{region.SystemName}.amazonaws.com/");
        return new SecretsManagerClient(new AwsJsonClient(http, credentials, region, SigningName, endpoint, contentType: AwsJsonClient.ContentType11));
    }

    /// <summary>The current (AWSCURRENT) SecretString of <paramref name="secretId"/> (ARN or name).</summary>
    public async Task<string> GetSecretStringAsync(string secretId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        var body = AwsJsonClient.Body(w => w.WriteString("SecretId", secretId));
        using var response = await client.SendAsync(GetSecretValueTarget, body, cancellationToken).ConfigureAwait(false);
        return response.RootElement.TryGetProperty("SecretString", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new AwsServiceException("NoSecretString", $"secret {secretId} holds no SecretString (a binary secret is not supported)", 200);
    }
}

/// <summary>
/// Secret values read through <see cref="SecretsManagerClient"/> and kept for <see cref="Ttl"/> (AWS's advice:
/// cache client-side), so a warm function calls Secrets Manager at most once per secret per TTL and a rotated
/// value is picked up within it. Concurrent readers of an expired value wait for one call.
/// </summary>
public sealed class CachedSecrets(Func<string, CancellationToken, Task<string>> read, TimeProvider time, TimeSpan ttl)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (string Value, DateTimeOffset Until)> _values = new(StringComparer.Ordinal);

    public TimeSpan Ttl => ttl;

    public async Task<string> GetAsync(string secretId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_values.TryGetValue(secretId, out var cached) && cached.Until > now)
            {
                return cached.Value;
            }
            var value = await read(secretId, cancellationToken).ConfigureAwait(false);
            _values[secretId] = (value, now + ttl);
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }
}
