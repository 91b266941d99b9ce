using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Mapping;

namespace AeonNova.Core.Tests.TestSupport;

/// <summary>The real-format samples under samples/ (copied next to the tests) and a registry that knows them all.</summary>
public static class Samples
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "samples");

    public static byte[] Alert(string source, string file) => File.ReadAllBytes(Path.Combine(Root, "alerts", source, file));

    public static IEnumerable<(string Source, string File)> AllAlerts() =>
        Directory.GetDirectories(Path.Combine(Root, "alerts"))
            .SelectMany(dir => Directory.GetFiles(dir, "*.json").Select(file => (Path.GetFileName(dir), Path.GetFileName(file))))
            .OrderBy(s => s.Item1, StringComparer.Ordinal).ThenBy(s => s.Item2, StringComparer.Ordinal);

    public static GenericMappingSet SuperOpsMapping() =>
        GenericMappingSet.Load(File.ReadAllBytes(Path.Combine(Root, "mappings", "superops.json")));

    public static AlertParserRegistry Registry(TimeProvider? clock = null) =>
        new(clock ?? new TestClock(), new SequentialIds(), SuperOpsMapping());

    public static IReadOnlyList<CanonicalAlert> Parse(string source, string file) =>
        Registry().Parse(source, Alert(source, file));
}
