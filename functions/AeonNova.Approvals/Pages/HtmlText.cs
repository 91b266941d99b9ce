using System.Globalization;
using System.Net;

namespace AeonNova.Approvals.Pages;

/// <summary>Encoding and formatting shared by pages and emails.</summary>
public static class HtmlText
{
    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static string Utc(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
