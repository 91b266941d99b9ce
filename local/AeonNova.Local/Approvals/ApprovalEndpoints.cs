using System.Text;
using AeonNova.Approvals;
using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Chat.Slack;
using AeonNova.Approvals.Chat.Teams;
using AeonNova.Approvals.Email;
using AeonNova.Approvals.Http;
using AeonNova.Approvals.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AeonNova.Local.Approvals;

/// <summary>What the local host must tell the approvals area.</summary>
public sealed record ApprovalHostOptions
{
    /// <summary>SQLite file for approvals (the host's shared database is fine).</summary>
    public required string DatabasePath { get; init; }
    /// <summary>Public base URL for links in emails, e.g. http://127.0.0.1:5080.</summary>
    public required string BaseUrl { get; init; }
    public required ApprovalPolicy Policy { get; init; }
    /// <summary>&lt;data-dir&gt;/outbox.</summary>
    public required string OutboxDirectory { get; init; }
    /// <summary>Print approval links on the console (development only: serve bound to loopback).</summary>
    public bool ConsoleLinks { get; init; }
    /// <summary>Origins (scheme://host:port) a deciding POST may come from; empty = same origin as the Host header.</summary>
    public IReadOnlyList<string> PublicOrigins { get; init; } = [];
    /// <summary>Slack app (posts approvals, receives clicks at POST /chat/slack/interactions); null = no Slack.</summary>
    public SlackOptions? Slack { get; init; }
    /// <summary>Teams bot (posts approval cards, receives Action.Execute at POST /chat/teams/messages); null = no Teams.</summary>
    public TeamsOptions? Teams { get; init; }
}

/// <summary>Wires the approvals area into an ASP.NET Core host (the serve command and the tests).</summary>
public static class ApprovalEndpoints
{
    /// <summary>
    /// Registers the SQLite store, <see cref="ApprovalService"/>, <see cref="ApprovalHttpHandler"/> and the
    /// <see cref="EmlOutbox"/>. The host must register an <see cref="ITaskTokenCallback"/> (its workflow engine).
    /// </summary>
    public static IServiceCollection AddAeonNovaApprovals(this IServiceCollection services, ApprovalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomSource, CryptoRandomSource>();
        services.TryAddSingleton<IApprovalStore>(_ => new SqliteApprovalStore(options.DatabasePath));
        services.TryAddSingleton(sp => new ApprovalService(
            sp.GetRequiredService<IApprovalStore>(),
            sp.GetRequiredService<ITaskTokenCallback>(),
            options.Policy,
            new ApprovalServiceOptions { BaseUrl = options.BaseUrl },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IRandomSource>()));
        services.TryAddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("AeonNova.Approvals");
            return new ApprovalHttpHandler(
                sp.GetRequiredService<ApprovalService>(),
                sp.GetRequiredService<IRandomSource>(),
                ex => logger.LogError(ex, "approval request failed"),
                options.PublicOrigins.Count > 0 ? new RequestOrigin(options.PublicOrigins) : null);
        });
        if (options.Slack is { } slack)
        {
            services.TryAddSingleton(sp => new SlackApi(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, slack));
            services.TryAddSingleton(sp =>
            {
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("AeonNova.Approvals.Slack");
                var time = sp.GetRequiredService<TimeProvider>();
                return new SlackInteractions(sp.GetRequiredService<ApprovalService>(), sp.GetRequiredService<SlackApi>(), slack,
                    new ReplayCache(time, SlackSignature.Window), time, ex => logger.LogError(ex, "slack interaction failed"));
            });
            services.AddSingleton<IApprovalChatNotifier>(sp => new SlackNotifier(sp.GetRequiredService<SlackApi>(), slack));
        }
        if (options.Teams is { } teams)
        {
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            services.TryAddSingleton(sp =>
            {
                var time = sp.GetRequiredService<TimeProvider>();
                return new TeamsBot(sp.GetRequiredService<ApprovalService>(), teams, http, new ReplayCache(time, TimeSpan.FromMinutes(5)), time);
            });
            services.AddSingleton<IApprovalChatNotifier>(sp => new TeamsNotifier(http, teams, sp.GetRequiredService<TimeProvider>()));
        }
        services.TryAddSingleton(sp => new EmlOutbox(
            options.OutboxDirectory, Console.Out, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IRandomSource>(), options.ConsoleLinks));
        return services;
    }

    /// <summary>GET/HEAD/POST /approvals/{id}: the same routes and status codes as the API Gateway function.</summary>
    public static IEndpointConventionBuilder MapAeonNovaApprovals(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var builder = endpoints.MapMethods("/approvals/{id}", ["GET", "HEAD", "POST"], HandleAsync);
        if (endpoints.ServiceProvider.GetService<SlackInteractions>() is not null)
        {
            // Exempt from operator sign-in and the Origin check (OperatorAuth) because every request is verified
            // as signed by Slack; the Host allow-list still applies.
            endpoints.MapPost(SlackInteractionsPath, context => HandleChatAsync(context, context.RequestServices.GetRequiredService<SlackInteractions>().HandleAsync));
        }
        if (endpoints.ServiceProvider.GetService<TeamsBot>() is not null)
        {
            // Same exemption: every activity must carry a valid Bot Framework token for this bot.
            endpoints.MapPost(TeamsMessagesPath, context => HandleChatAsync(context, context.RequestServices.GetRequiredService<TeamsBot>().HandleAsync));
        }
        return builder;
    }

    public const string SlackInteractionsPath = ChatHttp.SlackInteractionsPath;
    public const string TeamsMessagesPath = ChatHttp.TeamsMessagesPath;

    private static async Task HandleChatAsync(HttpContext context, Func<ChatHttpRequest, CancellationToken, Task<ChatHttpResponse>> handle)
    {
        var body = await ReadLimitedAsync(context.Request, ChatHttp.MaxBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        var headers = context.Request.Headers;
        var response = await handle(new ChatHttpRequest
        {
            RawBody = body,
            ContentType = context.Request.ContentType,
            Header = name => headers.TryGetValue(name, out var value) ? value.FirstOrDefault() : null,
            Client = new ClientInfo(context.Connection.RemoteIpAddress?.ToString() ?? "", headers.UserAgent.ToString()),
        }, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, response).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, ChatHttpResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        context.Response.Headers.CacheControl = "no-store";
        if (response.Body.Length > 0)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task HandleAsync(HttpContext context, string id)
    {
        var handler = context.RequestServices.GetRequiredService<ApprovalHttpHandler>();
        var request = context.Request;
        string? body = null;
        if (HttpMethods.IsPost(request.Method))
        {
            body = await ReadLimitedAsync(request, FormBody.MaxBytes, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }
        }
        var response = await handler.HandleAsync(new ApprovalHttpRequest
        {
            Method = request.Method,
            ApprovalId = id,
            QueryToken = request.Query["t"].FirstOrDefault(),
            FormBody = body,
            ContentType = request.ContentType,
            CsrfCookie = request.Cookies[ApprovalHttpHandler.CsrfCookieName],
            Origin = request.Headers.Origin.FirstOrDefault(),
            SecFetchSite = request.Headers["Sec-Fetch-Site"].FirstOrDefault(),
            Referer = request.Headers.Referer.FirstOrDefault(),
            Host = request.Host.Value ?? "",
            IsHttps = request.IsHttps,
            Client = new ClientInfo(context.Connection.RemoteIpAddress?.ToString() ?? "", request.Headers.UserAgent.ToString()),
        }, context.RequestAborted).ConfigureAwait(false);

        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }
        if (response.Body.Length > 0)
        {
            await context.Response.WriteAsync(response.Body, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The body as UTF-8, or null when it exceeds <paramref name="maxBytes"/>.</summary>
    private static async Task<string?> ReadLimitedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return null;
            }
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
