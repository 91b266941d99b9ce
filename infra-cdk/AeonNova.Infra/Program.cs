using System.Text.Json.Nodes;
using AeonNova.Core.Cost;
using AeonNova.Infra;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Cost;
using AeonNova.Infra.Hosting;
using Amazon.CDK;

// cdk.json runs this app; `-c env=dev|staging|prod` selects the environment from context.environments.
// Without the CDK CLI: dotnet run --project infra-cdk/AeonNova.Infra -- [-c env=prod] [--cost]
try
{
    var run = AppRun.Create(args, Directory.GetCurrentDirectory(), System.Environment.GetEnvironmentVariable);
    var app = new App(run.AppProps);
    var (settings, paths) = SettingsLoader.Load(app.Node.TryGetContext, run.WorkingDirectory);
    var stack = new AeonNovaStack(app, AeonNovaStack.NameFor(settings), new AeonNovaStackProps { Settings = settings, Paths = paths });
    var assembly = app.Synth();
    if (run.PrintCostEstimate)
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(assembly.Directory, stack.TemplateFile)))!.AsObject();
        var estimate = CostEstimator.Estimate(template, File.ReadAllText(paths.StateMachineFile), new CostAssumptions(), new PriceList());
        Console.Out.Write(estimate.ToMarkdown());
    }
    else
    {
        Console.Error.WriteLine($"aeonnova-cdk: synthesized {stack.StackName} into {assembly.Directory}");
    }

    return 0;
}
catch (Exception ex) when (ex is InfraConfigurationException or FormatException)
{
    Console.Error.WriteLine($"aeonnova-cdk: {ex.Message}");
    return 1;
}
