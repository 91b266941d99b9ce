using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.Jsonata.Tests.Support;

/// <summary>An outcome in the shape tools/jsonata-differential.js prints: value, undefined, function or error code.</summary>
public sealed record Outcome(string Kind, JsonNode? Value = null, string? Code = null)
{
    public override string ToString() => Kind switch
    {
        "value" => Value?.ToJsonString() ?? "null",
        "error" or "crash" => Kind + " " + Code,
        _ => Kind,
    };
}

/// <summary>Runs npm jsonata (the reference implementation) in Node over a batch of cases.</summary>
public static class ReferenceJsonata
{
    public static string? RunnerScript()
    {
        var script = RepoFiles.Path("tools", "jsonata-differential.js");
        return File.Exists(script) && Directory.Exists(RepoFiles.Path("tools", "node_modules", "jsonata")) && NodeOnPath() ? script : null;
    }

    public static bool IsCi() => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static bool NodeOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "node")));

    public static async Task<IReadOnlyDictionary<string, Outcome>> EvaluateAsync(string script, IReadOnlyList<DiffCase> cases, IReadOnlyDictionary<string, JsonNode?> inputs)
    {
        var spec = new JsonObject
        {
            ["inputs"] = new JsonObject(inputs.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))),
            ["cases"] = new JsonArray(cases.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["input"] = c.Input, ["expr"] = c.Expression }).ToArray()),
        };
        var file = Path.Combine(Path.GetTempPath(), $"jsonata-cases-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, spec.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            var text = await stdout;
            if (process.ExitCode != 0) { throw new InvalidOperationException($"reference runner failed: {await stderr}"); }
            var results = new Dictionary<string, Outcome>(StringComparer.Ordinal);
            foreach (var item in JsonNode.Parse(text)!.AsArray())
            {
                results[(string)item!["id"]!] = new Outcome((string)item["kind"]!, item["value"]?.DeepClone(), (string?)item["code"]);
            }
            return results;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Evaluates one case with the C# implementation, in the same outcome shape.</summary>
    public static Outcome EvaluateLocal(DiffCase c, IReadOnlyDictionary<string, JsonNode?> inputs, JsonataOptions options)
    {
        try
        {
            var expression = JsonataExpression.Parse(c.Expression);
            var result = c.Input is null
                ? expression.Evaluate(JsonataValue.Undefined, null, options)
                : expression.Evaluate(inputs[c.Input], null, options);
            if (result.IsUndefined) { return new Outcome("undefined"); }
            if (result.IsFunction) { return new Outcome("function"); }
            // the same JSON round trip the runner applies (JSON.parse(JSON.stringify(value)))
            return new Outcome("value", JsonNode.Parse(result.ToJson()?.ToJsonString() ?? "null"));
        }
        catch (JsonataException e)
        {
            return new Outcome("error", Code: e.Code);
        }
#pragma warning disable CA1031 // a crash is reported as this case's outcome so every other case is still compared
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Outcome("crash", Code: $"{e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault()}");
        }
    }

    /// <summary>Same kind, same error code, or JSON-equal values (numbers as doubles, object members unordered).</summary>
    public static bool Agree(Outcome expected, Outcome actual) =>
        expected.Kind == actual.Kind && expected.Kind switch
        {
            "error" => expected.Code == actual.Code,
            "value" => JsonEquals(expected.Value, actual.Value),
            _ => true,
        };

    public static bool JsonEquals(JsonNode? a, JsonNode? b)
    {
        switch (a)
        {
            case null: return b is null;
            case JsonObject ao:
                if (b is not JsonObject bo || ao.Count != bo.Count) { return false; }
                foreach (var (key, value) in ao)
                {
                    if (!bo.TryGetPropertyValue(key, out var other) || !JsonEquals(value, other)) { return false; }
                }
                return true;
            case JsonArray aa:
                if (b is not JsonArray ba || aa.Count != ba.Count) { return false; }
                for (var i = 0; i < aa.Count; i++) { if (!JsonEquals(aa[i], ba[i])) { return false; } }
                return true;
            default:
                if (b is not JsonValue bv) { return false; }
                var ae = a.GetValue<JsonElement>();
                var be = bv.GetValue<JsonElement>();
                if (ae.ValueKind != be.ValueKind) { return false; }
                return ae.ValueKind switch
                {
                    JsonValueKind.Number => ae.GetDouble() == be.GetDouble(),
                    JsonValueKind.String => ae.GetString() == be.GetString(),
                    _ => true,
                };
        }
    }
}
