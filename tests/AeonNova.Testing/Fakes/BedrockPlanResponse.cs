using System.Text.Json.Nodes;

using AeonNova.Local.Workflow;

namespace AeonNova.Testing;

/// <summary>Builds a Bedrock InvokeModel response (Nova, Converse shape) whose forced tool call carries a plan: scripted model answers.</summary>
public static class BedrockPlanResponse
{
    public const string ToolName = "submit_remediation_plan";

    public static string ToolUse(string script, string language = "bash", bool needsHuman = false, string risk = "medium", string verification = "",
        string summary = "Disk almost full on web-1.", string diagnosis = "Old logs fill the root filesystem.", string? rollbackScript = null,
        string noRollbackReason = "") =>
        WithRollback(new JsonObject
        {
            ["output"] = new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["role"] = "assistant",
                    ["content"] = new JsonArray(new JsonObject
                    {
                        ["toolUse"] = new JsonObject
                        {
                            ["toolUseId"] = "tooluse-1",
                            ["name"] = ToolName,
                            ["input"] = new JsonObject
                            {
                                ["summary"] = summary,
                                ["diagnosis"] = diagnosis,
                                ["confidence"] = 0.8,
                                ["runbookId"] = "",
                                ["steps"] = new JsonArray("Inspect disk usage.", "Act on the findings."),
                                ["script"] = new JsonObject { ["language"] = language, ["body"] = script },
                                ["verification"] = verification,
                                ["rollback"] = "",
                                ["rollbackScript"] = rollbackScript is null ? null : new JsonObject { ["language"] = language, ["body"] = rollbackScript },
                                ["noRollbackReason"] = noRollbackReason,
                                ["risk"] = risk,
                                ["needsHuman"] = needsHuman,
                            },
                        },
                    }),
                },
            },
            ["stopReason"] = "tool_use",
            ["usage"] = new JsonObject { ["inputTokens"] = 900, ["outputTokens"] = 200 },
        });

    /// <summary>Drops the rollback members the answer does not use (a model leaves them out rather than sending null or "").</summary>
    private static string WithRollback(JsonObject response)
    {
        var input = response["output"]!["message"]!["content"]![0]!["toolUse"]!["input"]!.AsObject();
        if (input["rollbackScript"] is null)
        {
            input.Remove("rollbackScript");
        }
        if (input["noRollbackReason"]?.GetValue<string>() is "")
        {
            input.Remove("noRollbackReason");
        }
        return response.ToJsonString();
    }
}
