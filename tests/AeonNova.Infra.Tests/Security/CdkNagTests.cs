using System.Diagnostics;
using System.Text.Json.Nodes;
using AeonNova.Infra.Tests.Support;

namespace AeonNova.Infra.Tests.Security;

/// <summary>
/// cdk-nag's AwsSolutions and Serverless packs, plus aws-cdk-lib's CloudFormation template validation (cfn-lint style
/// rule ids), over the synthesized dev and prod templates (tools/cdk-nag-check.js loads each through CfnInclude).
/// Every finding must be acknowledged, with a reason, in infra-cdk/nag-acknowledgements.json; an acknowledgement
/// that no longer matches a finding is stale and fails too, so the file only ever lists what is really accepted.
/// </summary>
[Collection(SynthCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CdkNagTests(SynthFixture fixture)
{
    public const string AcknowledgementsFile = "infra-cdk/nag-acknowledgements.json";

    private readonly SynthFixture _fixture = fixture;

    public sealed record Finding(string Pack, string Rule, string FindingId, string Resource, string Level, string Message)
    {
        public override string ToString() => $"{Rule}{(FindingId.Length > 0 ? $"[{FindingId}]" : string.Empty)} on {Resource} ({Pack}): {Message}";
    }

    public sealed record Acknowledgement(string Rule, string FindingId, string Resource, string Reason)
    {
        public bool Matches(Finding finding) =>
            finding.Rule == Rule && finding.FindingId == FindingId && finding.Resource == Resource;
    }

    [Fact]
    public async Task Templates_WhenCheckedByCdkNag_ShouldHaveNoUnacknowledgedFinding()
    {
        var acknowledgements = LoadAcknowledgements();
        var findings = new List<Finding>();
        foreach (var stack in new[] { _fixture.Dev, _fixture.Prod })
        {
            findings.AddRange(await RunNagAsync(Path.Combine(stack.AssemblyDirectory, stack.Stack.TemplateFile)));
        }

        Assert.NotEmpty(findings);
        var unacknowledged = findings.Where(f => !acknowledgements.Any(a => a.Matches(f))).Select(f => f.ToString()).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(unacknowledged.Count == 0, $"{unacknowledged.Count} cdk-nag finding(s) not in {AcknowledgementsFile}:\n{string.Join('\n', unacknowledged)}");

        var stale = acknowledgements.Where(a => !findings.Any(a.Matches)).Select(a => $"{a.Rule}[{a.FindingId}] on {a.Resource}").ToList();
        Assert.True(stale.Count == 0, $"{AcknowledgementsFile} acknowledges findings that no longer occur (remove them):\n{string.Join('\n', stale)}");
    }

    [Fact]
    public void Acknowledgements_WhenLoaded_ShouldEachGiveAReasonAndNeverAcceptATemplateError()
    {
        var acknowledgements = LoadAcknowledgements();
        Assert.NotEmpty(acknowledgements);
        Assert.All(acknowledgements, a => Assert.True(a.Reason.Length >= 40, $"{a.Rule} on {a.Resource}: the reason must explain the acceptance"));
        // CloudFormation validation errors (E…/F… rule ids) are template defects: fixed, never acknowledged.
        Assert.DoesNotContain(acknowledgements, a => a.Rule.Length > 1 && a.Rule[0] is 'E' or 'F' && char.IsAsciiDigit(a.Rule[1]));
        Assert.Equal(acknowledgements.Count, acknowledgements.Select(a => (a.Rule, a.FindingId, a.Resource)).Distinct().Count());
    }

    [Fact]
    public async Task NagScript_WhenAResourceBreaksARule_ShouldReportItWithItsLogicalId()
    {
        var dir = Directory.CreateTempSubdirectory("aeonnova-nag-test-").FullName;
        try
        {
            var template = Path.Combine(dir, "template.json");
            await File.WriteAllTextAsync(template, """{"Resources":{"OpenQueue":{"Type":"AWS::SQS::Queue","Properties":{}}}}""");
            var findings = await RunNagAsync(template);
            Assert.Contains(findings, f => f.Rule == "AwsSolutions-SQS4" && f.Resource == "OpenQueue");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static IReadOnlyList<Acknowledgement> LoadAcknowledgements()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoLayout.Root, AcknowledgementsFile)))!;
        return [.. document["acknowledgements"]!.AsArray().Select(a => new Acknowledgement(
            (string?)a!["rule"] ?? throw new InvalidOperationException($"{AcknowledgementsFile}: an entry has no rule"),
            (string?)a["finding"] ?? string.Empty,
            (string?)a["resource"] ?? throw new InvalidOperationException($"{AcknowledgementsFile}: {a["rule"]} has no resource"),
            (string?)a["reason"] ?? string.Empty))];
    }

    private static async Task<IReadOnlyList<Finding>> RunNagAsync(string template)
    {
        var script = Path.Combine(RepoLayout.Root, "tools", "cdk-nag-check.js");
        Assert.True(Directory.Exists(Path.Combine(RepoLayout.Root, "tools", "node_modules", "cdk-nag")),
            "tools/node_modules/cdk-nag is missing: run `(cd tools && npm ci)` (test.sh does)");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(template);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"cdk-nag-check.js exited {process.ExitCode}: {await stderr}");
        return [.. JsonNode.Parse(await stdout)!.AsArray().Select(f => new Finding(
            (string)f!["pack"]!, (string)f["rule"]!, (string)f["finding"]!, (string)f["resource"]!, (string)f["level"]!, (string)f["message"]!))];
    }
}
