namespace AeonNova.Core.Alerts;

/// <summary>Environment from labels / tags: env, environment, u_environment, deployment_environment.</summary>
public static class EnvironmentRules
{
    private static readonly string[] Keys = ["env", "environment", "u_environment", "deployment_environment", "deployment.environment"];

    public static string? FromLabels(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var key in Keys)
        {
            if (labels.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }
        return null;
    }
}
