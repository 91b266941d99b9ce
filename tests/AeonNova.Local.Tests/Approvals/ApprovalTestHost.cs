using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AeonNova.Approvals;
using AeonNova.Approvals.Chat.Slack;
using AeonNova.Approvals.Policy;
using AeonNova.Approvals.Tests.Support;
using AeonNova.Local.Approvals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using AeonNova.Testing;

namespace AeonNova.Local.Tests.Approvals;

/// <summary>
/// A real Kestrel host on 127.0.0.1 with the SQLite approval store, as `aeonnova serve` wires it. Every response
/// body that passes through <see cref="SendAsync"/> is checked for the task token.
/// </summary>
internal sealed partial class ApprovalTestHost : IAsyncDisposable
{
    public const string TaskToken = "AAAAKgAAAAIAAAAAAAAAAFAKE-LOCAL-TASK-TOKEN-0c9d8e7f6a5b4c3d";
    private readonly WebApplication _app;

    private ApprovalTestHost(WebApplication app, string baseUrl, string dataDir, ApprovalPolicy policy, RecordingCallback callback, ManualTimeProvider clock)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataDir = dataDir;
        Policy = policy;
        Callback = callback;
        Clock = clock;
        Client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl),
        };
    }

    public string BaseUrl { get; }
    public string DataDir { get; }
    public string DatabasePath => Path.Combine(DataDir, "aeonnova.db");
    public ApprovalPolicy Policy { get; }
    public RecordingCallback Callback { get; }
    public ManualTimeProvider Clock { get; }
    public HttpClient Client { get; }
    public ApprovalService Service => _app.Services.GetRequiredService<ApprovalService>();
    public IApprovalStore Store => _app.Services.GetRequiredService<IApprovalStore>();
    public IServiceProvider Services => _app.Services;

    public static async Task<ApprovalTestHost> StartAsync(ApprovalPolicy? policy = null, string? dataDir = null, SlackOptions? slack = null, AeonNova.Approvals.Chat.Teams.TeamsOptions? teams = null)
    {
        policy ??= ApprovalFixtures.LoadPolicy();
        dataDir ??= Path.Combine(Path.GetTempPath(), $"aeonnova-approvals-{Guid.NewGuid():N}");
        var port = LoopbackServer.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var callback = new RecordingCallback();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls(baseUrl);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ITaskTokenCallback>(callback);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddAeonNovaApprovals(new ApprovalHostOptions
        {
            DatabasePath = Path.Combine(dataDir, "aeonnova.db"),
            BaseUrl = baseUrl,
            Policy = policy,
            OutboxDirectory = Path.Combine(dataDir, "outbox"),
            Slack = slack,
            Teams = teams,
        });
        var app = builder.Build();
        app.MapAeonNovaApprovals();
        await app.StartAsync();
        return new ApprovalTestHost(app, baseUrl, dataDir, policy, callback, clock);
    }

    /// <summary>Creates the fixture approval and registers the task token, as PrepareApproval + WaitForApproval do.</summary>
    public async Task<PreparedApproval> CreateReadyAsync(ApprovalService? service = null)
    {
        service ??= Service;
        var prepared = await service.CreateAsync(ApprovalFixtures.LoadRequest(), CancellationToken.None);
        Assert.Equal(TokenRegistration.Registered, await service.RegisterTaskTokenAsync(prepared.ApprovalId, TaskToken, CancellationToken.None));
        return prepared;
    }

    public async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpRequestMessage request, HttpClient? client = null)
    {
        var response = await (client ?? Client).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(TaskToken, body, StringComparison.Ordinal);
        Assert.DoesNotContain(TaskToken, response.Headers.ToString(), StringComparison.Ordinal);
        return (response, body);
    }

    public Task<(HttpResponseMessage Response, string Body)> GetAsync(string url, HttpClient? client = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), client);

    /// <summary>Opens the link like a browser and returns the form fields the page would submit.</summary>
    public async Task<Dictionary<string, string>> OpenFormAsync(string url, HttpClient? client = null)
    {
        var (response, body) = await GetAsync(url, client);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return HiddenField().Matches(body).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
    }

    public Task<(HttpResponseMessage Response, string Body)> PostAsync(string approvalId, IDictionary<string, string> fields, string decision, HttpClient? client = null)
    {
        var form = new Dictionary<string, string>(fields) { ["decision"] = decision, ["comment"] = "integration test" };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{approvalId}") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Origin", BaseUrl);
        return SendAsync(request, client);
    }

    public HttpClient NewBrowserLikeClient() =>
        new(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }


    [GeneratedRegex("<input type=\"hidden\" name=\"([a-zA-Z0-9]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
