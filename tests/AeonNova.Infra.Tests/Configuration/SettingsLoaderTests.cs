using AeonNova.Infra.Configuration;
using AeonNova.Infra.Tests.Support;

namespace AeonNova.Infra.Tests.Configuration;

public sealed class SettingsLoaderTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("prod")]
    public void Load_WhenEnvironmentIsInCdkJson_ShouldReadEverySetting(string env)
    {
        var (settings, paths) = Load(TestContext.FromCdkJson(env));
        Assert.Equal(env, settings.EnvironmentName);
        Assert.NotEmpty(settings.ApproverEmails);
        Assert.Equal(30, settings.Retention.InfoLogDays);
        Assert.Equal(90, settings.Retention.ErrorLogDays);
        Assert.Equal(5, settings.Alarms.BedrockFailureRatePercent);
        Assert.Equal(10, settings.Alarms.MttrMinutes);
        Assert.Equal(1000, settings.Alarms.QueueDepth);
        Assert.InRange(settings.AutoApproval.MaxRiskScore, 0, 100);
        Assert.Equal(Path.Combine(RepoLayout.Root, SettingsLoader.DefaultPublishDir), paths.FunctionsPublishDir);
    }

    [Fact]
    public void Load_WhenEnvironmentIsUnknown_ShouldListTheKnownOnes()
    {
        var ex = Assert.Throws<InfraConfigurationException>(() => Load(TestContext.FromCdkJson("qa")));
        Assert.Equal("-c env=qa: unknown environment; cdk.json context.environments has: dev, staging, prod.", ex.Message);
    }

    [Fact]
    public void Load_WhenASettingIsMissing_ShouldNameItsPath()
    {
        var context = TestContext.FromCdkJson("dev");
        var dev = Environment(context, "dev");
        dev.Remove("bedrockModelId");
        var ex = Assert.Throws<InfraConfigurationException>(() => Load(context));
        Assert.Equal("cdk.json context.environments.dev.bedrockModelId: missing; expected a non-empty string.", ex.Message);
    }

    [Fact]
    public void Load_WhenProd_ShouldLetNothingRunWithoutAnApproval()
    {
        var auto = Load(TestContext.FromCdkJson("prod")).Settings.AutoApproval;
        Assert.False(auto.Diagnostics);
        Assert.Empty(auto.Environments);
    }

    [Fact]
    public void Load_WhenAutoRunRiskScoreIsAboveTheValidatorsScale_ShouldRefuse()
    {
        var context = TestContext.FromCdkJson("dev");
        var dev = Environment(context, "dev");
        ((Dictionary<string, object>)dev["autoApproval"])["maxRiskScore"] = 150.0;
        var ex = Assert.Throws<InfraConfigurationException>(() => Load(context));
        Assert.Equal("cdk.json context.environments.dev.autoApproval.maxRiskScore: 150 is above 100, the validator's highest risk score.", ex.Message);
    }

    [Fact]
    public void Load_WhenApproverEmailsAreEmpty_ShouldRefuse()
    {
        var context = TestContext.FromCdkJson("dev");
        var dev = Environment(context, "dev");
        dev["approverEmails"] = Array.Empty<object>();
        var ex = Assert.Throws<InfraConfigurationException>(() => Load(context));
        Assert.Equal("cdk.json context.environments.dev.approverEmails: must name at least one value.", ex.Message);
    }

    [Fact]
    public void Load_WhenReservedConcurrencyNamesAnUnknownFunction_ShouldRefuse()
    {
        var context = TestContext.FromCdkJson("dev");
        var dev = Environment(context, "dev");
        ((Dictionary<string, object>)dev["reservedConcurrency"])["Ingestt"] = 3.0;
        var ex = Assert.Throws<InfraConfigurationException>(() => Load(context));
        Assert.Contains("reservedConcurrency.Ingestt: no such function", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAnSnsTopicIsNotATopicArn_ShouldNameTheEntry()
    {
        var context = TestContext.FromCdkJson("dev");
        Environment(context, "dev")["snsTopicArns"] = new object[] { "arn:aws:sns:us-east-1:123456789012:ok", "arn:aws:sqs:us-east-1:123456789012:queue" };
        var ex = Assert.Throws<InfraConfigurationException>(() => Load(context));
        Assert.StartsWith("cdk.json context.environments.dev.snsTopicArns[1]: 'arn:aws:sqs:us-east-1:123456789012:queue' is not an SNS topic ARN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenSnsTopicsAreListed_ShouldKeepThemInOrder()
    {
        var context = TestContext.FromCdkJson("dev");
        Environment(context, "dev")["snsTopicArns"] = new object[] { "arn:aws:sns:us-east-1:123456789012:b", "arn:aws:sns:eu-west-1:123456789012:a" };
        Assert.Equal(["arn:aws:sns:us-east-1:123456789012:b", "arn:aws:sns:eu-west-1:123456789012:a"], Load(context).Settings.SnsTopicArns);
    }

    [Fact]
    public void Load_WhenKnowledgeOverriddenOnTheCommandLine_ShouldFollowTheOverride()
    {
        var context = TestContext.FromCdkJson("dev");
        context["knowledge"] = "true";
        Assert.True(Load(context).Settings.Knowledge.Enabled);
    }

    private static Dictionary<string, object> Environment(Dictionary<string, object> context, string name) =>
        (Dictionary<string, object>)((Dictionary<string, object>)context["environments"])[name];

    private static (DeploymentSettings Settings, SourcePaths Paths) Load(Dictionary<string, object> context)
    {
        context["repoRoot"] = RepoLayout.Root;
        context.Remove("functionsPublishDir");
        return SettingsLoader.Load(key => context.TryGetValue(key, out var value) ? value : null, RepoLayout.Root);
    }
}
