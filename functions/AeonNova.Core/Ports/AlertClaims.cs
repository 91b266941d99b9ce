using System.Globalization;
using System.Text;

namespace AeonNova.Core.Ports;

/// <summary>
/// The claim rule every <see cref="IAlertStore"/> implements (the DynamoDB adapter as a condition expression):
/// new when there is no claim or its cooldown has passed; redelivery when the same alert id holds it; else duplicate.
/// </summary>
public static class AlertClaims
{
    /// <summary>Step Functions execution names: at most 80 characters of [A-Za-z0-9_-].</summary>
    public const int MaxExecutionNameLength = 80;

    public static AlertClaim Decide(AlertState? current, AlertClaimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (current is null || current.CooldownUntil <= request.Now)
        {
            return new AlertClaim(ClaimOutcome.New, NewClaim(request));
        }
        if (string.Equals(current.AlertId, request.AlertId, StringComparison.Ordinal))
        {
            return new AlertClaim(ClaimOutcome.Redelivery, current);
        }
        return new AlertClaim(ClaimOutcome.Duplicate, current with { Duplicates = current.Duplicates + 1, LastSeenAt = request.Now });
    }

    public static AlertState NewClaim(AlertClaimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new AlertState
        {
            Fingerprint = request.Fingerprint,
            AlertId = request.AlertId,
            ExecutionName = ExecutionName(request.Fingerprint, request.Now),
            ClaimedAt = request.Now,
            CooldownUntil = request.Now + request.Cooldown,
            LastSeenAt = request.Now,
        };
    }

    /// <summary>Fingerprint + occurrence window start: unique per occurrence, identical for re-deliveries.</summary>
    public static string ExecutionName(string fingerprint, DateTimeOffset occurrenceStart)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var suffix = "-" + occurrenceStart.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var sb = new StringBuilder(MaxExecutionNameLength);
        foreach (var c in fingerprint)
        {
            if (sb.Length >= MaxExecutionNameLength - suffix.Length)
            {
                break;
            }
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }
        if (sb.Length == 0)
        {
            sb.Append("alert");
        }
        return sb.Append(suffix).ToString();
    }
}
