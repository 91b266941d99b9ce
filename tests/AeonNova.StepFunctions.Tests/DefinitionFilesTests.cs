using System.Diagnostics;
using AeonNova.StepFunctions.Tests.Support;

namespace AeonNova.StepFunctions.Tests;

/// <summary>
/// Every statemachines/*.asl.json (0..n files) plus the benchmark definition passes our validator and the npm
/// asl-validator. In CI (CI=true) a missing node or asl-validator is a failure, never a silent skip.
/// </summary>
public sealed class DefinitionFilesTests
{
    private static IReadOnlyList<string> DefinitionFiles()
    {
        var files = new List<string> { Fixtures.Path("Bench", "remediation-shaped.asl.json") };
        var folder = RepoFiles.Path("statemachines");
        if (Directory.Exists(folder))
        {
            files.AddRange(Directory.GetFiles(folder, "*.asl.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        }
        return files;
    }

    [Fact]
    [Trait("Spec", "ASL validation: every repository state machine is valid for the local engine")]
    public void Validate_WhenRepositoryDefinitions_ShouldReportNoErrors()
    {
        foreach (var file in DefinitionFiles())
        {
            var errors = StateMachineDefinition.Validate(File.ReadAllText(file));
            Assert.True(errors.Count == 0, $"{file}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    [Trait("Spec", "ASL validation: every repository state machine passes the npm asl-validator")]
    public async Task AslValidator_WhenRepositoryDefinitions_ShouldAcceptAll()
    {
        var validator = FindAslValidator();
        if (validator is null)
        {
            Assert.False(IsCi(), "CI=true but node or tools/node_modules/asl-validator is missing: run `npm ci` in tools/");
            return;
        }
        foreach (var file in DefinitionFiles())
        {
            var (code, output) = await RunNodeAsync(validator, file);
            Assert.True(code == 0, $"asl-validator rejected {file}: {output}");
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    [Trait("Spec", "ASL validation: our validator and asl-validator both reject a transition to an unknown state")]
    public async Task AslValidator_WhenDefinitionInvalid_ShouldRejectLikeOurValidator()
    {
        var file = Fixtures.Path("Definitions", "invalid-unknown-next.asl.json");
        Assert.Contains(StateMachineDefinition.Validate(File.ReadAllText(file)), e => e.Path == "$.States.A.Next");
        var validator = FindAslValidator();
        if (validator is null)
        {
            Assert.False(IsCi(), "CI=true but node or tools/node_modules/asl-validator is missing: run `npm ci` in tools/");
            return;
        }

        var (code, output) = await RunNodeAsync(validator, file);

        Assert.True(code != 0, $"asl-validator accepted an invalid definition: {output}");
    }

    private static bool IsCi() => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? FindAslValidator()
    {
        var script = RepoFiles.Path("tools", "node_modules", "asl-validator", "dist", "bin", "asl-validator.js");
        return File.Exists(script) && NodeOnPath() ? script : null;
    }

    private static bool NodeOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "node")));

    private static async Task<(int Code, string Output)> RunNodeAsync(string script, string definition)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        // --no-arn-check: Resource values are ${Placeholder} keys until CDK substitutes them.
        foreach (var arg in (string[])[script, "--json-path", definition, "--no-arn-check"]) { start.ArgumentList.Add(arg); }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
