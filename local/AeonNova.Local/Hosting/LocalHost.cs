using AeonNova.Core.Alerts.Sns;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Approvals;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Ports;
using AeonNova.Core.Workflow;
using AeonNova.Local.Approvals;
using AeonNova.Local.Auth;
using AeonNova.Local.Ingest;
using AeonNova.Local.Config;
using AeonNova.Local.Executors;
using AeonNova.Local.Runtime;
using AeonNova.Local.Storage;
using AeonNova.Local.Ui;
using AeonNova.Local.Workflow;
using AeonNova.StepFunctions;
using AeonNova.StepFunctions.Persistence;
using AeonNova.Workflow.Commands;
using AeonNova.Workflow.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using IFunctionRuntimes = AeonNova.Workflow.Observability.IFunctionRuntimes;
using InProcessFunctionRuntimes = AeonNova.Workflow.Observability.InProcessFunctionRuntimes;

namespace AeonNova.Local.Hosting;

/// <summary>What `aeonnova serve` (and the tests) hand the host.</summary>
public sealed record LocalHostSettings
{
    public required AeonNovaOptions Options { get; init; }
    /// <summary>Relative paths in the options (data dir, mapping and policy files) are resolved against this.</summary>
    public string ConfigDirectory { get; init; } = Environment.CurrentDirectory;
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>Registers the state machine on the engine; null = the remediation workflow with the local bindings.</summary>
    public Func<IServiceProvider, HostServices, StateMachineInfo>? RegisterWorkflow { get; init; }
    /// <summary>Where the repository's data folders are (statemachines/, runbooks/, config/); null = found from the working directory.</summary>
    public Func<string, string>? FindRepoFolder { get; init; }
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
    /// <summary>Loggers added beside the JSON console (tests capture what serve logs).</summary>
    public IReadOnlyList<ILoggerProvider> LoggerProviders { get; init; } = [];
    /// <summary>Reads environment variables (the metrics scrape token); tests pass their own.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}

/// <summary>
/// The one-machine host: Kestrel on loopback serving the HTTP contract of ARCHITECTURE.md (the API Gateway API's
/// paths and status codes), the approval pages, the UI, health and metrics; a background consumer of the durable
/// queue; and the in-process engine whose executions live in SQLite and resume after a restart.
/// </summary>
public static class LocalHost
{
    public static WebApplication Build(LocalHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.Options;
        var dataDir = Path.GetFullPath(Path.Combine(settings.ConfigDirectory, options.DataDir));
        var services = new HostServices(options, dataDir, settings.ConfigDirectory, settings.Clock,
            CrashPoints.FromEnvironment(settings.GetEnvironmentVariable));
        var findFolder = settings.FindRepoFolder ?? RepoFolders.Find;
        var auth = new OperatorAuthSettings(options, settings.GetEnvironmentVariable);
        WebhookExposure.EnsureSafeToExpose(options, services.Intake.Sources, auth.Hosts.AllLoopback);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataDir, Args = [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(settings.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = false;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
        });
        foreach (var provider in settings.LoggerProviders)
        {
            builder.Logging.AddProvider(provider);
        }
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        builder.Services.AddSingleton(services);
        builder.Services.AddSingleton(settings.Clock);
        builder.Services.AddSingleton<ITaskTokenCallback>(services.Runtime);
        builder.Services.AddSingleton<IWorkflowStarter>(services.Runtime);
        // Approvals share the host's database object, so their writes take the same write turns as every other store.
        builder.Services.AddSingleton<IApprovalStore>(new SqliteApprovalStore(services.Database));
        builder.Services.AddAeonNovaApprovals(new ApprovalHostOptions
        {
            DatabasePath = services.Database.FilePath,
            BaseUrl = (options.PublicBaseUrl.Length > 0 ? options.PublicBaseUrl : options.Urls).TrimEnd('/'),
            Policy = LoadPolicy(options, settings.ConfigDirectory, findFolder),
            OutboxDirectory = services.OutboxDirectory,
            ConsoleLinks = auth.Hosts.AllLoopback,
            PublicOrigins = auth.Hosts.Origins,
            Slack = SlackFor(options.Chat.Slack, settings.GetEnvironmentVariable),
            Teams = TeamsFor(options.Chat.Teams, settings.GetEnvironmentVariable),
        });
        // The workflow's services (one composition root for every host) over this host's adapters.
        builder.Services.AddAeonNovaWorkflow(services.WorkflowOptions);
        builder.Services.AddSingleton<IAlertStore>(services.Alerts);
        builder.Services.AddSingleton<IExecutionRecordStore>(services.Records);
        builder.Services.AddSingleton<IAuditSink>(services.AuditSink);
        builder.Services.AddSingleton<ICommandLedgerStore>(services.CommandSends);
        builder.Services.AddSingleton<ICommandSender>(new ExecutorCommandSender(services.Commands));
        builder.Services.AddSingleton(CommandLedgerOptions.SingleProcess);
        builder.Services.AddSingleton<IExecutionUsageMeter>(new EngineUsageMeter(() => services.Runtime.Engine));
        builder.Services.AddSingleton<IAlertQueue>(services.Queue);
        builder.Services.AddSingleton<IAlertIntake>(services.Intake);
        builder.Services.AddSingleton<IFunctionRuntimes>(new InProcessFunctionRuntimes(TextWriter.Null, settings.Clock));
        builder.Services.AddSingleton(_ => RemediationWorkflow.Planning(options.Model, findFolder));
        builder.Services.AddSingleton(SnsHandshakeFor(options));
        builder.Services.AddOperatorAuth(auth, new OperatorAccounts(services.Database, settings.Clock));
        builder.Services.AddSingleton(sp => new QueueConsumer(services.Queue, sp.GetRequiredService<AlertDispatcher>(), services.Accepts, services.Metrics,
            options.Queue, settings.Clock, sp.GetRequiredService<ILogger<QueueConsumer>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueConsumer>());

        var app = builder.Build();
        app.UseOperatorAuth();
        MapApi(app, services);
        OperatorActions.Map(app, services);
        app.MapAeonNovaApprovals();
        UiEndpoints.Map(app, services);

        var register = settings.RegisterWorkflow ?? ((sp, s) => RemediationWorkflow.Register(sp, s, findFolder));
        services.Runtime.Use(register(app.Services, services));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // Executions that were running or waiting when the host stopped (or crashed) continue from their checkpoints.
            var resumed = services.Runtime.Engine.ResumeExecutionsAsync().AsTask().GetAwaiter().GetResult();
            app.Logger.LogInformation("aeonnova serve listening on {Urls}; data in {DataDir}; {Resumed} execution(s) resumed", options.Urls, dataDir, resumed);
        });
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            services.Runtime.Engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            services.Queue.Dispose();
        });
        return app;
    }

    /// <summary>The Slack app of chat.slack, its secrets read from the named environment variables; null when off.</summary>
    private static AeonNova.Approvals.Chat.Slack.SlackOptions? SlackFor(SlackChatOptions slack, Func<string, string?> environment)
    {
        if (!slack.Enabled)
        {
            return null;
        }
        static string Secret(Func<string, string?> environment, string variable, string setting, int minLength) =>
            environment(variable) is { } value && value.Trim().Length >= minLength ? value.Trim()
                : throw new ConfigException($"chat.slack.{setting}: the environment variable {variable} must hold the Slack {(setting == "botTokenEnv" ? "bot token" : "signing secret")}");
        return new AeonNova.Approvals.Chat.Slack.SlackOptions
        {
            SigningSecret = Secret(environment, slack.SigningSecretEnv, "signingSecretEnv", AeonNova.Approvals.Chat.Slack.SlackOptions.MinSigningSecretLength),
            BotToken = Secret(environment, slack.BotTokenEnv, "botTokenEnv", 8),
            Channel = slack.Channel,
            TierChannels = slack.TierChannels,
            Users = slack.Users,
            MapByVerifiedEmail = slack.MapByVerifiedEmail,
            TeamId = slack.TeamId,
            ApiBaseUrl = new Uri(slack.ApiBaseUrl.EndsWith('/') ? slack.ApiBaseUrl : slack.ApiBaseUrl + "/"),
            ResponseUrlPrefix = slack.ResponseUrlPrefix,
        };
    }

    /// <summary>The Teams bot of chat.teams, its client secret read from the named environment variable; null when off.</summary>
    private static AeonNova.Approvals.Chat.Teams.TeamsOptions? TeamsFor(TeamsChatOptions teams, Func<string, string?> environment)
    {
        if (!teams.Enabled)
        {
            return null;
        }
        var password = environment(teams.AppPasswordEnv) is { } value && value.Trim().Length > 0 ? value.Trim()
            : throw new ConfigException($"chat.teams.appPasswordEnv: the environment variable {teams.AppPasswordEnv} must hold the bot's client secret");
        return new AeonNova.Approvals.Chat.Teams.TeamsOptions
        {
            AppId = teams.AppId,
            AppPassword = password,
            ServiceUrl = new Uri(teams.ServiceUrl.EndsWith('/') ? teams.ServiceUrl : teams.ServiceUrl + "/"),
            Conversation = teams.Conversation,
            TierConversations = teams.TierConversations,
            Users = teams.Users,
            TenantId = teams.TenantId,
            TokenEndpoint = new Uri(teams.TokenEndpoint),
            OpenIdMetadataUrl = new Uri(teams.OpenIdMetadataUrl),
        };
    }

    private static ApprovalPolicy LoadPolicy(AeonNovaOptions options, string configDirectory, Func<string, string> findFolder)
    {
        var path = options.ApprovalPolicyFile.Length > 0
            ? Path.Combine(configDirectory, options.ApprovalPolicyFile)
            : Path.Combine(findFolder("config"), "approval-policy.json");
        if (!File.Exists(path))
        {
            throw new ConfigException($"approvalPolicyFile: '{path}' does not exist (set approvalPolicyFile in aeonnova.json)");
        }
        return ApprovalPolicyLoader.LoadFile(path);
    }

    private static void MapApi(WebApplication app, HostServices services)
    {
        app.MapPost("/alerts/{source}", async (HttpContext context, string source, IngestService ingest) =>
        {
            services.Accepts.Begin();
            try
            {
                await AcceptAsync(context, source, ingest, services);
            }
            finally
            {
                services.Accepts.End();
            }
        });

        app.MapGet("/executions", async (HttpContext context) =>
        {
            var list = services.Executions.List(QueryFrom(context.Request));
            await JsonBodies.WriteAsync(context, 200, w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("executions");
                JsonSerializer.Serialize(w, list.ToList(), LocalJsonContext.Default.ListExecutionSummary);
                w.WriteEndObject();
            });
        });

        app.MapGet("/executions/{id}", async (HttpContext context, string id) =>
        {
            var snapshot = services.Executions.Find(id);
            if (snapshot is null)
            {
                await JsonBodies.ErrorAsync(context, 404, "not_found", $"no execution named '{id}'");
                return;
            }
            await JsonBodies.WriteAsync(context, 200, w => ExecutionJson(snapshot).WriteTo(w));
        });

        app.MapGet("/health", async (HttpContext context) => await HealthAsync(context, services, readiness: false));
        app.MapGet("/health/ready", async (HttpContext context) => await HealthAsync(context, services, readiness: true));

        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await services.Metrics.WriteAsync(context.Response.Body, context.RequestAborted);
        });
    }

    /// <summary>SNS subscriptions are confirmed for the topics in sources.cloudwatch.snsTopicArns; every other one gets a 400.</summary>
    private static SnsHandshake SnsHandshakeFor(AeonNovaOptions options)
    {
        var topics = options.Sources.TryGetValue("cloudwatch", out var cloudwatch) ? cloudwatch.SnsTopicArns : [];
        var policy = new SnsSubscriptionPolicy(topics, "sources.cloudwatch.snsTopicArns in aeonnova.json");
        return new SnsHandshake(policy, topics.Count == 0 ? null
            : new HttpSnsSubscriptionConfirmer(new HttpClient(HttpSnsSubscriptionConfirmer.NonRedirectingHandler()) { Timeout = TimeSpan.FromSeconds(15) }));
    }

    private static async Task AcceptAsync(HttpContext context, string source, IngestService ingest, HostServices services)
    {
        var watch = Stopwatch.StartNew();
        if (services.Intake.IsKnownSource(source) && WebhookExposure.MediaTypeRefusal(services.Options, source, context.Request.ContentType) is { } refusal)
        {
            await JsonBodies.ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", refusal);
            return;
        }
        var body = await ReadBodyAsync(context.Request, IngestService.MaxBodyBytes, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var result = await ingest.AcceptAsync(source, headers, body, context.TraceIdentifier, context.RequestAborted);
        if (result.StatusCode != StatusCodes.Status202Accepted)
        {
            if (result.StatusCode == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"aeonnova\"";
            }
            await JsonBodies.ErrorAsync(context, result.StatusCode, result.Error ?? "error", result.Message ?? "");
            return;
        }
        services.Metrics.AlertsAccepted(source.ToLowerInvariant(), result.Accepted, result.Duplicates, watch.Elapsed);
        if (result.Informational.Count > 0)
        {
            // The record of events that start nothing (notes, pings, handshakes): the serve log.
            var log = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AeonNova.Intake");
            foreach (var info in result.Informational)
            {
                log.LogInformation("informational {Source} event {Event} accepted: {Reason}", source, info.Event, info.Reason);
            }
        }
        await JsonBodies.WriteAsync(context, StatusCodes.Status202Accepted, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("accepted", result.Accepted);
            w.WriteStartArray("alertIds");
            foreach (var id in result.AlertIds)
            {
                w.WriteStringValue(id);
            }
            w.WriteEndArray();
            w.WriteNumber("duplicates", result.Duplicates);
            w.WriteStartArray("informational");
            foreach (var info in result.Informational)
            {
                w.WriteStartObject();
                w.WriteString("event", info.Event);
                w.WriteString("reason", info.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The execution as the API returns it: status, input/output and Step Functions history, task tokens blanked.</summary>
    public static JsonObject ExecutionJson(ExecutionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var history = JsonSerializer.SerializeToNode(snapshot.History.ToList(), StepFunctionsJsonContext.Default.ListHistoryEvent);
        return new JsonObject
        {
            ["executionArn"] = snapshot.ExecutionArn,
            ["name"] = snapshot.Name,
            ["status"] = snapshot.Status.ToApiString(),
            ["currentState"] = snapshot.Checkpoint?.StateName,
            ["waitingForCallback"] = snapshot.Checkpoint?.TaskToken is not null,
            ["startDate"] = snapshot.StartDate,
            ["stopDate"] = snapshot.StopDate,
            ["input"] = JsonBodies.Redact(ParseOrText(snapshot.Input)),
            ["output"] = JsonBodies.Redact(ParseOrText(snapshot.Output)),
            ["error"] = snapshot.Error,
            ["cause"] = snapshot.Cause,
            ["history"] = JsonBodies.Redact(history),
        };
    }

    internal static JsonNode? ParseOrText(string? json)
    {
        if (json is null)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }

    internal static ExecutionQuery QueryFrom(HttpRequest request) => new()
    {
        Status = request.Query["status"].FirstOrDefault(),
        Host = request.Query["host"].FirstOrDefault(),
        Severity = request.Query["severity"].FirstOrDefault(),
        Source = request.Query["source"].FirstOrDefault(),
        Text = request.Query["q"].FirstOrDefault(),
        Limit = int.TryParse(request.Query["limit"].FirstOrDefault(), out var limit) ? limit : 100,
    };

    private static async Task HealthAsync(HttpContext context, HostServices services, bool readiness)
    {
        var store = services.Database.IsHealthy();
        long depth = -1;
        try
        {
            depth = services.Queue.Depth();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Reported as not ready below.
        }
        var ready = store && depth >= 0;
        await JsonBodies.WriteAsync(context, readiness && !ready ? 503 : 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", ready ? "ok" : "degraded");
            w.WriteBoolean("store", store);
            w.WriteNumber("queueDepth", depth);
            w.WriteNumber("deadLetters", store ? services.Queue.DeadLetterCount() : -1);
            w.WriteNumber("runningExecutions", services.Runtime.Engine.RunningExecutionCount);
            w.WriteEndObject();
        });
    }

    /// <summary>Reads at most limit+1 bytes: enough for the size check to answer 413 without buffering a huge body.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return new byte[limit + 1];
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                break;
            }
        }
        return buffer.ToArray();
    }
}
