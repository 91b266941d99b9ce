using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Local.Config;
using AeonNova.Local.Runtime;
using AeonNova.Local.Tests.Config;
using AeonNova.Local.Tests.Support;
using AeonNova.Local.Workflow;
using AeonNova.Testing;

namespace AeonNova.Local.Tests.Runtime;

/// <summary>`model.endpoint` set: the workflow's Analyze step asks an OpenAI-compatible server (a fake on 127.0.0.1).</summary>
[Trait("Category", "Integration")]
public sealed class OpenAiModelTests
{
    private const string Plan = """
        {"summary":"Disk almost full; collect usage.","diagnosis":"Growth under /var.","confidence":0.7,"runbookId":"",
         "steps":["Show usage."],"script":{"language":"bash","body":"df -h /\n"},"risk":"low","needsHuman":true}
        """;

    [Fact]
    public async Task Serve_WhenAnOpenAiCompatibleModelIsConfigured_ShouldPlanWithItsToolCall()
    {
        await using var model = FakeChatServer.Start(_ => (200, Completion("submit_remediation_plan", Plan)));
        await using var host = await RunningHost.StartAsync(o => o with { Model = new ModelOptions { Endpoint = model.Url + "v1", Model = "test-model" } });
        var sample = File.ReadAllText(Path.Combine(RepoFiles.Root, "samples", "alerts", "alertmanager", "firing.json"));
        using (var response = await host.Http.PostAsync("/alerts/alertmanager", new StringContent(sample, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // The sample holds a Linux and a Windows alert; the fake answers bash, which only the Linux host accepts (the
        // Windows one falls back to the built-in planner). The plan is read-only diagnostics: run without approval.
        var execution = await host.WaitForAsync(list => list.FirstOrDefault(e => e.Host == "web-1" && e.Status == "SUCCEEDED" && e.CurrentState == "Diagnosed"), "the Linux alert's execution to run the model's diagnostics");

        var events = host.Services.Executions.Find(execution.Name)!.History;
        var path = events.Where(e => e.Type.ToString().EndsWith("StateEntered", StringComparison.Ordinal)).Select(e => e.StateName).ToList();
        var history = string.Join("\n", events.Select(e => $"{e.Type} {e.StateName} {e.OutputJson}"));
        Assert.Contains("Analyze", path);
        Assert.Contains("ParsePlan", path);
        Assert.DoesNotContain("PlanWithBuiltinPlanner", path);
        Assert.Contains("\"model\":\"test-model\"", history, StringComparison.Ordinal);
        Assert.Contains("Disk almost full; collect usage.", history, StringComparison.Ordinal);
        var request = JsonNode.Parse(model.Requests.First())!;
        Assert.Equal("test-model", (string?)request["model"]);
        Assert.Equal("submit_remediation_plan", (string?)request["tool_choice"]!["function"]!["name"]);
        Assert.Contains("<untrusted_alert_data>", (string?)request["messages"]![1]!["content"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "Bedrock.ThrottlingException")]
    [InlineData(503, "Bedrock.ServiceUnavailableException")]
    [InlineData(400, "Bedrock.ValidationException")]
    public async Task InvokeAsync_WhenTheEndpointFails_ShouldRaiseTheErrorTheDefinitionRetriesOrCatches(int status, string error)
    {
        await using var model = FakeChatServer.Start(_ => (status, """{"error":{"message":"no"}}"""));
        using var http = new HttpClient();
        var invoker = new OpenAiCompatibleModelInvoker(http, new Uri(model.Url + "v1"), "m", apiKey: null);

        var ex = await Assert.ThrowsAsync<ModelInvocationException>(() => invoker.InvokeAsync("m", Body(), CancellationToken.None));

        Assert.Equal(error, ex.Error);
    }

    [Fact]
    public async Task InvokeAsync_WhenNothingListensOnTheEndpoint_ShouldRaiseServiceUnavailableForTheRetry()
    {
        using var http = new HttpClient();
        var closed = new Uri("http://127.0.0.1:9/v1");
        var invoker = new OpenAiCompatibleModelInvoker(http, closed, "m", apiKey: null);

        var ex = await Assert.ThrowsAsync<ModelInvocationException>(() => invoker.InvokeAsync("m", Body(), CancellationToken.None));

        Assert.Equal("Bedrock.ServiceUnavailableException", ex.Error);
        Assert.Contains("127.0.0.1:9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_WhenTheBodyLacksThePlanTool_ShouldRefuseWithoutCallingTheEndpoint()
    {
        await using var model = FakeChatServer.Start(_ => (200, "{}"));
        using var http = new HttpClient();
        var invoker = new OpenAiCompatibleModelInvoker(http, new Uri(model.Url + "v1"), "m", apiKey: null);

        var ex = await Assert.ThrowsAsync<ModelInvocationException>(() => invoker.InvokeAsync("m", new JsonObject { ["messages"] = new JsonArray() }, CancellationToken.None));

        Assert.Equal("Bedrock.ValidationException", ex.Error);
        Assert.Empty(model.Requests);
    }

    private static JsonObject Body() => new()
    {
        ["system"] = new JsonArray(new JsonObject { ["text"] = "rules" }),
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["text"] = "alert" }) }),
        ["inferenceConfig"] = new JsonObject { ["maxTokens"] = 100, ["temperature"] = 0.1, ["topP"] = 0.9 },
        ["toolConfig"] = new JsonObject
        {
            ["tools"] = new JsonArray(new JsonObject
            {
                ["toolSpec"] = new JsonObject { ["name"] = "submit_remediation_plan", ["description"] = "d", ["inputSchema"] = new JsonObject { ["json"] = new JsonObject { ["type"] = "object" } } },
            }),
        },
    };

    /// <summary>An OpenAI chat completion whose only choice calls <paramref name="tool"/> with <paramref name="arguments"/>.</summary>
    private static string Completion(string tool, string arguments)
    {
        var encodedArguments = JsonValue.Create(JsonNode.Parse(arguments)!.ToJsonString()).ToJsonString();
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"test-model\","
            + "\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\",\"content\":null,"
            + "\"tool_calls\":[{\"id\":\"call-1\",\"type\":\"function\",\"function\":{\"name\":\"" + tool + "\",\"arguments\":" + encodedArguments + "}}]}}],"
            + "\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":120,\"total_tokens\":1020}}";
    }

    /// <summary>A chat completions endpoint on 127.0.0.1 (HttpListener) that records request bodies.</summary>
    private sealed class FakeChatServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Func<string, (int Status, string Body)> _answer;
        private readonly Task _loop;

        private FakeChatServer(Func<string, (int, string)> answer)
        {
            _answer = answer;
            var port = LoopbackServer.FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }
        public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = new();

        public static FakeChatServer Start(Func<string, (int, string)> answer) => new(answer);

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                if (context.Request.Url?.AbsolutePath != "/v1/chat/completions")
                {
                    context.Response.StatusCode = 404;
                    context.Response.Close();
                    continue;
                }
                Requests.Enqueue(body);
                var (status, answer) = _answer(body);
                var bytes = Encoding.UTF8.GetBytes(answer);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }


        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }
    }
}
