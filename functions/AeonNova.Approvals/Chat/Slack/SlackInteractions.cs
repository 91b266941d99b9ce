using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Approvals.Http;
using AeonNova.Approvals.Links;

namespace AeonNova.Approvals.Chat.Slack;

/// <summary>
/// The Slack interactivity endpoint (POST /chat/slack/interactions). Order of checks: signature v0 over the raw
/// body, 5-minute timestamp window, replay cache, workspace; then the form field <c>payload</c>
/// (https://api.slack.com/reference/interaction-payloads/block-actions-payload and views#view_submission).
/// Approve decides at once; Reject opens a modal for the reason and its view_submission decides. Every decision goes
/// through <see cref="ApprovalService.DecideFromChatAsync"/> — the same rules as the approval page. The message is
/// updated in place (chat.update) once the approval is closed; refusals are told to the clicking user only
/// (ephemeral reply through response_url, or the modal's error). A request that is not signed by Slack gets only an
/// HTTP 401 with the reason: nothing in its body is trusted, not even its response_url.
/// </summary>
public sealed class SlackInteractions
{
    public const string Via = "Slack";
    private readonly ApprovalService _approvals;
    private readonly SlackApi _api;
    private readonly SlackOptions _options;
    private readonly IReplayCache _replays;
    private readonly TimeProvider _time;
    private readonly Action<Exception> _onError;

    public SlackInteractions(ApprovalService approvals, SlackApi api, SlackOptions options, IReplayCache replays, TimeProvider time, Action<Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(replays);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(onError);
        _approvals = approvals;
        _api = api;
        _options = options;
        _replays = replays;
        _time = time;
        _onError = onError;
    }

    public async Task<ChatHttpResponse> HandleAsync(ChatHttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signature = request.Header("X-Slack-Signature");
        var verification = SlackSignature.Verify(_options.SigningSecret, request.Header("X-Slack-Request-Timestamp"), signature, request.RawBody, _time.GetUtcNow());
        if (verification is SlackVerification.Missing or SlackVerification.Forged)
        {
            return ChatHttpResponse.Text(401, "Refused: the request is not signed by this Slack app (X-Slack-Signature missing or wrong). Nothing was decided.");
        }
        JsonNode? payload;
        try
        {
            if (request.ContentType is null || !request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                return ChatHttpResponse.Text(400, "Refused: Slack interactions are application/x-www-form-urlencoded with a payload field.");
            }
            payload = JsonNode.Parse(FormBody.Parse(request.RawBody).GetValueOrDefault("payload") ?? "");
        }
        catch (JsonException)
        {
            return ChatHttpResponse.Text(400, "Refused: the payload field is not JSON.");
        }
        if (payload is not JsonObject)
        {
            return ChatHttpResponse.Text(400, "Refused: the request has no payload field.");
        }
        // From here the body is Slack's own, so its response_url may carry the reason back to the user.
        var responseUrl = (string?)payload["response_url"];
        if (verification == SlackVerification.Stale)
        {
            const string stale = "Refused: the request timestamp is more than 5 minutes away from now (stale or replayed). Nothing was decided.";
            await ReplyAsync(responseUrl, stale, cancellationToken).ConfigureAwait(false);
            return ChatHttpResponse.Text(401, stale);
        }
        switch (await _replays.CheckAsync(signature!, cancellationToken).ConfigureAwait(false))
        {
            case ReplayCheck.Replayed:
                const string replayed = "Refused: this exact request was already received (replay). Nothing was decided.";
                await ReplyAsync(responseUrl, replayed, cancellationToken).ConfigureAwait(false);
                return ChatHttpResponse.Text(409, replayed);
            case ReplayCheck.Full:
                return ChatHttpResponse.Text(503, "Refused: too many requests in the last minutes; try again shortly.");
        }
        if (_options.TeamId.Length > 0 && !string.Equals((string?)payload["team"]?["id"], _options.TeamId, StringComparison.Ordinal))
        {
            return ChatHttpResponse.Text(403, "Refused: the request comes from another Slack workspace.");
        }
        try
        {
            return (string?)payload["type"] switch
            {
                "block_actions" => await BlockActionAsync(payload, responseUrl, request.Client, cancellationToken).ConfigureAwait(false),
                "view_submission" => await ViewSubmissionAsync(payload, request.Client, cancellationToken).ConfigureAwait(false),
                _ => ChatHttpResponse.Ok,
            };
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            _onError(ex);
            await ReplyAsync(responseUrl, "The approval service could not complete the request; the approval page from your email still works.", cancellationToken).ConfigureAwait(false);
            return ChatHttpResponse.Text(502, "Slack API call failed");
        }
    }

    private async Task<ChatHttpResponse> BlockActionAsync(JsonNode payload, string? responseUrl, ClientInfo client, CancellationToken cancellationToken)
    {
        var action = payload["actions"]?.AsArray().FirstOrDefault();
        var actionId = (string?)action?["action_id"];
        if (actionId is not (SlackBlocks.ApproveAction or SlackBlocks.RejectAction))
        {
            return ChatHttpResponse.Ok;
        }
        var userId = (string?)payload["user"]?["id"] ?? "";
        var target = new MessageRef(
            (string?)payload["container"]?["channel_id"] ?? (string?)payload["channel"]?["id"] ?? "",
            (string?)payload["container"]?["message_ts"] ?? (string?)payload["message"]?["ts"] ?? "",
            responseUrl ?? "");
        if (!TryParseButton((string?)action!["value"], out var approvalId, out var scriptSha256))
        {
            await ReplyAsync(responseUrl, "Refused: this button does not name an approval and script hash. Nothing was decided.", cancellationToken).ConfigureAwait(false);
            return ChatHttpResponse.Ok;
        }
        var email = await EmailOfAsync(userId, cancellationToken).ConfigureAwait(false);
        if (actionId == SlackBlocks.RejectAction && email is not null)
        {
            // The reason is asked in a modal; its submission decides (and is judged then, like any click).
            var metadata = new JsonObject
            {
                ["a"] = approvalId, ["h"] = scriptSha256, ["c"] = target.Channel, ["t"] = target.Ts, ["r"] = target.ResponseUrl,
            };
            await _api.OpenViewAsync((string?)payload["trigger_id"] ?? "", SlackBlocks.RejectView(metadata.ToJsonString()), cancellationToken).ConfigureAwait(false);
            return ChatHttpResponse.Ok;
        }
        var result = await DecideAsync(approvalId, scriptSha256, userId, email, DecisionOutcome.Approved, "", client, cancellationToken).ConfigureAwait(false);
        await ShowAsync(result, target, userId, cancellationToken).ConfigureAwait(false);
        return ChatHttpResponse.Ok;
    }

    private async Task<ChatHttpResponse> ViewSubmissionAsync(JsonNode payload, ClientInfo client, CancellationToken cancellationToken)
    {
        var view = payload["view"];
        if ((string?)view?["callback_id"] != SlackBlocks.RejectModal)
        {
            return ChatHttpResponse.Ok;
        }
        JsonNode? metadata;
        try
        {
            metadata = JsonNode.Parse((string?)view!["private_metadata"] ?? "");
        }
        catch (JsonException)
        {
            metadata = null;
        }
        var approvalId = (string?)metadata?["a"] ?? "";
        var scriptSha256 = (string?)metadata?["h"] ?? "";
        var target = new MessageRef((string?)metadata?["c"] ?? "", (string?)metadata?["t"] ?? "", (string?)metadata?["r"] ?? "");
        var userId = (string?)payload["user"]?["id"] ?? "";
        var reason = (string?)view!["state"]?["values"]?[SlackBlocks.ReasonBlock]?[SlackBlocks.ReasonInput]?["value"] ?? "";
        var email = await EmailOfAsync(userId, cancellationToken).ConfigureAwait(false);
        var result = await DecideAsync(approvalId, scriptSha256, userId, email, DecisionOutcome.Rejected, reason, client, cancellationToken).ConfigureAwait(false);
        if (result.Record is { } record && !record.Status.IsOpen())
        {
            await UpdateMessageAsync(record, target, cancellationToken).ConfigureAwait(false);
        }
        if (result.Outcome == ApprovalOutcome.Decided)
        {
            return ChatHttpResponse.Ok;
        }
        // The modal stays open and shows why under the reason field.
        var errors = new JsonObject
        {
            ["response_action"] = "errors",
            ["errors"] = new JsonObject { [SlackBlocks.ReasonBlock] = ChatText.Reason(result, userId) },
        };
        return ChatHttpResponse.Json(200, errors.ToJsonString());
    }

    private async Task<ApprovalResult> DecideAsync(
        string approvalId, string scriptSha256, string userId, string? email, DecisionOutcome decision, string comment, ClientInfo client, CancellationToken cancellationToken)
    {
        if (!LinkTokens.IsWellFormedApprovalId(approvalId))
        {
            return ApprovalResult.Invalid;
        }
        return await _approvals.DecideFromChatAsync(approvalId, new ChatDecisionRequest
        {
            Via = Via,
            ChatUserId = userId,
            ApproverEmail = email,
            Decision = decision,
            ScriptSha256 = scriptSha256,
            Comment = comment,
        }, client, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closed approval: the message shows who decided and when (no buttons). Refusal: told to the clicking user only.</summary>
    private async Task ShowAsync(ApprovalResult result, MessageRef target, string userId, CancellationToken cancellationToken)
    {
        if (result.Record is { } record && !record.Status.IsOpen())
        {
            await UpdateMessageAsync(record, target, cancellationToken).ConfigureAwait(false);
        }
        if (result.Outcome != ApprovalOutcome.Decided)
        {
            await ReplyAsync(target.ResponseUrl, ChatText.Reason(result, userId), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UpdateMessageAsync(ApprovalRecord record, MessageRef target, CancellationToken cancellationToken)
    {
        if (target.Channel.Length == 0 || target.Ts.Length == 0)
        {
            return;
        }
        try
        {
            await _api.UpdateAsync(target.Channel, target.Ts, SlackBlocks.Message(record, target.Channel), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            // The decision stands; only the message could not be refreshed.
            _onError(ex);
        }
    }

    private async Task ReplyAsync(string? responseUrl, string text, CancellationToken cancellationToken)
    {
        try
        {
            await _api.ReplyEphemeralAsync(responseUrl, text, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            _onError(ex);
        }
    }

    /// <summary>The approver email of a Slack user: the configured map first, then (if enabled) a Slack-confirmed email.</summary>
    private async Task<string?> EmailOfAsync(string userId, CancellationToken cancellationToken)
    {
        if (userId.Length == 0)
        {
            return null;
        }
        if (_options.Users.TryGetValue(userId, out var mapped))
        {
            return mapped;
        }
        if (!_options.MapByVerifiedEmail)
        {
            return null;
        }
        var user = await _api.UserAsync(userId, cancellationToken).ConfigureAwait(false);
        return user is { EmailConfirmed: true, DeletedOrBot: false, Email: { Length: > 0 } email } ? email : null;
    }

    private static bool TryParseButton(string? value, out string approvalId, out string scriptSha256)
    {
        var parts = (value ?? "").Split(':');
        approvalId = parts.Length == 2 ? parts[0] : "";
        scriptSha256 = parts.Length == 2 ? parts[1] : "";
        return LinkTokens.IsWellFormedApprovalId(approvalId) && scriptSha256.Length == 64 && scriptSha256.All(char.IsAsciiHexDigit);
    }

    private sealed record MessageRef(string Channel, string Ts, string ResponseUrl);
}

/// <summary>Posts each approval to the Slack channel of its current tier (chat.postMessage).</summary>
public sealed class SlackNotifier(SlackApi api, SlackOptions options) : IApprovalChatNotifier
{
    public string Name => SlackInteractions.Via;

    public async Task NotifyAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var channel = options.ChannelFor(record.TierName);
        await api.PostMessageAsync(SlackBlocks.Message(record, channel), cancellationToken).ConfigureAwait(false);
    }
}
