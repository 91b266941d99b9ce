namespace AeonNova.Cli.Tests.Packaging;

/// <summary>
/// The local CLI ships without the AWS SDK: this test project's output holds the CLI's whole runtime closure (what
/// `dotnet publish local/AeonNova.Cli` copies), so an AWSSDK assembly reaching it through any reference shows here.
/// </summary>
public sealed class CliDependenciesTests
{
    [Fact]
    public void RuntimeClosure_WhenTheCliIsBuilt_ShouldContainNoAwsSdkAssembly()
    {
        var output = AppContext.BaseDirectory;
        Assert.True(File.Exists(Path.Combine(output, "aeonnova.dll")), "the CLI is not in this test's output: " + output);
        Assert.True(File.Exists(Path.Combine(output, "AeonNova.Workflow.dll")), "the workflow layer is not in this test's output: " + output);

        Assert.Empty(Directory.GetFiles(output, "AWSSDK.*.dll").Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(output, "AeonNova.Functions.dll")), "the Lambda deployable reached the CLI");
    }
}
