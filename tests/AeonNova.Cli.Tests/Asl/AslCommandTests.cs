using System.Diagnostics;
using System.Text.Json.Nodes;
using AeonNova.Cli.Commands;

namespace AeonNova.Cli.Tests.Asl;

public sealed class AslCommandTests : IDisposable
{
    private const string Definition = """
        {"StartAt":"Enrich","States":{
          "Enrich":{"Type":"Task","Resource":"${EnrichFunctionArn}","ResultPath":"$.context","Next":"Gate"},
          "Gate":{"Type":"Choice","Choices":[{"Variable":"$.context.risk","StringEquals":"high","Next":"Blocked"}],"Default":"Done"},
          "Blocked":{"Type":"Fail","Error":"Blocked","Cause":"risk too high"},
          "Done":{"Type":"Pass","Parameters":{"host.$":"$.host","risk.$":"$.context.risk"},"End":true}}}
        """;

    private const string Mocks = """
        {"StateMachines":{"remediation":{"TestCases":{"Low":{"Enrich":"LowRisk"},"High":{"Enrich":"HighRisk"}}}},
         "MockedResponses":{"LowRisk":{"0":{"Return":{"risk":"low"}}},"HighRisk":{"0":{"Return":{"risk":"high"}}}}}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("aeonnova-asl-").FullName;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_WhenMockedExecutionSucceeds_ShouldPrintStatusAndOutputAndExitZero()
    {
        var def = Write("remediation.asl.json", Definition);
        var input = Write("input.json", """{"host":"web-1"}""");
        var stdout = new StringWriter();

        var code = AslCommand.Run(def, input, Write("mocks.json", Mocks), "Low", skipWaits: false, stdout);

        Assert.Equal(CliRunner.Ok, code);
        var json = JsonNode.Parse(stdout.ToString())!;
        Assert.Equal("SUCCEEDED", json["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"host":"web-1","risk":"low"}"""), json["output"]));
    }

    [Fact]
    public void Run_WhenExecutionFails_ShouldPrintErrorAndCauseAndExitOne()
    {
        var def = Write("remediation.asl.json", Definition);
        var stdout = new StringWriter();

        var code = AslCommand.Run(def, Write("input.json", "{}"), Write("mocks.json", Mocks), "High", skipWaits: false, stdout);

        Assert.Equal(CliRunner.Failed, code);
        Assert.Equal("""{"status":"FAILED","error":"Blocked","cause":"risk too high"}""", stdout.ToString().Trim());
    }

    [Fact]
    public void Run_WhenDefinitionInvalid_ShouldPrintRejectionAsJsonAndThrowUsageError()
    {
        var def = Write("broken.asl.json", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}""");
        var stdout = new StringWriter();

        var ex = Assert.Throws<CliException>(() => AslCommand.Run(def, Write("input.json", "{}"), null, null, false, stdout));

        Assert.Equal(CliRunner.BadInput, ex.ExitCode);
        Assert.Contains("broken.asl.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.States.A.Next", ex.Message, StringComparison.Ordinal);
        var report = JsonNode.Parse(stdout.ToString())!;
        Assert.Equal(def, report["file"]!.GetValue<string>());
        Assert.False(report["valid"]!.GetValue<bool>());
        var error = Assert.Single(report["errors"]!.AsArray())!;
        Assert.Equal("$.States.A.Next", error["path"]!.GetValue<string>());
        Assert.Equal("'Nowhere' is not a state in $.States", error["message"]!.GetValue<string>());
        Assert.False(error["unsupported"]!.GetValue<bool>());
    }

    [Fact]
    public void Run_WhenDefinitionUsesUnsupportedFeature_ShouldReportNotSupportedNotInvalid()
    {
        var def = Write("dmap.asl.json", """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject"},"ResultWriter":{},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """);
        var stdout = new StringWriter();

        var ex = Assert.Throws<CliException>(() => AslCommand.Run(def, Write("input.json", "{}"), null, null, false, stdout));

        Assert.DoesNotContain("invalid", ex.Message, StringComparison.OrdinalIgnoreCase);
        var error = Assert.Single(JsonNode.Parse(stdout.ToString())!["errors"]!.AsArray())!;
        Assert.True(error["unsupported"]!.GetValue<bool>());
        Assert.Equal("not supported by the local engine: distributed Map (ItemReader, ResultWriter); use an inline Map", error["message"]!.GetValue<string>());
    }

    [Fact]
    public void Run_WhenCauseHasQuotesAndSymbols_ShouldPrintThemReadably()
    {
        var def = Write("fail.asl.json", """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Disk'Full","Cause":"host 'web-1' <ssd> & more → 95%"}}}""");
        var stdout = new StringWriter();

        var code = AslCommand.Run(def, Write("input.json", "{}"), null, null, false, stdout);

        Assert.Equal(CliRunner.Failed, code);
        Assert.Equal("""{"status":"FAILED","error":"Disk'Full","cause":"host 'web-1' <ssd> & more → 95%"}""", stdout.ToString().Trim());
    }

    [Fact]
    public void Validate_WhenMessageQuotesNames_ShouldPrintReadableText()
    {
        var stdout = new StringWriter();

        AslCommand.Validate([Write("bad.asl.json", """{"StartAt":"A","States":{"A":{"Type":"Passs","End":true}}}""")], stdout);

        var text = stdout.ToString();
        Assert.DoesNotContain("\\u0027", text, StringComparison.Ordinal);
        Assert.Contains("'Passs' is not a state type", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenInputIsNotJson_ShouldThrowUsageErrorWithPosition()
    {
        var def = Write("remediation.asl.json", Definition);

        var ex = Assert.Throws<CliException>(() => AslCommand.Run(def, Write("input.json", "{\"a\":"), null, null, false, new StringWriter()));

        Assert.Equal(CliRunner.BadInput, ex.ExitCode);
        Assert.Contains("input.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenMocksWithoutTestCase_ShouldThrowUsageError()
    {
        var def = Write("remediation.asl.json", Definition);

        var ex = Assert.Throws<CliException>(() => AslCommand.Run(def, Write("input.json", "{}"), Write("mocks.json", Mocks), null, false, new StringWriter()));

        Assert.Equal(CliRunner.BadInput, ex.ExitCode);
        Assert.Contains("--test-case", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenTestCaseUnknown_ShouldThrowUsageErrorListingCases()
    {
        var def = Write("remediation.asl.json", Definition);

        var ex = Assert.Throws<CliException>(() => AslCommand.Run(def, Write("input.json", "{}"), Write("mocks.json", Mocks), "Nope", false, new StringWriter()));

        Assert.Contains("Low", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenFilesValidAndInvalid_ShouldPrintOneJsonLinePerFileAndExitOne()
    {
        var good = Write("good.asl.json", Definition);
        var bad = Write("bad.asl.json", """{"StartAt":"A","States":{"A":{"Type":"Task","End":true}}}""");
        var stdout = new StringWriter();

        var code = AslCommand.Validate([good, bad], stdout);

        Assert.Equal(CliRunner.Failed, code);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, lines.Count);
        Assert.True(lines[0]["valid"]!.GetValue<bool>());
        Assert.False(lines[1]["valid"]!.GetValue<bool>());
        Assert.Equal("$.States.A.Resource", lines[1]["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_WhenAllValid_ShouldExitZero()
    {
        Assert.Equal(CliRunner.Ok, AslCommand.Validate([Write("good.asl.json", Definition)], new StringWriter()));
    }

    [Fact]
    public void Bench_WhenMocked_ShouldReportExecutionsPerSecondAndOutput()
    {
        var def = Write("remediation.asl.json", Definition);
        var stdout = new StringWriter();

        var code = AslCommand.Bench(def, Write("input.json", """{"host":"h"}"""), Write("mocks.json", Mocks), "Low", 200, stdout);

        Assert.Equal(CliRunner.Ok, code);
        var json = JsonNode.Parse(stdout.ToString())!;
        Assert.Equal(200, json["executions"]!.GetValue<int>());
        Assert.True(json["executionsPerSecond"]!.GetValue<double>() > 0);
        Assert.Equal("low", json["output"]!["risk"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("statemachines/remediation.asl.json", "remediation")]
    [InlineData("/tmp/x/remediation-shaped.ASL.JSON", "remediation-shaped")]
    [InlineData("flow.json", "flow")]
    public void MachineName_WhenFileName_ShouldDropAslJsonSuffix(string file, string expected)
    {
        Assert.Equal(expected, AslCommand.MachineName(file));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Process_WhenBadDefinition_ShouldExitTwoWithMessageOnStderr()
    {
        var def = Write("broken.asl.json", """{"States":{}}""");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "aeonnova.dll"), "asl", "run", def, "--input", Write("input.json", "{}")])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdoutRead = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        var stdout = await stdoutRead;
        await process.WaitForExitAsync();

        Assert.Equal(CliRunner.BadInput, process.ExitCode);
        Assert.Contains("$.StartAt", stderr, StringComparison.Ordinal);
        Assert.Equal("$.StartAt", JsonNode.Parse(stdout)!["errors"]![0]!["path"]!.GetValue<string>());
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
