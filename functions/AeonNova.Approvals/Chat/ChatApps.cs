using AeonNova.Approvals.Chat.Slack;
using AeonNova.Approvals.Chat.Teams;

namespace AeonNova.Approvals.Chat;

/// <summary>
/// The current settings of the chat apps. On AWS they come from Secrets Manager and may change while an execution
/// environment lives (a rotated signing secret), so they are asked for on every request; an implementation returns
/// the same instance for as long as the settings are unchanged.
/// </summary>
public interface IChatAppSettings
{
    /// <summary>The Slack app, or null when Slack approvals are not set up.</summary>
    Task<SlackOptions?> SlackAsync(CancellationToken cancellationToken);

    /// <summary>The Teams bot, or null when Teams approvals are not set up.</summary>
    Task<TeamsOptions?> TeamsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The chat apps of a host whose settings may change (the ApprovalApi Lambda): routes a signed chat request to the
/// <see cref="SlackInteractions"/> or <see cref="TeamsBot"/> built from the current settings — the same verification
/// and decision code serve uses — and gives the notifiers that post approvals. An app is rebuilt only when its
/// settings change, so the Teams bot's cached OpenID keys and bot token survive between requests.
/// </summary>
public sealed class ChatApps
{
    private readonly Lock _gate = new();
    private readonly ApprovalService _approvals;
    private readonly IChatAppSettings _settings;
    private readonly IReplayCache _replays;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    /// <summary>The error sink of the request being handled (each Lambda invocation logs under its own correlation id).</summary>
    private readonly AsyncLocal<Action<string, Exception>?> _onError = new();
    private (SlackOptions Options, SlackInteractions Interactions, SlackNotifier Notifier)? _slack;
    private (TeamsOptions Options, TeamsBot Bot, TeamsNotifier Notifier)? _teams;

    public ChatApps(ApprovalService approvals, IChatAppSettings settings, IReplayCache replays, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(replays);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        _approvals = approvals;
        _settings = settings;
        _replays = replays;
        _http = http;
        _time = time;
    }

    /// <summary>Handles a request to <paramref name="route"/>, one of the routes <see cref="RouteOf"/> names.</summary>
    /// <param name="onError">Told (with the app name) when a chat API call fails; the request still gets its answer.</param>
    public async Task<ChatHttpResponse> HandleAsync(string route, ChatHttpRequest request, Action<string, Exception> onError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onError);
        _onError.Value = onError;
        switch (route)
        {
            case ChatHttp.SlackInteractionsPath:
                var slack = await SlackAsync(cancellationToken).ConfigureAwait(false);
                return slack is null
                    ? ChatHttpResponse.Text(404, "Slack approvals are not set up on this deployment (docs/approvals.md, \"Slack on AWS\").")
                    : await slack.Value.Interactions.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            case ChatHttp.TeamsMessagesPath:
                var teams = await TeamsAsync(cancellationToken).ConfigureAwait(false);
                return teams is null
                    ? ChatHttpResponse.Text(404, "Teams approvals are not set up on this deployment (docs/approvals.md, \"Teams on AWS\").")
                    : await teams.Value.Bot.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentException($"'{route}' is not a chat route (ChatApps.RouteOf names them)", nameof(route));
        }
    }

    /// <summary>The notifiers of the apps set up now (none, Slack, Teams or both).</summary>
    public async Task<IReadOnlyList<IApprovalChatNotifier>> NotifiersAsync(CancellationToken cancellationToken)
    {
        var notifiers = new List<IApprovalChatNotifier>();
        if (await SlackAsync(cancellationToken).ConfigureAwait(false) is { } slack)
        {
            notifiers.Add(slack.Notifier);
        }
        if (await TeamsAsync(cancellationToken).ConfigureAwait(false) is { } teams)
        {
            notifiers.Add(teams.Notifier);
        }
        return notifiers;
    }

    private async Task<(SlackOptions Options, SlackInteractions Interactions, SlackNotifier Notifier)?> SlackAsync(CancellationToken cancellationToken)
    {
        var options = await _settings.SlackAsync(cancellationToken).ConfigureAwait(false);
        if (options is null)
        {
            return null;
        }
        lock (_gate)
        {
            if (_slack is not { } current || !ReferenceEquals(current.Options, options))
            {
                var api = new SlackApi(_http, options);
                _slack = (options, new SlackInteractions(_approvals, api, options, _replays, _time, ex => _onError.Value?.Invoke(SlackInteractions.Via, ex)), new SlackNotifier(api, options));
            }
            return _slack;
        }
    }

    private async Task<(TeamsOptions Options, TeamsBot Bot, TeamsNotifier Notifier)?> TeamsAsync(CancellationToken cancellationToken)
    {
        var options = await _settings.TeamsAsync(cancellationToken).ConfigureAwait(false);
        if (options is null)
        {
            return null;
        }
        lock (_gate)
        {
            if (_teams is not { } current || !ReferenceEquals(current.Options, options))
            {
                _teams = (options, new TeamsBot(_approvals, options, _http, _replays, _time), new TeamsNotifier(_http, options, _time));
            }
            return _teams;
        }
    }

    /// <summary>
    /// The chat route a request path names (<see cref="ChatHttp.SlackInteractionsPath"/> or
    /// <see cref="ChatHttp.TeamsMessagesPath"/>), or null for any other path; API Gateway's REST path may carry the
    /// stage ("/live/chat/…").
    /// </summary>
    public static string? RouteOf(string path)
    {
        var trimmed = (path ?? "").TrimEnd('/');
        foreach (var route in (string[])[ChatHttp.SlackInteractionsPath, ChatHttp.TeamsMessagesPath])
        {
            if (trimmed.EndsWith(route, StringComparison.Ordinal))
            {
                return route;
            }
        }
        return null;
    }
}
