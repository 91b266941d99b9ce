using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeonNova.Infra.Configuration;

/// <summary>Reads typed values out of one JSON object and names the exact setting when one is missing or wrong.</summary>
public sealed class SettingsReader
{
    private readonly JsonObject _node;

    public SettingsReader(JsonObject node, string path)
    {
        _node = node;
        Path = path;
    }

    /// <summary>Where this object lives, e.g. "cdk.json context.environments.dev".</summary>
    public string Path { get; }

    public string String(string name)
    {
        var value = OptionalString(name);
        return string.IsNullOrWhiteSpace(value) ? throw Missing(name, "a non-empty string") : value;
    }

    public string? OptionalString(string name) => Value(name, JsonValueKind.String, "a string")?.GetValue<string>();

    public int Int(string name, int min = 0)
    {
        var node = Value(name, JsonValueKind.Number, "a number") ?? throw Missing(name, "a number");
        if (!node.TryGetValue<int>(out var value) &&
            !int.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            throw Invalid(name, $"must be a whole number, got {node.ToJsonString()}");
        }

        return value < min ? throw Invalid(name, $"must be at least {min}, got {value}") : value;
    }

    public double Number(string name, double min = 0)
    {
        var node = Value(name, JsonValueKind.Number, "a number") ?? throw Missing(name, "a number");
        var value = node.TryGetValue<double>(out var direct)
            ? direct
            : double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return value < min ? throw Invalid(name, $"must be at least {min.ToString(CultureInfo.InvariantCulture)}") : value;
    }

    public bool Bool(string name)
    {
        var raw = _node[name] ?? throw Missing(name, "true or false");
        return raw.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // -c knowledge=true arrives as a string.
            JsonValueKind.String when bool.TryParse(raw.GetValue<string>(), out var parsed) => parsed,
            _ => throw Invalid(name, $"must be true or false, got {raw.ToJsonString()}"),
        };
    }

    /// <summary>An upper-case enum name (e.g. "GOVERNANCE" for AuditLockMode.Governance); the error lists the allowed ones.</summary>
    public TEnum Choice<TEnum>(string name)
        where TEnum : struct, Enum
    {
        var text = String(name);
        var allowed = Enum.GetNames<TEnum>().Select(n => n.ToUpperInvariant()).ToList();
        return allowed.Contains(text, StringComparer.Ordinal)
            ? Enum.Parse<TEnum>(text, ignoreCase: true)
            : throw Invalid(name, $"must be one of {string.Join(", ", allowed)}, got '{text}'");
    }

    /// <param name="allowEmpty">When false an empty array is refused (e.g. email lists).</param>
    public IReadOnlyList<string> Strings(string name, bool allowEmpty = false)
    {
        var raw = _node[name] ?? throw Missing(name, "an array of strings");
        if (raw is not JsonArray array)
        {
            throw Invalid(name, "must be an array of strings");
        }

        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue item || item.GetValueKind() != JsonValueKind.String ||
                string.IsNullOrWhiteSpace(item.GetValue<string>()))
            {
                throw Invalid($"{name}[{i}]", "must be a non-empty string");
            }

            result.Add(item.GetValue<string>());
        }

        return result.Count == 0 && !allowEmpty ? throw Invalid(name, "must name at least one value") : result;
    }

    public IReadOnlyDictionary<string, int> IntMap(string name)
    {
        var child = Child(name);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, _) in child._node)
        {
            result[key] = child.Int(key, min: 1);
        }

        return result;
    }

    public SettingsReader Child(string name) => _node[name] switch
    {
        JsonObject child => new SettingsReader(child, $"{Path}.{name}"),
        null => throw Missing(name, "an object"),
        _ => throw Invalid(name, "must be an object"),
    };

    private JsonValue? Value(string name, JsonValueKind kind, string expected)
    {
        var raw = _node[name];
        if (raw is null)
        {
            return null;
        }

        if (raw is not JsonValue value || value.GetValueKind() != kind)
        {
            throw Invalid(name, $"must be {expected}, got {raw.ToJsonString()}");
        }

        return value;
    }

    private InfraConfigurationException Missing(string name, string expected) =>
        new($"{Path}.{name}: missing; expected {expected}.");

    private InfraConfigurationException Invalid(string name, string why) => new($"{Path}.{name}: {why}.");
}
