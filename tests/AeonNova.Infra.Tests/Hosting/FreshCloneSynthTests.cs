using System.Diagnostics;
using System.Text.Json.Nodes;
using AeonNova.Infra.Functions;
using AeonNova.Infra.Tests.Support;

namespace AeonNova.Infra.Tests.Hosting;

/// <summary>
/// issue #19 point 4: synthesis from a fresh clone builds the functions bundle itself. Clones this checkout's HEAD to a
/// temp directory (no bin/, obj/ or publish output), runs the documented offline synth
/// (`dotnet run --project infra-cdk/AeonNova.Infra`, what cdk.json's "app" runs under `npx aws-cdk@2 synth`) and checks
/// the template and the staged function asset. The NuGet cache (~/.nuget/packages) is shared, so nothing is downloaded.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FreshCloneSynthTests
{
    /// <summary>Restore, build, `dotnet publish` for linux-arm64 and synthesis; generous for a loaded shared machine.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(25);

    [Fact]
    public async Task Synth_WhenRunFromAFreshClone_ShouldPublishTheFunctionsAndStageThemAsTheLambdaAsset()
    {
        var work = Directory.CreateTempSubdirectory("aeonnova-fresh-clone-").FullName;
        try
        {
            var clone = Path.Combine(work, "repo");
            await RunAsync("git", ["clone", "--quiet", "--no-local", RepoLayout.Root, clone], work);
            Assert.False(Directory.Exists(Path.Combine(clone, "functions", "AeonNova.Functions", "bin")), "the clone must start without build output");

            await RunAsync("dotnet", ["run", "--project", "infra-cdk/AeonNova.Infra", "--", "-c", "env=dev"], clone);

            var assembly = Path.Combine(clone, "cdk.out");
            var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(assembly, "AeonNova-dev.template.json")))!;
            var functions = template["Resources"]!.AsObject()
                .Where(r => (string?)r.Value!["Type"] == "AWS::Lambda::Function" && r.Value["Properties"]!["Handler"]!.GetValue<string>().StartsWith("AeonNova.Functions", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(functions);
            var key = functions[0].Value!["Properties"]!["Code"]!["S3Key"]!.GetValue<string>();
            Assert.All(functions, f => Assert.Equal(key, f.Value!["Properties"]!["Code"]!["S3Key"]!.GetValue<string>()));
            // The S3 key is "<asset hash>.zip"; CDK stages the directory as cdk.out/asset.<asset hash>/.
            var staged = Path.Combine(assembly, "asset." + Path.GetFileNameWithoutExtension(key));
            Assert.True(File.Exists(Path.Combine(staged, FunctionsConstruct.MarkerFile)), $"{staged} lacks {FunctionsConstruct.MarkerFile}");
            Assert.All(FunctionsConstruct.PackageData, data =>
                Assert.True(File.Exists(Path.Combine(staged, data)) || Directory.Exists(Path.Combine(staged, data)), $"the staged bundle lacks {data}"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, string directory)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables point at this checkout's build; the clone must build on its own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {Limit}");
        }

        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
