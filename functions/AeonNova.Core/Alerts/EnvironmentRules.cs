namespace AeonNova.Core.Alerts;

/// <summary>Environment from labels / tags: env, environment, u_environment, deployment_environment.</summary>
public static class EnvironmentRules
{
    private static readonly string[] Keys = ["env", "environment", "u_environment", "deployment_environment", "deployment.environment"];

    public static string? FromLabels(IReadOnlyDictionary<string, string> labels) => LabelLookup.First(labels, Keys);
}
