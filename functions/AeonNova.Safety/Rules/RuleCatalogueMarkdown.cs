using System.Text;

namespace AeonNova.Safety.Rules;

/// <summary>Renders docs/safety-rules.md from the catalogue (a test keeps the committed file in step).</summary>
public static class RuleCatalogueMarkdown
{
    public static string Render(RuleCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var sb = new StringBuilder();
        sb.Append("# Safety rules\n\n");
        sb.Append("Generated from `functions/AeonNova.Safety/Rules/catalogue.json` — do not edit by hand. ");
        sb.Append("Regenerate with `AEONNOVA_UPDATE_DOCS=1 dotnet test tests/AeonNova.Safety.Tests --filter RuleCatalogueDocs`.\n\n");
        sb.Append("Severity is the verdict a finding gives on its own. Rules marked *routine* are allowed or sent to review ");
        sb.Append("by the environment's policy (`config/safety-policy.json`).\n\n");
        sb.Append($"{catalogue.Rules.Count} rules.\n\n");
        sb.Append("| id | category | severity | message | rationale | MITRE ATT&CK |\n");
        sb.Append("|---|---|---|---|---|---|\n");
        foreach (var rule in catalogue.Rules.OrderBy(r => r.Category, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            var severity = rule.Routine ? "routine (allow/review by policy)" : rule.Severity.ToString().ToLowerInvariant();
            var mitre = rule.Mitre.Length == 0 ? "—" : $"[{rule.Mitre}](https://attack.mitre.org/techniques/{rule.Mitre.Replace('.', '/')}/)";
            sb.Append($"| `{rule.Id}` | {rule.Category} | {severity} | {Escape(rule.Message)} | {Escape(rule.Rationale)} | {mitre} |\n");
        }
        sb.Append("\n## Command rule table\n\n");
        sb.Append("Commands with a rule class of their own (`functions/AeonNova.Safety/Analysis/Commands/`), found by name through ");
        sb.Append("`CommandRuleTable` before the shared native-command rules. A name with several rules runs them in this order.\n\n");
        sb.Append("| command | rule class | what it checks |\n");
        sb.Append("|---|---|---|\n");
        foreach (var rule in Analysis.Commands.CommandRuleTable.Rules)
        {
            sb.Append($"| {string.Join(", ", rule.Names.Select(n => $"`{n}`"))} | `{rule.GetType().Name}` | {Escape(rule.Summary)} |\n");
        }
        return sb.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
