using AeonNova.Infra.Configuration;
using AeonNova.Infra.Hosting;
using AeonNova.Infra.Tests.Support;

namespace AeonNova.Infra.Tests.Hosting;

public sealed class AppRunTests
{
    private static readonly Func<string, string?> NoCli = _ => null;

    [Fact]
    public void Create_WhenRunByTheCdkCli_ShouldLeaveContextAndOutputToTheCli()
    {
        var run = AppRun.Create([], "/somewhere", name => name == "CDK_OUTDIR" ? "/tmp/cdk.out" : null);

        Assert.Equal("/somewhere", run.WorkingDirectory);
        Assert.Null(run.AppProps.Context);
        Assert.Null(run.AppProps.Outdir);
        Assert.False(run.PrintCostEstimate);
    }

    [Fact]
    public void Create_WhenRunDirectlyBelowTheRepository_ShouldReadCdkJsonApplyOverridesAndWriteCdkOut()
    {
        var run = AppRun.Create(["-c", "env=prod", "--context", "knowledge=false", "--cost"], Path.Combine(RepoLayout.Root, "infra-cdk"), NoCli);

        Assert.Equal(RepoLayout.Root, run.WorkingDirectory);
        Assert.Equal(Path.Combine(RepoLayout.Root, "cdk.out"), run.AppProps.Outdir);
        var context = run.AppProps.Context!;
        Assert.Equal("prod", context["env"]);
        Assert.Equal("false", context["knowledge"]);
        Assert.IsType<Dictionary<string, object>>(context["environments"]);
        Assert.True(run.PrintCostEstimate);
    }

    [Fact]
    public void Create_WhenArgumentIsUnknown_ShouldNameItAndShowUsage()
    {
        var ex = Assert.Throws<InfraConfigurationException>(() => AppRun.Create(["--env", "prod"], RepoLayout.Root, NoCli));
        Assert.Contains("unknown argument '--env'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(AppRun.Usage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WhenContextValueHasNoKey_ShouldExplainTheForm()
    {
        var ex = Assert.Throws<InfraConfigurationException>(() => AppRun.Create(["-c", "=prod"], RepoLayout.Root, NoCli));
        Assert.Contains("-c =prod: expected key=value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadContext_WhenCdkJsonIsBroken_ShouldNameTheFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("aeonnova-cdkjson-").FullName;
        File.WriteAllText(Path.Combine(dir, CdkJsonFile.FileName), "{\n  \"context\": {\n    \"env\": dev\n  }\n}");

        var ex = Assert.Throws<InfraConfigurationException>(() => CdkJsonFile.ReadContext(CdkJsonFile.FindRoot(dir)));
        Assert.Contains(Path.Combine(dir, CdkJsonFile.FileName), ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }
}
