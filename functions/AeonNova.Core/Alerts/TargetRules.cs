using System.Net;
using System.Text.RegularExpressions;

namespace AeonNova.Core.Alerts;

/// <summary>
/// Whether a host taken from an alert may be used as a command target: a DNS name (RFC 1123 labels; "_" allowed for
/// NetBIOS-style names), an IPv4/IPv6 address, or a cloud resource id (EC2 i-…, SSM mi-…, an ARN, or a
/// slash-separated resource path such as Azure's /subscriptions/…/virtualMachines/vm1 or CloudWatch's
/// app/my-lb/50dc6c495c0c9188). Anything else — blanks, quotes, shell metacharacters, markup — is refused.
/// </summary>
public static partial class TargetRules
{
    private const int MaxLength = 253;
    private const int MaxResourceIdLength = 1024;

    /// <summary>Null when <paramref name="host"/> is empty or a valid target; else why it is not (never echoes the value).</summary>
    public static string? Check(string? host)
    {
        if (string.IsNullOrEmpty(host) || IsDnsName(host) || IsIpAddress(host) || IsResourceId(host))
        {
            return null;
        }
        var bad = FirstForbidden(host);
        var where = bad < 0 ? "" : $" (character {Describe(host[bad])} at position {bad + 1})";
        return $"host is not a DNS name, IP address or cloud instance id{where}";
    }

    public static bool IsValid(string? host) => !string.IsNullOrEmpty(host) && Check(host) is null;

    private static bool IsDnsName(string host)
    {
        if (host.Length > MaxLength)
        {
            return false;
        }
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Length == 0)
        {
            return false;
        }
        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (!DnsLabel().IsMatch(label))
            {
                return false;
            }
        }
        // A dotted name ending in an all-digit label is a malformed address, not a name (RFC 1123 §2.1).
        return labels.Length == 1 || !labels[^1].All(char.IsAsciiDigit);
    }

    private static bool IsIpAddress(string host) =>
        IPv4().IsMatch(host)
        || (host.Contains(':', StringComparison.Ordinal) && !host.Contains('%', StringComparison.Ordinal)
            && IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);

    private static bool IsResourceId(string host) =>
        host.Length <= MaxResourceIdLength && (Arn().IsMatch(host) || ResourcePath().IsMatch(host));

    private static int FirstForbidden(string host)
    {
        for (var i = 0; i < host.Length; i++)
        {
            var c = host[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':' or '/'))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    [GeneratedRegex(@"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();

    /// <summary>arn:partition:service:region:account:resource (resource without blanks, quotes or shell characters).</summary>
    [GeneratedRegex(@"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{0,12}:[A-Za-z0-9_.:/+=@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Arn();

    /// <summary>Segments of letters, digits, "._-" joined by "/", optionally starting with "/"; no "." or ".." segment, none starting with "-".</summary>
    [GeneratedRegex(@"^/?(?!\.{1,2}(?:/|$))[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/(?!\.{1,2}(?:/|$))[A-Za-z0-9_][A-Za-z0-9_.-]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourcePath();
}
