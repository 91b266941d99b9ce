using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using AeonNova.Local.Config;
using AeonNova.Testing;

namespace AeonNova.Local.Tests.Config;

/// <summary>
/// Issue #15 item 7: configuration that is documented is read, and configuration that is read is documented.
/// The options record (what `aeonnova serve` deserialises) is walked setting by setting and compared with the
/// settings table of docs/serve.md; each setting must also be used by code of the local host other than the
/// record, its loader and the starter file.
/// </summary>
public sealed partial class ServeOptionsDocsTests
{
    [GeneratedRegex(@"^\|(?<cell>[^|]*)\|")]
    private static partial Regex SettingRow();

    [GeneratedRegex("`(?<setting>[^`]+)`")]
    private static partial Regex Quoted();

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
        var local = Path.Combine(RepoFiles.Root, "local", "AeonNova.Local");
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

    // Every "| setting | default | meaning |" table; a cell may name several settings, and a later name without a dot
    // ("`chat.slack.signingSecretEnv` / `botTokenEnv`") is a sibling of the first.
    private static HashSet<string> DocumentedSettings()
    {
        var docs = File.ReadAllLines(Path.Combine(RepoFiles.Root, "docs", "serve.md"));
        var settings = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < docs.Length; i++)
        {
            if (!docs[i].StartsWith("| setting | default | meaning |", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var row in docs.Skip(i + 2).TakeWhile(l => l.StartsWith('|')))
            {
                var names = Quoted().Matches(SettingRow().Match(row).Groups["cell"].Value).Select(q => q.Groups["setting"].Value).ToList();
                var parent = names.Count > 0 && names[0].Contains('.', StringComparison.Ordinal) ? names[0][..(names[0].LastIndexOf('.') + 1)] : "";
                settings.UnionWith(names.Select((n, k) => k > 0 && !n.Contains('.', StringComparison.Ordinal) ? parent + n : n));
            }
        }
        Assert.True(settings.Count > 0, "docs/serve.md has no settings table");
        return settings;
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
