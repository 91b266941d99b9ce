using System.Collections.Frozen;

namespace AeonNova.Safety.PowerShell;

/// <summary>
/// The allow table for .NET types a script may construct or call static members on without review: value types,
/// text, math, paths and formatting. Anything else (IO, processes, reflection, COM, WMI, directory services…) is
/// visible as exec.dotnet-member, and the dangerous members of those get their own rules.
/// </summary>
internal static class DotNetTypes
{
    private static readonly FrozenSet<string> Safe = new[]
    {
        "math", "string", "char", "int", "int32", "int64", "long", "double", "decimal", "single", "float", "bool", "boolean", "byte",
        "datetime", "datetimeoffset", "timespan", "guid", "version", "uri", "convert", "bitconverter", "text.encoding", "encoding",
        "text.stringbuilder", "stringbuilder", "io.path", "path", "regex", "text.regularexpressions.regex", "array", "collections.arraylist",
        "collections.hashtable", "collections.generic.list", "collections.generic.dictionary", "collections.generic.hashset",
        "collections.specialized.ordereddictionary", "ordered", "pscustomobject", "psobject", "management.automation.pscredential",
        "pscredential", "securestring", "security.securestring", "net.ipaddress", "ipaddress", "net.dns", "globalization.cultureinfo",
        "cultureinfo", "environment", "enum", "linq.enumerable", "text.utf8encoding", "diagnostics.stopwatch", "timezoneinfo",
        "net.networkinformation.ping", "net.networkinformation.networkinterface", "random", "object", "xml", "xml.xmldocument",
        "io.fileinfo", "io.directoryinfo", "io.driveinfo", "io.stringreader", "io.memorystream", "servicemodel", "scriptblock",
        "management.automation.language.parser",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True for a type (with or without "System.") in the allow table.</summary>
    public static bool IsKnownSafe(string typeName)
    {
        var t = typeName.Trim('[', ']').ToLowerInvariant();
        if (t.StartsWith("system.", StringComparison.Ordinal))
        {
            t = t[7..];
        }
        var generic = t.IndexOf('[', StringComparison.Ordinal);
        if (generic > 0)
        {
            t = t[..generic];
        }
        var tick = t.IndexOf('`', StringComparison.Ordinal);
        if (tick > 0)
        {
            t = t[..tick];
        }
        return Safe.Contains(t);
    }
}
