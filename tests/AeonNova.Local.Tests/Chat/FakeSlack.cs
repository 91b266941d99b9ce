using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using AeonNova.Approvals.Chat.Slack;
using AeonNova.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AeonNova.Local.Tests.Chat;

/// <summary>
/// Slack's Web API and response_url hooks on 127.0.0.1: records every call (method, JSON body, Authorization) and
/// answers like Slack does (ok, ts, user objects from <see cref="Users"/>). It also builds interaction requests
/// signed the way Slack signs them, so the tests send exactly what Slack would.
/// </summary>
internal sealed class FakeSlack : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string BotToken = "xoxb-fake-bot-token-for-tests";
    public const string Channel = "C0APPROVALS";
    private readonly WebApplication _app;
    private int _ts;

    private FakeSlack(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public ConcurrentQueue<(string Method, JsonNode Body, string Authorization)> Calls { get; } = new();
    public ConcurrentQueue<JsonNode> Replies { get; } = new();
    /// <summary>users.info answers: user id → (email, is_email_confirmed).</summary>
    public ConcurrentDictionary<string, (string Email, bool Confirmed)> Users { get; } = new();

    public string ResponseUrl => $"{BaseUrl}/hooks/T000/B000/replyhere";

    public IEnumerable<JsonNode> CallsTo(string method) => Calls.Where(c => c.Method == method).Select(c => c.Body);

    public SlackOptions Options(IReadOnlyDictionary<string, string>? users = null, bool byEmail = false) => new()
    {
        SigningSecret = SigningSecret,
        BotToken = BotToken,
        Channel = Channel,
        TierChannels = new Dictionary<string, string> { ["cto"] = "C0CTO" },
        Users = users ?? new Dictionary<string, string>(),
        MapByVerifiedEmail = byEmail,
        TeamId = "T000",
        ApiBaseUrl = new Uri($"{BaseUrl}/api/"),
        ResponseUrlPrefix = $"{BaseUrl}/hooks/",
    };

    public static async Task<FakeSlack> StartAsync()
    {
        FakeSlack? fake = null;
        await LoopbackServer.StartAsync((app, baseUrl) =>
        {
            fake = new FakeSlack(app, baseUrl);
            app.MapPost("/api/{method}", fake.ApiAsync);
            app.MapPost("/hooks/{**rest}", fake.HookAsync);
        });
        return fake!;
    }

    private async Task ApiAsync(HttpContext context, string method)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject();
        Calls.Enqueue((method, body, context.Request.Headers.Authorization.ToString()));
        JsonObject reply = method switch
        {
            "chat.postMessage" => new() { ["ok"] = true, ["channel"] = (string?)body["channel"], ["ts"] = NextTs() },
            "chat.update" => new() { ["ok"] = true, ["channel"] = (string?)body["channel"], ["ts"] = (string?)body["ts"] },
            "users.info" when Users.TryGetValue((string?)body["user"] ?? "", out var u) => new()
            {
                ["ok"] = true,
                ["user"] = new JsonObject
                {
                    ["id"] = (string?)body["user"], ["is_email_confirmed"] = u.Confirmed, ["deleted"] = false, ["is_bot"] = false,
                    ["profile"] = new JsonObject { ["email"] = u.Email },
                },
            },
            "users.info" => new() { ["ok"] = false, ["error"] = "user_not_found" },
            _ => new() { ["ok"] = true },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.ToJsonString());
    }

    private async Task HookAsync(HttpContext context)
    {
        Replies.Enqueue(await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject());
    }

    private string NextTs() => string.Create(CultureInfo.InvariantCulture, $"1700000000.{Interlocked.Increment(ref _ts):D6}");

    /// <summary>A block_actions payload for a click on one of the approval message's buttons.</summary>
    public JsonObject BlockAction(string userId, string actionId, string buttonValue, string messageTs = "1700000000.000001") => new()
    {
        ["type"] = "block_actions",
        ["team"] = new JsonObject { ["id"] = "T000" },
        ["user"] = new JsonObject { ["id"] = userId },
        ["trigger_id"] = "trigger-" + userId,
        ["response_url"] = ResponseUrl,
        ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = Channel, ["message_ts"] = messageTs },
        ["actions"] = new JsonArray { new JsonObject { ["action_id"] = actionId, ["block_id"] = "decision", ["value"] = buttonValue, ["type"] = "button" } },
    };

    /// <summary>The view_submission of the reject modal, carrying back the private_metadata the app set.</summary>
    public static JsonObject RejectSubmission(string userId, string privateMetadata, string reason) => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = "T000" },
        ["user"] = new JsonObject { ["id"] = userId },
        ["view"] = new JsonObject
        {
            ["callback_id"] = SlackBlocks.RejectModal,
            ["private_metadata"] = privateMetadata,
            ["state"] = new JsonObject
            {
                ["values"] = new JsonObject
                {
                    [SlackBlocks.ReasonBlock] = new JsonObject { [SlackBlocks.ReasonInput] = new JsonObject { ["type"] = "plain_text_input", ["value"] = reason } },
                },
            },
        },
    };

    /// <summary>The HTTP request Slack sends for a payload: form-encoded, signed over "v0:timestamp:body".</summary>
    public static HttpRequestMessage Signed(JsonObject payload, DateTimeOffset at, string secret = SigningSecret)
    {
        var body = "payload=" + Uri.EscapeDataString(payload.ToJsonString());
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/chat/slack/interactions")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(secret, timestamp, body));
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
