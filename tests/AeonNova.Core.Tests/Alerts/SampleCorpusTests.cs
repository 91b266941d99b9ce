using System.Text.Json;
using AeonNova.Core.Alerts;
using AeonNova.Core.Json;
using AeonNova.Core.Tests.TestSupport;

namespace AeonNova.Core.Tests.Alerts;

/// <summary>
/// Every payload of the corpus (samples/alerts/manifest.json) gives the result its vendor documentation implies:
/// the listed canonical fields of each alert, or the informational events of bodies that carry no alert; the
/// two halves of a firing/resolved pair share a fingerprint. One test case per manifest entry.
/// </summary>
public class SampleCorpusTests
{
    public static TheoryData<string> Entries()
    {
        var data = new TheoryData<string>();
        using var manifest = Manifest();
        foreach (var entry in manifest.RootElement.GetProperty("entries").EnumerateArray())
        {
            data.Add(entry.GetProperty("file").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void ParseEvents_WhenCorpusPayloadIsParsed_ShouldGiveTheDocumentedResult(string file)
    {
        var entry = Entry(file);
        var result = Parse(entry);

        var expectedAlerts = entry.GetProperty("alerts").EnumerateArray().ToArray();
        var expectedInfo = entry.GetProperty("informational").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(expectedAlerts.Length, result.Alerts.Count);
        Assert.Equal(expectedInfo, result.Informational.Select(e => e.Event).ToArray());
        Assert.All(result.Informational, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        for (var i = 0; i < expectedAlerts.Length; i++)
        {
            using var actual = JsonDocument.Parse(JsonSerializer.Serialize(result.Alerts[i], CoreJsonContext.Default.CanonicalAlert));
            foreach (var field in expectedAlerts[i].EnumerateObject())
            {
                if (field.Name == "invalidTarget")
                {
                    Assert.Equal(field.Value.GetBoolean(), actual.RootElement.TryGetProperty("invalidTarget", out _));
                    continue;
                }
                Assert.True(actual.RootElement.TryGetProperty(field.Name, out var value), $"{file}[{i}]: no field {field.Name}");
                Assert.True(field.Value.GetString() == value.GetString(),
                    $"{file}[{i}].{field.Name}: expected '{field.Value.GetString()}' but parsed '{value.GetString()}'");
            }
        }
        if (entry.TryGetProperty("sourceIds", out var sourceIds))
        {
            Assert.Equal(sourceIds.EnumerateArray().Select(s => s.GetString()), result.Informational.Select(e => e.SourceId));
        }
        var handshake = entry.TryGetProperty("handshake", out var h) && h.GetBoolean();
        Assert.Equal(handshake, result.Informational.Any(e => e.Handshake is not null));
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void ParseEvents_WhenCorpusEntryNamesItsPair_ShouldShareTheFingerprint(string file)
    {
        var entry = Entry(file);
        if (!entry.TryGetProperty("sameFingerprintAs", out var other))
        {
            return;
        }
        var first = Assert.Single(Parse(Entry(other.GetString()!)).Alerts.Take(1));
        var second = Parse(entry).Alerts[0];

        Assert.Equal(first.Fingerprint, second.Fingerprint);
    }

    [Fact]
    public void Manifest_WhenSamplesAreListed_ShouldCoverEveryFileAndFivePerSource()
    {
        using var manifest = Manifest();
        var entries = manifest.RootElement.GetProperty("entries").EnumerateArray().ToArray();
        var listed = entries.Select(e => e.GetProperty("file").GetString()!).ToHashSet(StringComparer.Ordinal);
        var onDisk = Samples.AllAlerts().Select(s => $"{s.Source}/{s.File}").ToHashSet(StringComparer.Ordinal);

        Assert.Empty(onDisk.Except(listed));
        Assert.Empty(listed.Except(onDisk));
        foreach (var group in onDisk.GroupBy(f => f[..f.IndexOf('/', StringComparison.Ordinal)]))
        {
            Assert.True(group.Count() >= 5, $"{group.Key}: only {group.Count()} samples");
        }
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("origin").GetString())));
    }

    private static AlertParseResult Parse(JsonElement entry)
    {
        var file = entry.GetProperty("file").GetString()!;
        var slash = file.IndexOf('/', StringComparison.Ordinal);
        return Samples.Registry().ParseEvents(entry.GetProperty("source").GetString()!, Samples.Alert(file[..slash], file[(slash + 1)..]));
    }

    private static JsonElement Entry(string file)
    {
        using var manifest = Manifest();
        return manifest.RootElement.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("file").GetString() == file).Clone();
    }

    private static JsonDocument Manifest() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Samples.Root, "alerts", "manifest.json")));
}
