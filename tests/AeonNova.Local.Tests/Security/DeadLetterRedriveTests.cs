using System.Net;
using System.Text.Json.Nodes;
using AeonNova.Core.Workflow;
using AeonNova.Local.Auth;
using AeonNova.Local.Storage;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Security;

/// <summary>
/// Operators (not viewers) re-drive a dead letter from the API or /ui, only from this server's own origin; the
/// message goes through intake again (redaction included) and the letter is kept, marked re-driven.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeadLetterRedriveTests
{
    private static string SampleEnvelope()
    {
        var payload = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "samples", "alerts", "alertmanager", "firing.json")))!;
        foreach (var alert in payload["alerts"]!.AsArray())
        {
            alert!["annotations"]!["description"] = string.Join("\n", IntakeRedactionTests.Secrets.Select(s => s.Text));
        }
        return new AlertEnvelope { Source = "alertmanager", ReceivedAt = DateTimeOffset.UtcNow, Body = payload.ToJsonString() }.ToJson();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Redrive_WhenOperatorAsksFromOurOrigin_ShouldRunTheAlertThroughIntakeAgainAndKeepTheLetter()
    {
        await using var host = await RunningHost.StartAsync();
        host.Accounts.Add("vera", "vera@example.com", OperatorRole.Viewer, RunningHost.Password);
        host.Accounts.Add("otto", "otto@example.com", OperatorRole.Operator, RunningHost.Password);
        using var viewer = await host.SignInAsync("vera", RunningHost.Password);
        using var operatorClient = await host.SignInAsync("otto", RunningHost.Password);
        var id = host.PlantDeadLetter(SampleEnvelope(), "dispatch failed");
        Assert.Contains("action=\"/ui/dead-letters/", await operatorClient.GetStringAsync("/ui/dead-letters"), StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/ui/dead-letters/", await viewer.GetStringAsync("/ui/dead-letters"), StringComparison.Ordinal);

        using (var asViewer = await PostAsync(viewer, $"/dead-letters/{id}/redrive", host.Url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        }
        using (var forged = await PostAsync(operatorClient, $"/dead-letters/{id}/redrive", "http://evil.example"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }
        using (var anonymous = await PostAsync(host.Anonymous, $"/dead-letters/{id}/redrive", host.Url))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        Assert.Null(Assert.Single(host.Services.Queue.DeadLetters(10)).RedrivenAt);
        Assert.Empty(host.Services.Executions.List(new ExecutionQuery()));

        using (var redriven = await PostAsync(operatorClient, $"/dead-letters/{id}/redrive", host.Url))
        {
            Assert.Equal(HttpStatusCode.Accepted, redriven.StatusCode);
            Assert.Equal("otto", (string?)JsonNode.Parse(await redriven.Content.ReadAsStringAsync())!["redrivenBy"]);
        }
        var execution = await host.WaitForAsync(list => list.FirstOrDefault(e => e.Waiting || e.Status != "RUNNING"), "the re-driven alert's execution");
        var document = System.Text.Json.JsonSerializer.Serialize(host.Services.Executions.Find(execution.Name)!.History.ToList(),
            AeonNova.StepFunctions.Persistence.StepFunctionsJsonContext.Default.ListHistoryEvent);
        Assert.Contains("REDACTED", document, StringComparison.Ordinal);
        foreach (var (kind, _, needle) in IntakeRedactionTests.Secrets)
        {
            Assert.False(document.Contains(needle, StringComparison.Ordinal), $"{kind} reached the re-driven execution");
        }
        var letter = Assert.Single(host.Services.Queue.DeadLetters(10));
        Assert.Equal("otto", letter.RedrivenBy);
        Assert.Contains("re-driven", await viewer.GetStringAsync("/ui/dead-letters"), StringComparison.Ordinal);
        using (var twice = await PostAsync(operatorClient, $"/dead-letters/{id}/redrive", host.Url))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }
    }

    [Fact]
    public async Task RedriveForm_WhenOperatorPostsItFromTheUi_ShouldRedirectBackAndMarkTheLetter()
    {
        await using var host = await RunningHost.StartAsync();
        host.Accounts.Add("otto", "otto@example.com", OperatorRole.Operator, RunningHost.Password);
        using var operatorClient = await host.SignInAsync("otto", RunningHost.Password);
        var id = host.PlantDeadLetter(SampleEnvelope(), "dispatch failed");

        using var response = await PostAsync(operatorClient, $"/ui/dead-letters/{id}/redrive", host.Url);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/ui/dead-letters", response.Headers.Location?.OriginalString);
        Assert.NotNull(Assert.Single(host.Services.Queue.DeadLetters(10)).RedrivenAt);
        using var missing = await PostAsync(operatorClient, $"/ui/dead-letters/{id + 1000}/redrive", host.Url);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
