using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AeonNova.Approvals.Chat.Slack;

/// <summary>
/// The few Slack Web API methods used (https://api.slack.com/methods): chat.postMessage, chat.update, users.info,
/// views.open, plus the interaction's response_url for replies only the clicking user sees. The bot token goes in
/// the Authorization header, never in a URL.
/// </summary>
public sealed class SlackApi
{
    private readonly HttpClient _http;
    private readonly SlackOptions _options;

    public SlackApi(HttpClient http, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
    }

    /// <summary>chat.postMessage; returns the channel id and message ts Slack assigned.</summary>
    public async Task<(string Channel, string Ts)> PostMessageAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var reply = await CallAsync("chat.postMessage", message, cancellationToken).ConfigureAwait(false);
        return ((string?)reply["channel"] ?? "", (string?)reply["ts"] ?? "");
    }

    /// <summary>chat.update of the message at <paramref name="channel"/>/<paramref name="ts"/> with new content.</summary>
    public Task UpdateAsync(string channel, string ts, JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message["channel"] = channel;
        message["ts"] = ts;
        return CallAsync("chat.update", message, cancellationToken);
    }

    /// <summary>users.info: the profile email and whether Slack has confirmed it.</summary>
    public async Task<SlackUser> UserAsync(string userId, CancellationToken cancellationToken)
    {
        var reply = await CallAsync("users.info", new JsonObject { ["user"] = userId }, cancellationToken).ConfigureAwait(false);
        var user = reply["user"];
        return new SlackUser(
            (string?)user?["profile"]?["email"],
            user?["is_email_confirmed"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
            user?["deleted"]?.GetValueKind() == System.Text.Json.JsonValueKind.True || user?["is_bot"]?.GetValueKind() == System.Text.Json.JsonValueKind.True);
    }

    public Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken) =>
        CallAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, cancellationToken);

    /// <summary>
    /// A reply only the clicking user sees, through the interaction's response_url. Only URLs under
    /// <see cref="SlackOptions.ResponseUrlPrefix"/> are called; returns false for any other.
    /// </summary>
    public async Task<bool> ReplyEphemeralAsync(string? responseUrl, string text, CancellationToken cancellationToken)
    {
        if (responseUrl is null || !responseUrl.StartsWith(_options.ResponseUrlPrefix, StringComparison.Ordinal)
            || !Uri.TryCreate(responseUrl, UriKind.Absolute, out var url))
        {
            return false;
        }
        var body = new JsonObject { ["response_type"] = "ephemeral", ["replace_original"] = false, ["text"] = text };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private async Task<JsonNode> CallAsync(string method, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.ApiBaseUrl, method))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BotToken);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? reply = null;
        try
        {
            reply = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // Reported below with the status code.
        }
        if (!response.IsSuccessStatusCode || reply is null || reply["ok"]?.GetValueKind() != System.Text.Json.JsonValueKind.True)
        {
            throw new SlackApiException(method, (string?)reply?["error"] ?? $"HTTP {(int)response.StatusCode}");
        }
        return reply;
    }
}

/// <summary>What users.info says about a user: the email, whether Slack confirmed it, whether the account can act.</summary>
public sealed record SlackUser(string? Email, bool EmailConfirmed, bool DeletedOrBot);

public sealed class SlackApiException : Exception
{
    public SlackApiException(string method, string error) : base($"slack {method} failed: {error}")
    {
        Method = method;
        Error = error;
    }

    public SlackApiException() : this("?", "?") { }
    public SlackApiException(string message, Exception innerException) : base(message, innerException) { }

    public string Method { get; } = "";
    public string Error { get; } = "";
}
