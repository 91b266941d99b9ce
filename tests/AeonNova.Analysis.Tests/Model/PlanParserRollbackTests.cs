using System.Text.Json.Nodes;
using AeonNova.Analysis.Model;
using AeonNova.Core.Planning;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Tests.Model;

/// <summary>The model's rollback is parsed and checked as strictly as its script (issue #20).</summary>
public class PlanParserRollbackTests
{
    private const string Script = "if systemctl is-active --quiet nginx; then echo active > \"$AEONNOVA_STATE_DIR/state\"; else echo stopped > \"$AEONNOVA_STATE_DIR/state\"; fi\nsystemctl restart nginx";
    private const string Rollback = "want=$(cat \"$AEONNOVA_STATE_DIR/state\")\nif [ \"$want\" != active ]; then systemctl stop nginx; fi\necho AEONNOVA_ROLLBACK=ok";

    private static readonly PlanContext Context = new()
    {
        ModelId = "amazon.nova-pro-v1:0",
        PromptVersion = "remediation-plan@1.1.0",
        ExpectedLanguage = ScriptLanguage.Bash,
    };

    private static string Plan(Action<JsonObject> edit)
    {
        var plan = new JsonObject
        {
            ["summary"] = "Restart nginx",
            ["diagnosis"] = "nginx crashed",
            ["confidence"] = 0.8,
            ["steps"] = new JsonArray("Record the state", "Restart"),
            ["script"] = new JsonObject { ["language"] = "bash", ["body"] = Script },
            ["rollbackScript"] = new JsonObject { ["language"] = "bash", ["body"] = Rollback },
            ["risk"] = "low",
        };
        edit(plan);
        return plan.ToJsonString();
    }

    [Fact]
    public void Parse_WhenRollbackScriptIsValid_ShouldKeepItInTheScriptsLanguage()
    {
        var plan = PlanParser.Parse(Plan(_ => { }), Context);

        Assert.Equal(new PlanScript { Language = ScriptLanguage.Bash, Body = Rollback }, plan.RollbackScript);
        Assert.Empty(plan.NoRollbackReason);
    }

    [Fact]
    public void Parse_WhenNoRollbackReasonIsGiven_ShouldKeepTheReasonAndNoScript()
    {
        var plan = PlanParser.Parse(Plan(p =>
        {
            p.Remove("rollbackScript");
            p["noRollbackReason"] = "no inverse: deleted files cannot come back";
        }), Context);

        Assert.Null(plan.RollbackScript);
        Assert.Equal("no inverse: deleted files cannot come back", plan.NoRollbackReason);
    }

    [Theory]
    [InlineData("language", "$.rollbackScript.language")]
    [InlineData("empty", "$.rollbackScript.body")]
    [InlineData("extra field", "$.rollbackScript.shell")]
    [InlineData("not an object", "$.rollbackScript")]
    [InlineData("no check", "$.rollbackScript.body")]
    [InlineData("no snapshot", "$.rollbackScript.body")]
    [InlineData("sets the state dir", "$.rollbackScript.body")]
    [InlineData("script sets the state dir", "$.script.body")]
    [InlineData("both", "$.noRollbackReason")]
    public void Parse_WhenRollbackBreaksTheSchemaOrTheSnapshotContract_ShouldRejectNamingTheField(string breakage, string path)
    {
        var output = Plan(p =>
        {
            var rollback = p["rollbackScript"]!.AsObject();
            switch (breakage)
            {
                case "language": rollback["language"] = "powershell"; break;
                case "empty": rollback["body"] = "  "; break;
                case "extra field": rollback["shell"] = "/bin/bash"; break;
                case "not an object": p["rollbackScript"] = "systemctl stop nginx"; break;
                case "no check": rollback["body"] = "cat \"$AEONNOVA_STATE_DIR/state\""; break;
                case "no snapshot": rollback["body"] = "systemctl stop nginx\necho AEONNOVA_ROLLBACK=ok"; break;
                case "sets the state dir": rollback["body"] = "AEONNOVA_STATE_DIR=/tmp\n" + Rollback; break;
                case "script sets the state dir": p["script"]!["body"] = "AEONNOVA_STATE_DIR=/tmp\n" + Script; break;
                case "both": p["noRollbackReason"] = "no inverse"; break;
            }
        });

        var ex = Assert.Throws<PlanParseException>(() => PlanParser.Parse(output, Context));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_WhenThePlanUsesTheStateDir_ShouldNameOneDirectoryPerExecutionInBothScripts()
    {
        var plan = PlanParser.Parse(Plan(_ => { }), Context);

        var bound = ExecutionState.Bind(plan, "fp/../../etc-2026", "/var/lib/aeonnova");

        Assert.StartsWith("# --- Execution state", bound.Script.Body, StringComparison.Ordinal);
        Assert.Contains("AEONNOVA_STATE_DIR='/var/lib/aeonnova/fp-..-..-etc-2026'\nmkdir -p -m 0700", bound.Script.Body, StringComparison.Ordinal);
        Assert.Contains("AEONNOVA_STATE_DIR='/var/lib/aeonnova/fp-..-..-etc-2026'\nif [ ! -d", bound.RollbackScript!.Body, StringComparison.Ordinal);
        Assert.EndsWith(Rollback, bound.RollbackScript.Body, StringComparison.Ordinal);
        var readOnly = plan with { Script = new PlanScript { Language = ScriptLanguage.Bash, Body = "df -h" }, RollbackScript = null };
        Assert.Same(readOnly, ExecutionState.Bind(readOnly, "x"));
    }

    [Theory]
    [InlineData("ok", true)]
    [InlineData("failed (no snapshot)", false)]
    public void RollbackCheck_WhenTheLastMarkerSaysSo_ShouldReportIt(string value, bool expected)
    {
        Assert.Equal(expected, ExecutionState.RollbackCheck($"AEONNOVA_ROLLBACK=failed\nstopping\nAEONNOVA_ROLLBACK={value}\n"));
        Assert.Null(ExecutionState.RollbackCheck("stopped\n"));
    }
}
