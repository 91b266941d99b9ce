using AeonNova.Core.Alerts;

namespace AeonNova.Approvals.Policy;

/// <summary>
/// Who may approve what (config/approval-policy.json). Roles are allowed per environment and severity;
/// each severity has a response time and an escalation chain of tiers; people belong to tiers.
/// </summary>
public sealed record ApprovalPolicy
{
    public required IReadOnlyList<PolicyPerson> People { get; init; }
    /// <summary>Key: critical | high | medium | low | info (info falls back to low).</summary>
    public required IReadOnlyDictionary<string, SeverityPolicy> Severities { get; init; }
    /// <summary>Key: environment name (case-insensitive) or "*" for any other; value: severity → roles allowed to approve.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<ApproverRole>>> Environments { get; init; }

    public SeverityPolicy ForSeverity(AlertSeverity severity)
    {
        var key = SeverityKey(severity);
        if (Severities.TryGetValue(key, out var policy))
        {
            return policy;
        }
        if (severity == AlertSeverity.Info && Severities.TryGetValue("low", out var low))
        {
            return low;
        }
        throw new ApprovalPolicyException($"approval policy: no entry for severity '{key}' under 'severities'");
    }

    public TimeSpan ResponseTime(AlertSeverity severity) => TimeSpan.FromMinutes(ForSeverity(severity).ResponseMinutes);

    /// <summary>Roles that may approve this severity in this environment; empty when none.</summary>
    public IReadOnlyList<ApproverRole> AllowedRoles(string environment, AlertSeverity severity)
    {
        var envPolicy = Environments
            .Where(e => string.Equals(e.Key, environment, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Value)
            .FirstOrDefault() ?? (Environments.TryGetValue("*", out var any) ? any : null);
        if (envPolicy is null)
        {
            return [];
        }
        var key = SeverityKey(severity);
        if (envPolicy.TryGetValue(key, out var roles))
        {
            return roles;
        }
        return severity == AlertSeverity.Info && envPolicy.TryGetValue("low", out var lowRoles) ? lowRoles : [];
    }

    public bool IsAllowed(Approver approver, string environment, AlertSeverity severity)
    {
        ArgumentNullException.ThrowIfNull(approver);
        // The person must still be in the policy with the same role: revoking someone takes effect at once.
        var person = People.FirstOrDefault(p => string.Equals(p.Email, approver.Email, StringComparison.OrdinalIgnoreCase));
        return person is not null && AllowedRoles(environment, severity).Contains(person.Role);
    }

    /// <summary>People of the given tier whose role may approve; ordered as in the file.</summary>
    public IReadOnlyList<Approver> ApproversFor(AlertSeverity severity, string environment, int tier)
    {
        var chain = ForSeverity(severity).Tiers;
        if (tier < 0 || tier >= chain.Count)
        {
            return [];
        }
        var allowed = AllowedRoles(environment, severity);
        return People
            .Where(p => p.Tiers.Contains(chain[tier], StringComparer.OrdinalIgnoreCase) && allowed.Contains(p.Role))
            .Select(p => new Approver { Name = p.Name, Email = p.Email, Role = p.Role })
            .ToList();
    }

    public static string SeverityKey(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "critical",
        AlertSeverity.High => "high",
        AlertSeverity.Medium => "medium",
        AlertSeverity.Low => "low",
        _ => "info",
    };
}

public sealed record PolicyPerson
{
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required ApproverRole Role { get; init; }
    /// <summary>Escalation tiers this person belongs to, e.g. ["on-call", "team-member"].</summary>
    public required IReadOnlyList<string> Tiers { get; init; }
}

public sealed record SeverityPolicy
{
    /// <summary>How long each tier has to respond before the workflow escalates (critical 15, high 30, medium 120, low 1440).</summary>
    public required int ResponseMinutes { get; init; }
    /// <summary>Escalation chain: first tier gets the first links; each timeout moves one step; after the last, expired.</summary>
    public required IReadOnlyList<string> Tiers { get; init; }
}

/// <summary>A policy file or policy lookup problem, with the file and field in the message.</summary>
public sealed class ApprovalPolicyException : Exception
{
    public ApprovalPolicyException(string message) : base(message) { }
    public ApprovalPolicyException(string message, Exception innerException) : base(message, innerException) { }
    public ApprovalPolicyException() : this("invalid approval policy") { }
}
