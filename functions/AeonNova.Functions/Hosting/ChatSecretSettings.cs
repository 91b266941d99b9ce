using AeonNova.Core.Chat;
using System.Text.Json;
using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Chat.Slack;
using AeonNova.Approvals.Chat.Teams;
using AeonNova.Functions.AwsJson;

namespace AeonNova.Functions.Hosting;

/// <summary>
/// The chat apps' settings on AWS: one Secrets Manager secret per app (ARNs in <see cref="ChatRoutes.SlackSecretVariable"/> and
/// <see cref="ChatRoutes.TeamsSecretVariable"/>, set by ApprovalConstruct), each a JSON object (docs/approvals.md, "Slack and
/// Teams on AWS"). A secret still holding the stack's placeholder (no credentials yet) means the app is not set up.
/// The parsed options are kept while the secret text is unchanged, so <see cref="ChatApps"/> rebuilds an app only
/// after a change. Errors name the secret and the field, never a value.
/// </summary>
public sealed class ChatSecretSettings(CachedSecrets secrets, string? slackSecretId, string? teamsSecretId) : IChatAppSettings
{
    private readonly Lock _gate = new();
    private (string Text, SlackOptions? Options)? _slack;
    private (string Text, TeamsOptions? Options)? _teams;

    public async Task<SlackOptions?> SlackAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(slackSecretId))
        {
            return null;
        }
        var text = await secrets.GetAsync(slackSecretId, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_slack is not { } cached || cached.Text != text)
            {
                _slack = (text, ParseSlack(text, slackSecretId));
            }
            return _slack.Value.Options;
        }
    }

    public async Task<TeamsOptions?> TeamsAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(teamsSecretId))
        {
            return null;
        }
        var text = await secrets.GetAsync(teamsSecretId, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_teams is not { } cached || cached.Text != text)
            {
                _teams = (text, ParseTeams(text, teamsSecretId));
            }
            return _teams.Value.Options;
        }
    }

    /// <summary>{"signingSecret","botToken","channel", optional "tierChannels","users","mapByVerifiedEmail","teamId"}; null while unset.</summary>
    public static SlackOptions? ParseSlack(string json, string secretName)
    {
        using var doc = Parse(json, secretName);
        var root = doc.RootElement;
        if (!root.TryGetProperty("signingSecret", out _) && !root.TryGetProperty("botToken", out _))
        {
            return null;
        }
        var reader = new Fields(root, secretName);
        return new SlackOptions
        {
            SigningSecret = reader.Required("signingSecret", SlackOptions.MinSigningSecretLength),
            BotToken = reader.Required("botToken"),
            Channel = reader.Required("channel"),
            TierChannels = reader.Map("tierChannels"),
            Users = reader.Map("users"),
            MapByVerifiedEmail = reader.Flag("mapByVerifiedEmail"),
            TeamId = reader.Optional("teamId") ?? "",
        };
    }

    /// <summary>{"appId","appPassword","serviceUrl","conversation", optional "tierConversations","users","tenantId","tokenEndpoint"}; null while unset.</summary>
    public static TeamsOptions? ParseTeams(string json, string secretName)
    {
        using var doc = Parse(json, secretName);
        var root = doc.RootElement;
        if (!root.TryGetProperty("appId", out _) && !root.TryGetProperty("appPassword", out _))
        {
            return null;
        }
        var reader = new Fields(root, secretName);
        var options = new TeamsOptions
        {
            AppId = reader.Required("appId"),
            AppPassword = reader.Required("appPassword"),
            ServiceUrl = reader.HttpsUrl("serviceUrl", directory: true) ?? throw reader.Missing("serviceUrl"),
            Conversation = reader.Required("conversation"),
            TierConversations = reader.Map("tierConversations"),
            Users = reader.Map("users"),
            TenantId = reader.Optional("tenantId") ?? "",
        };
        // Single-tenant bots get their token from their own tenant's endpoint.
        return reader.HttpsUrl("tokenEndpoint", directory: false) is { } token ? options with { TokenEndpoint = token } : options;
    }

    private static JsonDocument Parse(string json, string secretName)
    {
        try
        {
            var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new InvalidOperationException($"chat secret {secretName}: the value must be a JSON object (docs/approvals.md)");
            }
            return doc;
        }
        catch (JsonException)
        {
            // The parser's message may quote the text: it is not passed on.
            throw new InvalidOperationException($"chat secret {secretName}: the value is not valid JSON (docs/approvals.md)");
        }
    }

    private readonly struct Fields(JsonElement root, string secretName)
    {
        public InvalidOperationException Missing(string name) =>
            new($"chat secret {secretName}: \"{name}\" must be a non-empty string (docs/approvals.md)");

        public string Required(string name) => Optional(name) is { Length: > 0 } value ? value : throw Missing(name);

        /// <summary>A credential: non-empty and at least <paramref name="minLength"/> characters (the length is named, never the value).</summary>
        public string Required(string name, int minLength) => Required(name) is { } value && value.Length >= minLength ? value
            : throw new InvalidOperationException($"chat secret {secretName}: \"{name}\" must be at least {minLength} characters (docs/approvals.md)");

        public string? Optional(string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            return value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : throw Missing(name);
        }

        public bool Flag(string name) => !root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null
            ? false
            : value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new InvalidOperationException($"chat secret {secretName}: \"{name}\" must be true or false"),
            };

        public IReadOnlyDictionary<string, string> Map(string name)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return map;
            }
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"chat secret {secretName}: \"{name}\" must be an object of strings");
            }
            foreach (var entry in value.EnumerateObject())
            {
                map[entry.Name] = entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString()!.Trim() is { Length: > 0 } text
                    ? text
                    : throw new InvalidOperationException($"chat secret {secretName}: \"{name}.{entry.Name}\" must be a non-empty string");
            }
            return map;
        }

        public Uri? HttpsUrl(string name, bool directory)
        {
            if (Optional(name) is not { Length: > 0 } text)
            {
                return null;
            }
            if (directory && !text.EndsWith('/'))
            {
                text += "/";
            }
            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                ? uri
                : throw new InvalidOperationException($"chat secret {secretName}: \"{name}\" must be an https:// URL");
        }
    }
}
