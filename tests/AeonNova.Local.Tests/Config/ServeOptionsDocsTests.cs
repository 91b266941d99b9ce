using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using AeonNova.Local.Config;

namespace AeonNova.Local.Tests.Config;

/// <summary>
/// Issue #15 item 7: configuration that is documented is read, and configuration that is read is documented.
/// The options record (what `aeonnova serve` deserialises) is walked setting by setting and compared with the
/// settings table of docs/serve.md; each setting must also be used by code of the local host other than the
/// record, its loader and the starter file.
/// </summary>
public sealed partial class ServeOptionsDocsTests
{
    [GeneratedRegex(@"^\|\s*`(?<setting>[^`]+)`\s*\|")]
    private static partial Regex SettingRow();

    [Fact]
    public void OptionsRecord_WhenComparedWithServeDocs_ShouldDocumentEverySettingAndNothingElse()
    {
        var read = Settings(typeof(AeonNovaOptions), "").Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        var documented = DocumentedSettings();

        Assert.True(read.Count > 30, $"only {read.Count} settings found: the walk of the options record is broken");
        Assert.Empty(read.Except(documented).Order(StringComparer.Ordinal).Select(s => $"read but not documented in docs/serve.md: {s}"));
        Assert.Empty(documented.Except(read).Order(StringComparer.Ordinal).Select(s => $"documented in docs/serve.md but not a setting: {s}"));
    }

    [Fact]
    public void OptionsRecord_WhenEachSettingLooked_ShouldBeUsedByTheHost()
    {
        var local = Path.Combine(ConfigLoaderTests.RepoRoot(), "local", "AeonNova.Local");
        var notTheRecord = new[] { "AeonNovaOptions.cs", "ConfigLoader.cs", "StarterConfig.cs" };
        var code = string.Join('\n', Directory.EnumerateFiles(local, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !notTheRecord.Contains(Path.GetFileName(f)))
            .Select(File.ReadAllText));

        var unused = Settings(typeof(AeonNovaOptions), "")
            .Where(s => !Regex.IsMatch(code, $@"\.{s.Property.Name}\b"))
            .Select(s => $"{s.Path} ({s.Property.DeclaringType!.Name}.{s.Property.Name}) is read from the file but used nowhere");

        Assert.Empty(unused);
    }

    private static HashSet<string> DocumentedSettings()
    {
        var docs = File.ReadAllLines(Path.Combine(ConfigLoaderTests.RepoRoot(), "docs", "serve.md"));
        var start = Array.FindIndex(docs, l => l.StartsWith("| setting | default | meaning |", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/serve.md has no settings table");
        return docs.Skip(start + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => SettingRow().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["setting"].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    // Leaves are what a user writes a value for: scalars, lists of scalars and severity → number maps.
    private static IEnumerable<(string Path, PropertyInfo Property)> Settings(Type record, string prefix)
    {
        foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var type = property.PropertyType;
            if (IsOptions(type))
            {
                foreach (var inner in Settings(type, path + "."))
                {
                    yield return inner;
                }
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && IsOptions(type.GetGenericArguments()[1]))
            {
                foreach (var inner in Settings(type.GetGenericArguments()[1], path + ".<name>."))
                {
                    yield return inner;
                }
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && IsOptions(type.GetGenericArguments()[0]))
            {
                foreach (var inner in Settings(type.GetGenericArguments()[0], path + "[]."))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return (path, property);
            }
        }
    }

    private static bool IsOptions(Type type) => type.IsClass && type.Namespace == typeof(AeonNovaOptions).Namespace && type.Assembly == typeof(AeonNovaOptions).Assembly;
}
