using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions.Tests.Support;

/// <summary>A state machine that publishes its task token through sns:publish.waitForTaskToken and records the tokens it sees.</summary>
public sealed class CallbackMachine
{
    public ConcurrentQueue<string> Tokens { get; } = new();

    private const string Template = """
        {"StartAt":"RequestApproval","States":{"RequestApproval":{"Type":"Task","Resource":"arn:aws:states:::sns:publish.waitForTaskToken",
          "Parameters":{"TopicArn":"arn:aws:sns:us-east-1:123456789012:approvals","Message":{"token.$":"$$.Task.Token","alert.$":"$.alert"}},
          "ResultPath":"$.decision" EXTRA,"End":true}}}
        """;

    public static string Definition(string extra = "") => Template.Replace(" EXTRA", extra, StringComparison.Ordinal);

    public ResourceRegistry Registry() => new ResourceRegistry().Bind("arn:aws:states:::sns:publish", (invocation, _) =>
    {
        // The token reaches the handler both as TaskToken and inside the Parameters built from $$.Task.Token.
        Assert.Equal(invocation.TaskToken, invocation.Input!["Message"]!["token"]!.GetValue<string>());
        Tokens.Enqueue(invocation.TaskToken!);
        return ValueTask.FromResult<JsonNode?>(ServiceResponses.SnsPublish("msg-1", "req-1"));
    });

    public async Task<string> NextTokenAsync()
    {
        for (var i = 0; i < 500; i++)
        {
            if (Tokens.TryDequeue(out var token)) { return token; }
            await Task.Delay(10);
        }
        throw new TimeoutException("no task token was issued");
    }
}
