using System.Globalization;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Observability;
using AeonNova.Workflow.Outbound;

namespace AeonNova.Functions.Hosting;

/// <summary>Reads the options records from environment variables once (docs/workflow.md lists every variable).</summary>
public static class WorkflowSettings
{
    public static WorkflowOptions Workflow(IEnvironmentVariables env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var defaults = new WorkflowOptions();
        return new WorkflowOptions
        {
            LoopGuardLimit = Int(env, "LOOP_GUARD_LIMIT", defaults.LoopGuardLimit),
            LoopGuardWindow = TimeSpan.FromMinutes(Int(env, "LOOP_GUARD_WINDOW_MINUTES", (int)defaults.LoopGuardWindow.TotalMinutes)),
            DedupeCooldown = TimeSpan.FromMinutes(Int(env, "DEDUPE_COOLDOWN_MINUTES", (int)defaults.DedupeCooldown.TotalMinutes)),
            AutoRunDiagnostics = Bool(env, "AUTO_RUN_DIAGNOSTICS", defaults.AutoRunDiagnostics),
            AutoRunEnvironments = new HashSet<string>(List(env, "AUTO_RUN_ENVIRONMENTS"), StringComparer.OrdinalIgnoreCase),
            MaxAutoRiskScore = Int(env, "MAX_AUTO_RISK_SCORE", defaults.MaxAutoRiskScore),
            CommandTimeoutSeconds = Int(env, "COMMAND_TIMEOUT_SECONDS", defaults.CommandTimeoutSeconds),
            VerifyMaxAttempts = Int(env, "VERIFY_MAX_ATTEMPTS", defaults.VerifyMaxAttempts),
            VerifyRetryAfterSeconds = Int(env, "VERIFY_RETRY_AFTER_SECONDS", defaults.VerifyRetryAfterSeconds),
        };
    }

    public static CloseOutOptions CloseOut(IEnvironmentVariables env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return new CloseOutOptions
        {
            ServiceNow = env.Get("SERVICENOW_URL") is { } snow
                ? new ServiceNowOptions { InstanceUrl = new Uri(snow), User = Required(env, "SERVICENOW_USER"), Password = Required(env, "SERVICENOW_PASSWORD") }
                : null,
            PagerDuty = env.Get("PAGERDUTY_ROUTING_KEY") is { } key ? new PagerDutyOptions { RoutingKey = key } : null,
            Opsgenie = env.Get("OPSGENIE_API_KEY") is { } og
                ? new OpsgenieOptions { ApiKey = og, ApiUrl = new Uri(env.Get("OPSGENIE_API_URL") ?? "https://api.opsgenie.com") }
                : null,
            Webhook = env.Get("CLOSEOUT_WEBHOOK_URL") is { } url
                ? new WebhookOptions { Url = new Uri(url), Secret = Required(env, "CLOSEOUT_WEBHOOK_SECRET") }
                : null,
        };
    }

    public static string Required(IEnvironmentVariables env, string name)
    {
        ArgumentNullException.ThrowIfNull(env);
        return env.Get(name) ?? throw new InvalidOperationException($"environment variable {name} is not set");
    }

    public static int Int(IEnvironmentVariables env, string name, int fallback)
    {
        ArgumentNullException.ThrowIfNull(env);
        var text = env.Get(name);
        if (text is null)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"environment variable {name}='{text}' is not an integer");
    }

    public static bool Bool(IEnvironmentVariables env, string name, bool fallback)
    {
        ArgumentNullException.ThrowIfNull(env);
        return env.Get(name)?.Trim().ToLowerInvariant() switch
        {
            null => fallback,
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            var other => throw new InvalidOperationException($"environment variable {name}='{other}' is not a boolean"),
        };
    }

    public static IReadOnlyList<string> List(IEnvironmentVariables env, string name)
    {
        ArgumentNullException.ThrowIfNull(env);
        return env.Get(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
    }
}
