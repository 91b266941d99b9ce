using System.Text.RegularExpressions;
using AeonNova.Analysis.Runbooks;
using AeonNova.Core.Alerts;

namespace AeonNova.Analysis.Planning;

/// <summary>The outcome of extracting a runbook's parameters from one alert.</summary>
public sealed record ParameterExtraction
{
    /// <summary>Validated values by parameter name (only these ever reach a script).</summary>
    public required IReadOnlyDictionary<string, string> Values { get; init; }
    /// <summary>Where each value came from: the from-entry, or "default".</summary>
    public required IReadOnlyDictionary<string, string> Origins { get; init; }
    /// <summary>Required parameters for which no valid value was found.</summary>
    public required IReadOnlyList<string> Missing { get; init; }
    /// <summary>"parameter from source" for each value that failed its pattern (the value itself is never echoed).</summary>
    public required IReadOnlyList<string> Rejected { get; init; }

    public bool IsComplete => Missing.Count == 0;
}

/// <summary>
/// Extracts parameter values from a canonical alert: each from-entry in order; the first value that passes
/// the parameter's rules wins; values that fail are recorded as rejected and never used; then the default.
/// </summary>
public sealed class ParameterExtractor
{
    private readonly List<(RunbookParameter Parameter, Regex Pattern, AlertFieldSource[] Sources)> _parameters;

    public ParameterExtractor(Runbook runbook)
    {
        ArgumentNullException.ThrowIfNull(runbook);
        _parameters = [.. runbook.Parameters.Select(p => (
            p,
            p.CompiledPattern ?? ParameterRules.CompilePattern(p.Pattern),
            p.Sources?.ToArray() ?? p.From.Select(AlertFieldSource.Parse).ToArray()))];
    }

    public ParameterExtraction Extract(CanonicalAlert alert, Intents.AlertProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var rejected = new List<string>();
        foreach (var (parameter, pattern, sources) in _parameters)
        {
            string? chosen = null;
            foreach (var source in sources)
            {
                // "technology" is inferred, not stated: it never overrides a value the alert stated and we rejected.
                if (source.Field == "technology" && rejected.Any(r => r.StartsWith(parameter.Name + " from ", StringComparison.Ordinal)))
                {
                    continue;
                }
                var raw = source.Resolve(alert, profile);
                if (raw is null)
                {
                    continue;
                }
                if (ParameterRules.IsPlainWord(raw))
                {
                    rejected.Add($"{parameter.Name} from {Describe(source)} (a plain word, not a name)");
                    continue;
                }
                if (ParameterRules.IsValid(pattern, parameter.Type, raw))
                {
                    chosen = raw;
                    origins[parameter.Name] = source.Text;
                    break;
                }
                rejected.Add($"{parameter.Name} from {Describe(source)}");
            }
            // The alert named something this parameter cannot accept (/data for a /var clean-up, markup, a sentence):
            // the default would act on something else than the alert is about, so the value counts as missing.
            var alertNamedOther = chosen is null && rejected.Any(r => r.StartsWith(parameter.Name + " from ", StringComparison.Ordinal));
            if (chosen is null && parameter.Default is not null && !alertNamedOther)
            {
                chosen = parameter.Default;
                origins[parameter.Name] = "default";
            }
            if (chosen is null)
            {
                if (parameter.Required || alertNamedOther)
                {
                    missing.Add(parameter.Name);
                }
                continue;
            }
            values[parameter.Name] = chosen;
        }
        return new ParameterExtraction { Values = values, Origins = origins, Missing = missing, Rejected = rejected };
    }

    private static string Describe(AlertFieldSource source) => source.Key is null ? source.Field : $"{source.Field}.{source.Key}";
}
