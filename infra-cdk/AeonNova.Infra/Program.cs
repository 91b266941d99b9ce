using AeonNova.Infra;
using AeonNova.Infra.Configuration;
using Amazon.CDK;

// cdk.json runs this app; `-c env=dev|staging|prod` selects the environment from context.environments.
try
{
    var app = new App();
    var (settings, paths) = SettingsLoader.Load(app.Node.TryGetContext, Directory.GetCurrentDirectory());
    new AeonNovaStack(app, AeonNovaStack.NameFor(settings), new AeonNovaStackProps { Settings = settings, Paths = paths });
    app.Synth();
    return 0;
}
catch (InfraConfigurationException ex)
{
    Console.Error.WriteLine($"aeonnova-cdk: {ex.Message}");
    return 1;
}
