using System.Text.RegularExpressions;

namespace AeonNova.Core.Alerts;

/// <summary>
/// Operating system family: first from explicit labels / tags / fields (os, os_type, platform, u_os, …),
/// then from documented text hints in title and description.
/// </summary>
public static partial class OsRules
{
    private static readonly string[] Keys = ["os", "os_type", "ostype", "os_family", "platform", "u_os", "kubernetes_io_os", "kubernetes.io/os"];

    private static readonly string[] LinuxWords =
        ["linux", "ubuntu", "debian", "centos", "rhel", "red hat", "redhat", "amazon linux", "amzn", "suse", "alpine", "fedora", "rocky", "alma"];

    public static OsFamily? FromLabels(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var key in Keys)
        {
            if (labels.TryGetValue(key, out var value))
            {
                var os = FromName(value);
                if (os != OsFamily.Unknown)
                {
                    return os;
                }
            }
        }
        return null;
    }

    /// <summary>An OS or platform name ("Windows Server 2022", "win", "Ubuntu 22.04", "linux") to its family.</summary>
    public static OsFamily FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return OsFamily.Unknown;
        }
        var text = name.Trim();
        if (text.Contains("windows", StringComparison.OrdinalIgnoreCase) || text.StartsWith("win", StringComparison.OrdinalIgnoreCase))
        {
            return OsFamily.Windows;
        }
        foreach (var word in LinuxWords)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return OsFamily.Linux;
            }
        }
        return OsFamily.Unknown;
    }

    /// <summary>
    /// Text hints. Windows: a drive path or drive letter (C:\, "drive D:"), IIS, W3SVC, "Windows Server".
    /// Linux: the word Linux, systemd, or an absolute path under /var, /etc, /opt, /home, /tmp, /dev, /proc, /srv, /usr.
    /// </summary>
    public static OsFamily FromText(string? title, string? description)
    {
        if (IsWindows(title) || IsWindows(description))
        {
            return OsFamily.Windows;
        }
        return IsLinux(title) || IsLinux(description) ? OsFamily.Linux : OsFamily.Unknown;
    }

    private static bool IsWindows(string? text) => !string.IsNullOrEmpty(text) && WindowsHint().IsMatch(text);

    private static bool IsLinux(string? text) => !string.IsNullOrEmpty(text) && LinuxHint().IsMatch(text);

    [GeneratedRegex(@"\b[A-Za-z]:\\|\bdrive [A-Za-z]:|\b[A-Za-z]: drive\b|\bIIS\b|\bW3SVC\b|\bWindows Server\b", RegexOptions.CultureInvariant)]
    private static partial Regex WindowsHint();

    [GeneratedRegex(@"\bLinux\b|\bsystemd\b|(?<![\w:/.])/(?:var|etc|opt|home|tmp|dev|proc|srv|usr)/", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LinuxHint();
}
