using AeonNova.Infra.Configuration;
using Amazon.CDK;

namespace AeonNova.Infra.Hosting;

/// <summary>
/// How this process was started. The CDK CLI (cdk synth/deploy, via cdk.json "app") passes context and the output
/// directory in CDK_CONTEXT_JSON / CDK_OUTDIR. A direct `dotnet run --project infra-cdk/AeonNova.Infra -- [-c key=value]…
/// [--cost]` has neither: then cdk.json's context is read here, -c overrides it like the CLI's, and the cloud
/// assembly goes to cdk.out/ — so synthesis needs no node CLI and no network.
/// </summary>
public sealed record AppRun
{
    public const string Usage = "usage: dotnet run --project infra-cdk/AeonNova.Infra -- [-c key=value]... [--cost]";

    /// <summary>Directory the app resolves relative context paths from (cdk.json's directory).</summary>
    public required string WorkingDirectory { get; init; }

    public required AppProps AppProps { get; init; }

    /// <summary>After synthesis, print the monthly cost estimate computed from the template and the ASL.</summary>
    public bool PrintCostEstimate { get; init; }

    public static AppRun Create(IReadOnlyList<string> args, string currentDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var overrides = new Dictionary<string, object>(StringComparer.Ordinal);
        var cost = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-c" or "--context" when i + 1 < args.Count:
                    var pair = args[++i];
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new InfraConfigurationException($"-c {pair}: expected key=value. {Usage}");
                    }

                    overrides[pair[..eq]] = pair[(eq + 1)..];
                    break;
                case "--cost":
                    cost = true;
                    break;
                default:
                    throw new InfraConfigurationException($"unknown argument '{args[i]}'. {Usage}");
            }
        }

        if (!string.IsNullOrEmpty(environment("CDK_OUTDIR")))
        {
            // Run by the CDK CLI: it has already merged cdk.json, cdk.context.json and -c values.
            return new AppRun { WorkingDirectory = currentDirectory, AppProps = new AppProps(), PrintCostEstimate = cost };
        }

        var root = CdkJsonFile.FindRoot(currentDirectory);
        var context = CdkJsonFile.ReadContext(root);
        foreach (var (key, value) in overrides)
        {
            context[key] = value;
        }

        return new AppRun
        {
            WorkingDirectory = root,
            AppProps = new AppProps { Context = context, Outdir = Path.Combine(root, "cdk.out") },
            PrintCostEstimate = cost,
        };
    }
}
