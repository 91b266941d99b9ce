using System.Text.Json.Serialization;

namespace AeonNova.Core.Safety;

/// <summary>Safety report contract (ARCHITECTURE.md): one per validated script.</summary>
public sealed record SafetyReport
{
    public string File { get; init; } = "";
    public required ScriptLanguage Language { get; init; }
    public required SafetyVerdict Verdict { get; init; }
    /// <summary>0 (harmless) … 100 (certainly dangerous).</summary>
    public required int RiskScore { get; init; }
    public IReadOnlyList<SafetyFinding> Findings { get; init; } = [];
}

public sealed record SafetyFinding
{
    public required string RuleId { get; init; }
    /// <summary>block | review | info — the verdict this finding alone would give.</summary>
    public required FindingSeverity Severity { get; init; }
    public int Line { get; init; }
    public int Column { get; init; }
    public string Text { get; init; } = "";
    public required string Message { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<SafetyVerdict>))]
public enum SafetyVerdict
{
    [JsonStringEnumMemberName("allow")] Allow,
    [JsonStringEnumMemberName("review")] Review,
    [JsonStringEnumMemberName("block")] Block,
}

[JsonConverter(typeof(JsonStringEnumConverter<FindingSeverity>))]
public enum FindingSeverity
{
    [JsonStringEnumMemberName("info")] Info,
    [JsonStringEnumMemberName("review")] Review,
    [JsonStringEnumMemberName("block")] Block,
}

[JsonConverter(typeof(JsonStringEnumConverter<ScriptLanguage>))]
public enum ScriptLanguage
{
    [JsonStringEnumMemberName("bash")] Bash,
    [JsonStringEnumMemberName("powershell")] PowerShell,
}

/// <summary>What the validator needs besides the script: which policy applies (e.g. prod reviews routine fixes).</summary>
public sealed record ValidationContext
{
    public string Environment { get; init; } = "";
    public string File { get; init; } = "";
}

/// <summary>Port: the script safety validator. The workflow, planner and CLI call only this.</summary>
public interface IScriptValidator
{
    SafetyReport Validate(string script, ScriptLanguage language, ValidationContext? context = null);
}
