using AeonNova.Analysis.Planning.Intents;
using AeonNova.Core.Safety;

namespace AeonNova.Analysis.Planning;

/// <summary>
/// Why the planner planned what it did: the alert's profile (intent, technology, OS with their evidence), the ranked
/// candidates, the parameter extraction, and hints that say which front matter to edit when the choice is wrong.
/// </summary>
public sealed record PlannerExplanation(AlertProfile Profile, ScriptLanguage Language, IReadOnlyList<PlannerCandidate> Candidates,
    ParameterExtraction? Extraction, PlannerResult Result)
{
    /// <summary>What a user can change in a runbook's front matter (or in the alert) to change the outcome.</summary>
    public IReadOnlyList<string> Hints()
    {
        var hints = new List<string>();
        var intent = Profile.Intent.Key;
        var technology = Profile.Technology.Key;
        var os = Language == ScriptLanguage.PowerShell ? "windows" : "linux";
        if (Profile.IntentRule is { Informational: true })
        {
            hints.Add("The alert reads as an event that already happened (intent 'informational'): no runbook is chosen for it. "
                + "If it is a failure, name it in the alert (for example 'down', 'stopped', 'disk full').");
            return hints;
        }
        if (intent is null)
        {
            hints.Add($"No intent rule matched the alert name, expression, service labels or text (rules: {string.Join(", ", IntentRules.Keys)}): "
                + "only runbooks without 'intents:' are considered; name the failure in the alert or add a rule.");
        }
        if (Candidates.Count == 0 && intent is not null)
        {
            hints.Add(technology is null
                ? $"No runbook for os '{os}' declares 'intents: [{intent}]' without 'technologies:' (generic): add one, or declare the intent in an existing runbook."
                : $"No runbook for os '{os}' declares 'intents: [{intent}]' with 'technologies: [{technology}]' (or is generic for the intent): add '{technology}' to a runbook's technologies or write one.");
        }
        if (Candidates.Count > 1)
        {
            var (best, second) = (Candidates[0], Candidates[1]);
            hints.Add($"'{best.Runbook.Id}' won over '{second.Runbook.Id}' by {best.Combined - second.Combined:0.0} points; "
                + "a runbook written for the alert's technology gets the technology bonus, applies-to alert-names/labels/keywords add more.");
        }
        if (Extraction is { } extraction && extraction.Missing.Count > 0 && Candidates.Count > 0)
        {
            hints.Add($"Runbook '{Candidates[0].Runbook.Id}' found no safe value for {string.Join(", ", extraction.Missing)}: "
                + "add the label that holds it to the parameter's 'from:' list, or fix the value so it matches 'pattern:'.");
        }
        return hints;
    }
}
