namespace AeonNova.Infra.Tests.Support;

/// <summary>
/// Synthesis is the slow part (the jsii runtime runs the CDK in node): every test class in the "Synthesis"
/// collection shares these stacks, synthesized once per test run.
/// dev: the default environment (knowledge base off). prod: knowledge base on, stricter settings.
/// </summary>
public sealed class SynthFixture : IDisposable
{
    private readonly Lazy<SynthesizedStack> _dev = new(() => SynthesizedStack.Create("dev"));
    /// <summary>Two SNS topics prod's Ingest function must confirm subscriptions for (cdk.json lists none).</summary>
    public static readonly IReadOnlyList<string> ProdSnsTopicArns =
        ["arn:aws:sns:us-east-1:123456789012:cloudwatch-alarms", "arn:aws:sns:eu-west-1:123456789012:db-alarms"];

    private readonly Lazy<SynthesizedStack> _prod = new(() => SynthesizedStack.Create(
        "prod",
        new Dictionary<string, object> { ["runbooksDir"] = RunbooksDirectory() },
        new Dictionary<string, object> { ["snsTopicArns"] = ProdSnsTopicArns.Cast<object>().ToArray() }));

    public SynthesizedStack Dev => _dev.Value;

    public SynthesizedStack Prod => _prod.Value;

    public void Dispose()
    {
        if (_dev.IsValueCreated)
        {
            _dev.Value.Dispose();
        }

        if (_prod.IsValueCreated)
        {
            _prod.Value.Dispose();
        }
    }

    /// <summary>The real runbooks/ once it exists, else a fixture folder with one runbook.</summary>
    private static string RunbooksDirectory()
    {
        var real = Path.Combine(RepoLayout.Root, "runbooks");
        return Directory.Exists(real) ? real : RepoLayout.Fixture("runbooks");
    }
}

[CollectionDefinition(Name)]
public sealed class SynthCollection : ICollectionFixture<SynthFixture>
{
    public const string Name = "Synthesis";
}
