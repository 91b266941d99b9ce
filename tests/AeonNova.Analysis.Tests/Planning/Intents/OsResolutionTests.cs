using System.Text.Json.Nodes;
using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Planning.Intents;
using AeonNova.Core.Alerts;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Tests.Planning.Intents;

/// <summary>
/// The request builder needs only the script language, so it resolves the OS alone (AlertProfiler.ResolveOs) and
/// classifies intent and technology only when no label, tag, parser field or host name decides. That shortcut must
/// answer exactly what the full profile answers, for every alert of the evaluation suite, as parsed and with the
/// parser's OS and the host name taken away (so the technology has to decide).
/// </summary>
public sealed class OsResolutionTests
{
    public static TheoryData<string> EvalCases()
    {
        var data = new TheoryData<string>();
        foreach (var node in JsonNode.Parse(File.ReadAllText(TestData.Fixture("Eval/cases.json")))!["cases"]!.AsArray())
        {
            data.Add((string)node!["file"]!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EvalCases))]
    public void ResolveOs_WhenEvalAlertAsParsedOrWithoutOsAndHost_ShouldEqualTheFullProfile(string file)
    {
        var source = (string)JsonNode.Parse(File.ReadAllText(TestData.Fixture("Eval/cases.json")))!["cases"]!.AsArray()
            .Single(c => (string)c!["file"]! == file)!["source"]!;
        var alerts = new AlertParserRegistry(TimeProvider.System).Parse(source, File.ReadAllBytes(TestData.Fixture($"Eval/{file}")));
        Assert.NotEmpty(alerts);

        foreach (var alert in alerts.SelectMany(a => new[] { a, a with { Os = OsFamily.Unknown, Host = "" } }))
        {
            var profile = AlertProfiler.Profile(alert);

            Assert.Equal((profile.Os, profile.OsEvidence), AlertProfiler.ResolveOs(alert));
            Assert.Equal(BuiltinPlanner.LanguageFor(profile), BuiltinPlanner.LanguageFor(alert));
        }
    }

    [Fact]
    public void ResolveOs_WhenOnlyTheTechnologyNamesTheOs_ShouldClassifyTheTechnology()
    {
        var alert = TestData.Alert("IIS application pool OrdersApi stopped", os: OsFamily.Unknown, host: "",
            description: "W3SVC reports that application pool OrdersApi was stopped.");

        var (os, evidence) = AlertProfiler.ResolveOs(alert);

        Assert.Equal(OsFamily.Windows, os);
        Assert.StartsWith("technology ", evidence, StringComparison.Ordinal);
        Assert.Equal(ScriptLanguage.PowerShell, BuiltinPlanner.LanguageFor(alert));
    }
}
