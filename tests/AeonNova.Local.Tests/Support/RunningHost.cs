using System.Net;
using System.Net.Sockets;
using AeonNova.Local.Auth;
using AeonNova.Local.Config;
using AeonNova.Local.Hosting;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Config;
using AeonNova.Local.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using AeonNova.Testing;

namespace AeonNova.Local.Tests.Support;

/// <summary>The real host (Kestrel on 127.0.0.1, a free port, SQLite in a temp dir) running the real workflow.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    public const string GrafanaToken = "grafana-test-token-0123456789";
    /// <summary>The signed-in test operator: an admin whose email is the on-call approver of the approval policy.</summary>
    public const string AdminName = "alex";
    public const string AdminEmail = "oncall@example.com";
    public const string Password = "correct horse battery staple";

    private readonly TempDir dir = new();

    private RunningHost(WebApplication app, string url)
    {
        App = app;
        Url = url;
        Services = app.Services.GetRequiredService<HostServices>();
        Accounts = app.Services.GetRequiredService<OperatorAccounts>();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        Anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(url) };
    }

    public OperatorAccounts Accounts { get; }
    /// <summary>Signed in as <see cref="AdminName"/> (admin, and the on-call approver).</summary>
    public HttpClient Http { get; }
    /// <summary>No session, no redirects followed.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A new client signed in through POST /signin (cookies kept; redirects not followed).</summary>
    public async Task<HttpClient> SignInAsync(string name, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(Url) };
        await SignInAsync(client, name, password);
        return client;
    }

    private async Task SignInAsync(HttpClient client, string name, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = name, ["password"] = password, ["returnUrl"] = "/health" }),
        };
        request.Headers.Add("Origin", Url);
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in as {name} failed: {(int)response.StatusCode}");
        }
    }

    public WebApplication App { get; }
    public string Url { get; }
    public HostServices Services { get; }
    /// <param name="signIn">false = no account is created (the first-start setup path).</param>
    /// <param name="dataDir">An existing data directory to reuse (a restart); null = a fresh temp dir.</param>
    /// <param name="logs">Captures everything serve logs (at Debug and above) besides the console.</param>
    /// <param name="repoFolders">Overrides where single data folders are found (e.g. "runbooks" → a test folder); null = the checkout's.</param>
    public static async Task<RunningHost> StartAsync(Func<AeonNovaOptions, AeonNovaOptions>? configure = null, bool signIn = true,
        string? dataDir = null, Func<string, string?>? environment = null, ILoggerProvider? logs = null,
        IReadOnlyDictionary<string, string>? repoFolders = null)
    {
        var url = $"http://127.0.0.1:{LoopbackServer.FreePort()}";
        var root = RepoFiles.Root;
        var temp = new TempDir();
        var options = new AeonNovaOptions
        {
            Urls = url,
            DataDir = dataDir ?? temp.Path,
            MappingFile = Path.Combine(root, "samples", "mappings", "superops.json"),
            // The tests follow alerts straight to their approval: no settle window (its own tests are in Workflow.Tests).
            Workflow = new WorkflowOptions
            {
                SettleSeconds = new(StringComparer.OrdinalIgnoreCase) { ["critical"] = 0, ["high"] = 0, ["medium"] = 0, ["low"] = 0, ["info"] = 0 },
            },
            Sources = new Dictionary<string, SourceOptions>(StringComparer.OrdinalIgnoreCase)
            {
                ["grafana"] = new() { Auth = "bearer", Secrets = [GrafanaToken] },
                ["zabbix"] = new() { Enabled = false },
            },
        };
        var app = LocalHost.Build(new LocalHostSettings
        {
            Options = configure?.Invoke(options) ?? options,
            FindRepoFolder = folder => repoFolders?.GetValueOrDefault(folder) ?? Path.Combine(root, folder),
            MinimumLogLevel = logs is null ? LogLevel.Warning : LogLevel.Debug,
            LoggerProviders = logs is null ? [] : [logs],
            GetEnvironmentVariable = environment ?? (_ => null),
        });
        await app.StartAsync();
        var host = new RunningHost(app, url);
        if (signIn)
        {
            if (host.Accounts.Count() == 0)
            {
                host.Accounts.Add(AdminName, AdminEmail, Auth.OperatorRole.Admin, Password);
            }
            await host.SignInAsync(host.Http, AdminName, Password);
        }
        host.dir.Dispose();
        host.temp = temp;
        return host;
    }

    private TempDir? temp;

    /// <summary>
    /// Puts <paramref name="body"/> on the queue where the consumer cannot lease it yet, then fails it for good
    /// through the queue's own dead-letter path (as after the last retry). Returns the dead letter's id.
    /// </summary>
    public long PlantDeadLetter(string body, string error)
    {
        long id;
        using (Services.Database.EnterWrite())
        using (var connection = Services.Database.Open())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO queue(kind, body, enqueued_at, visible_at, attempts) VALUES ('alerts', $body, 0, $later, 5) RETURNING id";
            insert.Parameters.AddWithValue("$body", body);
            insert.Parameters.AddWithValue("$later", long.MaxValue / 2);
            id = Convert.ToInt64(insert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        Services.Queue.DeadLetter(id, error);
        return id;
    }

    public async Task<ExecutionSummary> WaitForAsync(Func<IReadOnlyList<ExecutionSummary>, ExecutionSummary?> pick, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (pick(Services.Executions.List(new ExecutionQuery { Limit = 10_000 })) is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        var all = string.Join("\n", Services.Executions.List(new ExecutionQuery()).Select(e => $"{e.Name} {e.Status} {e.CurrentState} {e.Title}"));
        throw new TimeoutException($"timed out waiting for {what}; executions:\n{all}");
    }

    /// <summary>The approval id the execution's PrepareApproval produced (read from its history).</summary>
    public async Task<string> WaitForApprovalIdAsync(string executionName)
    {
        for (var i = 0; i < 200; i++)
        {
            var snapshot = Services.Executions.Find(executionName);
            var match = snapshot is null ? null : System.Text.RegularExpressions.Regex.Match(
                System.Text.Json.JsonSerializer.Serialize(snapshot.History.ToList(), AeonNova.StepFunctions.Persistence.StepFunctionsJsonContext.Default.ListHistoryEvent),
                "\"approvalId\":\"([0-9a-f]+)\"");
            if (match is { Success: true } && Outbox.Links(Services.OutboxDirectory, match.Groups[1].Value).Count > 0)
            {
                return match.Groups[1].Value;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no approval email for {executionName}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        temp?.Dispose();
    }

}
