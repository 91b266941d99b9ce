using System.Security.Cryptography;
using System.Text;
using AeonNova.Core.Safety;

namespace AeonNova.Core.Planning;

/// <summary>
/// The per-execution state directory a remediation script records its pre-change snapshot in and its rollback reads,
/// so a rollback never guesses what the host looked like. Both scripts get the same first lines naming the directory
/// (<see cref="VariableName"/>); the remediation creates it, the rollback refuses to run without it. The lines are added
/// when the plan is made, before validation, so the validator, the approver and the hash all see them.
/// </summary>
public static class ExecutionState
{
    /// <summary>The variable both scripts use (bash: "$AEONNOVA_STATE_DIR", PowerShell: "$AEONNOVA_STATE_DIR").</summary>
    public const string VariableName = "AEONNOVA_STATE_DIR";

    /// <summary>Line a rollback's own check prints to stdout: AEONNOVA_ROLLBACK=ok | AEONNOVA_ROLLBACK=failed …</summary>
    public const string RollbackMarker = "AEONNOVA_ROLLBACK=";

    public const string DefaultLinuxRoot = "/var/lib/aeonnova";
    public const string DefaultWindowsRoot = @"C:\ProgramData\AeonNova";

    private const int MaxKeyLength = 96;

    /// <summary>
    /// Adds the state-directory lines to the script and the rollback when either uses <see cref="VariableName"/>;
    /// plans that never mention it are returned unchanged.
    /// </summary>
    /// <param name="executionKey">The execution name (or, outside a workflow, the alert id): the directory's name.</param>
    public static RemediationPlan Bind(RemediationPlan plan, string executionKey, string linuxRoot = DefaultLinuxRoot, string windowsRoot = DefaultWindowsRoot)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!Uses(plan.Script.Body) && !Uses(plan.RollbackScript?.Body))
        {
            return plan;
        }
        var language = plan.Script.Language;
        var directory = Directory(language, executionKey, language == ScriptLanguage.PowerShell ? windowsRoot : linuxRoot);
        return plan with
        {
            Script = plan.Script with { Body = Insert(plan.Script.Body, CapturePreamble(language, directory)) },
            RollbackScript = plan.RollbackScript is { } rollback
                ? rollback with { Body = Insert(rollback.Body, RollbackPreamble(language, directory)) }
                : null,
        };
    }

    /// <summary>True when the script mentions the state directory variable.</summary>
    public static bool Uses(string? body) => body?.Contains(VariableName, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// True when the script sets the state directory itself (only <see cref="Bind"/> may): the name followed by "="
    /// (an assignment in bash or PowerShell, not a comparison), or named in Set-Variable / New-Variable / declare / read.
    /// </summary>
    public static bool Assigns(string? body)
    {
        if (body is null)
        {
            return false;
        }
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.Trim();
            for (var at = line.IndexOf(VariableName, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = line.IndexOf(VariableName, at + VariableName.Length, StringComparison.OrdinalIgnoreCase))
            {
                var rest = line[(at + VariableName.Length)..].TrimStart();
                if (rest.StartsWith('=') && !rest.StartsWith("==", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            if (Uses(line) && (line.Contains("-Variable", StringComparison.OrdinalIgnoreCase)
                || line.StartsWith("declare", StringComparison.Ordinal) || line.StartsWith("read ", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The directory for one execution: root + the key reduced to [A-Za-z0-9._-].</summary>
    public static string Directory(ScriptLanguage language, string executionKey, string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var key = SafeKey(executionKey);
        var separator = language == ScriptLanguage.PowerShell ? '\\' : '/';
        return root.TrimEnd('/', '\\') + separator + key;
    }

    /// <summary>The last rollback marker wins: true = ok, false = failed, null = none.</summary>
    public static bool? RollbackCheck(string? stdout)
    {
        if (string.IsNullOrEmpty(stdout))
        {
            return null;
        }
        bool? result = null;
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(RollbackMarker, StringComparison.Ordinal))
            {
                var value = line[RollbackMarker.Length..].Trim();
                var word = value.Split(' ', 2)[0];
                result = string.Equals(word, "ok", StringComparison.OrdinalIgnoreCase);
            }
        }
        return result;
    }

    private static string SafeKey(string executionKey)
    {
        var sb = new StringBuilder(Math.Min(executionKey?.Length ?? 0, MaxKeyLength));
        foreach (var c in executionKey ?? "")
        {
            if (sb.Length == MaxKeyLength)
            {
                break;
            }
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }
        var key = sb.ToString().Trim('.', '-');
        if (key.Length == 0)
        {
            // No usable name: a stable one from the original text, never an empty path segment.
            key = "plan-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(executionKey ?? "")))[..16];
        }
        return key;
    }

    private static string CapturePreamble(ScriptLanguage language, string directory) => language == ScriptLanguage.PowerShell
        ? $"# --- Execution state: the pre-change snapshot the rollback reads ---\n${VariableName} = {PowerShellQuote(directory)}\nNew-Item -ItemType Directory -Force -Path ${VariableName} | Out-Null\n"
        : $"# --- Execution state: the pre-change snapshot the rollback reads ---\n{VariableName}={BashQuote(directory)}\nmkdir -p -m 0700 \"${VariableName}\"\n";

    private static string RollbackPreamble(ScriptLanguage language, string directory) => language == ScriptLanguage.PowerShell
        ? $"# --- Execution state: the snapshot the remediation recorded ---\n${VariableName} = {PowerShellQuote(directory)}\nif (-not (Test-Path -LiteralPath ${VariableName})) {{ Write-Output '{RollbackMarker}failed (no pre-change snapshot)'; exit 1 }}\n"
        : $"# --- Execution state: the snapshot the remediation recorded ---\n{VariableName}={BashQuote(directory)}\nif [ ! -d \"${VariableName}\" ]; then echo '{RollbackMarker}failed (no pre-change snapshot)'; exit 1; fi\n";

    /// <summary>After the leading comment lines (title, target host), before the first command.</summary>
    private static string Insert(string body, string preamble)
    {
        var lines = body.Split('\n');
        var at = 0;
        var offset = 0;
        while (at < lines.Length && lines[at].TrimStart().StartsWith('#'))
        {
            offset += lines[at].Length + 1;
            at++;
        }
        offset = Math.Min(offset, body.Length);
        var head = body[..offset];
        if (head.Length > 0 && !head.EndsWith('\n'))
        {
            head += "\n";
        }
        return head + preamble + "\n" + body[offset..].TrimStart('\n');
    }

    // The key holds only [A-Za-z0-9._-] and the root comes from configuration: single quotes need no escaping
    // unless the configured root itself contains one.
    private static string BashQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string PowerShellQuote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

/// <summary>SHA-256 digests of plans: the script, the rollback, and the approval hash that covers both.</summary>
public static class PlanDigest
{
    /// <summary>Lowercase hex SHA-256 of the UTF-8 text.</summary>
    public static string Sha256Hex(string? text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text ?? "")));

    /// <summary>
    /// What an approver approves. Without a rollback it is the script's own SHA-256 (unchanged from before rollbacks
    /// existed); with one it is the SHA-256 of "aeonnova-plan-v1\nscript {sha}\nrollback {sha}\n", so approving the
    /// plan approves exactly that rollback too, and changing either script changes the hash.
    /// </summary>
    public static string ApprovalSha256(RemediationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ApprovalSha256(plan.Script.Body, plan.RollbackScript?.Body);
    }

    public static string ApprovalSha256(string script, string? rollback)
    {
        var scriptHash = Sha256Hex(script);
        return rollback is null ? scriptHash : Sha256Hex($"aeonnova-plan-v1\nscript {scriptHash}\nrollback {Sha256Hex(rollback)}\n");
    }
}
