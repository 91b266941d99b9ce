using System.Text.Json.Nodes;
using AeonNova.Jsonata;
using AeonNova.StepFunctions.Json;

namespace AeonNova.StepFunctions.Runtime;

/// <summary>
/// Workflow variables (Assign) of one scope: the top level, a Parallel branch or a Map iteration. An inner scope reads
/// the outer ones but cannot assign their names; new values take effect when the assigning state finishes
/// (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html, "Variable scope", "Assign evaluation").
/// </summary>
internal sealed class VariableScope(VariableScope? parent)
{
    /// <summary>AWS limits: one variable's value and one state's Assign ≤ 256 KiB; all variables of an execution ≤ 10 MiB.</summary>
    public const int MaxAssignBytes = 256 * 1024;
    public const int MaxTotalBytes = 10 * 1024 * 1024;

    private readonly Dictionary<string, JsonNode?> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sizes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Dictionary<string, JsonataValue>? _bindings;

    public VariableScope? Parent { get; } = parent;

    public bool IsEmpty => _values.Count == 0 && (Parent?.IsEmpty ?? true);

    public bool TryGet(string name, out JsonNode? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            lock (scope._gate)
            {
                if (scope._values.TryGetValue(name, out value)) { return true; }
            }
        }
        value = null;
        return false;
    }

    /// <summary>All visible variables as JSONata bindings (inner names shadow outer ones), converted once per change.</summary>
    public IReadOnlyDictionary<string, JsonataValue> Bindings()
    {
        lock (_gate)
        {
            if (_bindings is not null) { return _bindings; }
            var result = Parent is null ? new Dictionary<string, JsonataValue>(StringComparer.Ordinal) : new Dictionary<string, JsonataValue>(Parent.Bindings(), StringComparer.Ordinal);
            foreach (var (name, value) in _values) { result[name] = JsonataValue.From(value); }
            return _bindings = result;
        }
    }

    /// <summary>Stores a state's evaluated Assign values after checking scope and size rules.</summary>
    public void Assign(IReadOnlyList<KeyValuePair<string, JsonNode?>> values, string stateName)
    {
        var total = 0;
        foreach (var (name, value) in values)
        {
            for (var outer = Parent; outer is not null; outer = outer.Parent)
            {
                if (outer.TryGetOwn(name))
                {
                    throw new StatesErrorException(StatesErrors.Runtime,
                        $"An error occurred while executing the state '{stateName}'. The variable '{name}' belongs to an outer scope: a Parallel branch or Map iteration can read it but not assign it");
                }
            }
            var size = System.Text.Encoding.UTF8.GetByteCount(value?.ToJsonString() ?? "null");
            total += size;
            if (total > MaxAssignBytes)
            {
                throw new StatesErrorException(StatesErrors.DataLimitExceeded,
                    $"An error occurred while executing the state '{stateName}'. The values assigned by Assign exceed the limit of 256 KiB");
            }
        }
        lock (_gate)
        {
            foreach (var (name, value) in values)
            {
                _values[name] = value;
                _sizes[name] = System.Text.Encoding.UTF8.GetByteCount(value?.ToJsonString() ?? "null");
            }
            if (_sizes.Values.Sum() > MaxTotalBytes)
            {
                throw new StatesErrorException(StatesErrors.DataLimitExceeded,
                    $"An error occurred while executing the state '{stateName}'. The workflow variables exceed the limit of 10 MiB");
            }
            _bindings = null;
        }
    }

    /// <summary>This scope's own variables as JSON text (for a checkpoint).</summary>
    public Dictionary<string, string> Save()
    {
        lock (_gate)
        {
            var saved = new Dictionary<string, string>(_values.Count, StringComparer.Ordinal);
            foreach (var (name, value) in _values) { saved[name] = JsonNodes.ToJson(value); }
            return saved;
        }
    }

    /// <summary>A top-level scope holding the variables a checkpoint saved.</summary>
    public static VariableScope Restore(IReadOnlyDictionary<string, string> saved)
    {
        var scope = new VariableScope(null);
        foreach (var (name, json) in saved)
        {
            scope._values[name] = JsonNodes.Parse(json);
            scope._sizes[name] = System.Text.Encoding.UTF8.GetByteCount(json);
        }
        return scope;
    }

    private bool TryGetOwn(string name)
    {
        lock (_gate) { return _values.ContainsKey(name); }
    }
}
