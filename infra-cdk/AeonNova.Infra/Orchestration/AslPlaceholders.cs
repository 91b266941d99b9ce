using System.Text.RegularExpressions;

namespace AeonNova.Infra.Orchestration;

/// <summary>Finds the ${Key} placeholders in an ASL definition (CloudFormation DefinitionSubstitutions syntax).</summary>
public static partial class AslPlaceholders
{
    public static IReadOnlySet<string> Find(string definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Placeholder().Matches(definition).Select(m => m.Groups["key"].Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\$\{(?<key>[^}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
