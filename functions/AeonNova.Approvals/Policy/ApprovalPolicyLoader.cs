using System.Text.Json;
using AeonNova.Approvals.Json;

namespace AeonNova.Approvals.Policy;

/// <summary>Reads and checks config/approval-policy.json; every error names the file and the field.</summary>
public static class ApprovalPolicyLoader
{
    private static readonly string[] KnownSeverities = ["critical", "high", "medium", "low", "info"];

    public static ApprovalPolicy LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ApprovalPolicyException($"{path}: cannot read approval policy: {ex.Message}", ex);
        }
        return Parse(text, path);
    }

    public static ApprovalPolicy Parse(string json, string source)
    {
        ApprovalPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize(json, ApprovalsJsonContext.Default.ApprovalPolicy);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? "" : $" at {ex.Path}";
            var line = ex.LineNumber is null ? "" : $" (line {ex.LineNumber + 1})";
            throw new ApprovalPolicyException($"{source}: invalid approval policy{where}{line}: {ex.Message}", ex);
        }
        if (policy is null)
        {
            throw new ApprovalPolicyException($"{source}: approval policy is empty (null)");
        }
        Check(policy, source);
        return policy;
    }

    private static void Check(ApprovalPolicy policy, string source)
    {
        if (policy.People.Count == 0)
        {
            throw new ApprovalPolicyException($"{source}: 'people' must list at least one approver");
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < policy.People.Count; i++)
        {
            var p = policy.People[i];
            if (string.IsNullOrWhiteSpace(p.Email) || !p.Email.Contains('@', StringComparison.Ordinal))
            {
                throw new ApprovalPolicyException($"{source}: people[{i}].email '{p.Email}' is not an email address");
            }
            if (!seen.Add(p.Email))
            {
                throw new ApprovalPolicyException($"{source}: people[{i}].email '{p.Email}' appears twice");
            }
            if (string.IsNullOrWhiteSpace(p.Name))
            {
                throw new ApprovalPolicyException($"{source}: people[{i}].name is empty");
            }
            if (!Enum.IsDefined(p.Role))
            {
                throw new ApprovalPolicyException($"{source}: people[{i}].role must be Admin, Developer or Operator");
            }
        }
        foreach (var (key, sev) in policy.Severities)
        {
            if (!KnownSeverities.Contains(key, StringComparer.Ordinal))
            {
                throw new ApprovalPolicyException($"{source}: severities.{key}: unknown severity (use {string.Join(", ", KnownSeverities)})");
            }
            if (sev.ResponseMinutes <= 0)
            {
                throw new ApprovalPolicyException($"{source}: severities.{key}.responseMinutes must be > 0");
            }
            if (sev.Tiers.Count == 0)
            {
                throw new ApprovalPolicyException($"{source}: severities.{key}.tiers must name at least one tier");
            }
            for (var t = 0; t < sev.Tiers.Count; t++)
            {
                var tier = sev.Tiers[t];
                if (!policy.People.Any(p => p.Tiers.Contains(tier, StringComparer.OrdinalIgnoreCase)))
                {
                    throw new ApprovalPolicyException($"{source}: severities.{key}.tiers[{t}] '{tier}': nobody in 'people' belongs to this tier");
                }
            }
        }
        foreach (var required in KnownSeverities.Take(4))
        {
            if (!policy.Severities.ContainsKey(required))
            {
                throw new ApprovalPolicyException($"{source}: severities.{required} is missing");
            }
        }
        if (policy.Environments.Count == 0)
        {
            throw new ApprovalPolicyException($"{source}: 'environments' must name at least one environment (or \"*\")");
        }
        foreach (var (env, bySeverity) in policy.Environments)
        {
            foreach (var key in bySeverity.Keys)
            {
                if (!KnownSeverities.Contains(key, StringComparer.Ordinal))
                {
                    throw new ApprovalPolicyException($"{source}: environments.{env}.{key}: unknown severity");
                }
            }
        }
    }
}
