using System.Text;
using AeonNova.Core.Safety;
using AeonNova.Safety.Policy;

namespace AeonNova.Safety.Tests.Policy;

public sealed class PolicyTests
{
    private static readonly ScriptValidator Validator = ScriptValidator.CreateDefault();

    private static SafetyPolicy Parse(string json) => SafetyPolicy.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test-policy.json");

    [Theory]
    [InlineData("dev", SafetyVerdict.Allow)]
    [InlineData("staging", SafetyVerdict.Allow)]
    [InlineData("prod", SafetyVerdict.Review)]
    [InlineData("PROD", SafetyVerdict.Review)]
    [InlineData("", SafetyVerdict.Review)]
    [InlineData("unknown-env", SafetyVerdict.Review)]
    public void Validate_WhenRoutineRestartRunsInEnvironment_ShouldFollowDefaultPolicy(string environment, SafetyVerdict expected)
    {
        var report = Validator.Validate("systemctl restart nginx", ScriptLanguage.Bash, new ValidationContext { Environment = environment });
        Assert.Equal(expected, report.Verdict);
        Assert.Contains(report.Findings, f => f.RuleId == "routine.service-restart");
    }

    [Fact]
    public void Validate_WhenReadOnlyDiagnosticsRunInProd_ShouldAllowWithNoFindings()
    {
        var report = Validator.Validate("df -h; free -m; journalctl -u nginx -n 50", ScriptLanguage.Bash, new ValidationContext { Environment = "prod" });
        Assert.Equal(SafetyVerdict.Allow, report.Verdict);
        Assert.Empty(report.Findings);
        Assert.Equal(0, report.RiskScore);
    }

    [Fact]
    public void Validate_WhenPolicyOverridesABlockRule_ShouldStillBlock()
    {
        var policy = Parse("""{ "defaultEnvironment": "dev", "environments": { "dev": { "routine": "allow", "overrides": { "destructive.rm-critical-path": "info", "packages.install": "info" } } } }""");
        var validator = new ScriptValidator(policy);
        Assert.Equal(SafetyVerdict.Block, validator.Validate("rm -rf /", ScriptLanguage.Bash).Verdict);
        Assert.Equal(SafetyVerdict.Allow, validator.Validate("apt-get install -y htop", ScriptLanguage.Bash).Verdict);
    }

    [Fact]
    public void Load_WhenPolicyHasAnUnknownField_ShouldNameTheFileAndField()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Parse("""{ "environments": { "dev": { "routine": "allow", "routines": "x" } } }"""));
        Assert.Contains("test-policy.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("routines", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenRoutineValueIsInvalid_ShouldFailWithPath()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Parse("""{ "environments": { "dev": { "routine": "sometimes" } } }"""));
        Assert.Contains("$.environments.dev.routine", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenNoEnvironmentIsListed_ShouldFail()
    {
        Assert.Throws<InvalidDataException>(() => Parse("""{ "environments": {} }"""));
    }

    [Fact]
    public void LoadFile_WhenRepositoryPolicyIsRead_ShouldMatchTheEmbeddedDefault()
    {
        var path = Path.Combine(RepoFiles.Root, "config", "safety-policy.json");
        var file = SafetyPolicy.LoadFile(path);
        Assert.Equal(RoutineAction.Allow, file.For("dev").Routine);
        Assert.Equal(RoutineAction.Review, file.For("prod").Routine);
        Assert.Equal(RoutineAction.Review, file.For(null).Routine);
    }

    [Theory]
    [InlineData("df -h", 0, 0)]
    [InlineData("systemctl stop nginx", 40, 69)]
    [InlineData("rm -rf /", 80, 100)]
    public void Validate_WhenScored_ShouldKeepRiskScoreInTheVerdictBand(string script, int min, int max)
    {
        Assert.InRange(Validator.Validate(script, ScriptLanguage.Bash, new ValidationContext { Environment = "prod" }).RiskScore, min, max);
    }
}
