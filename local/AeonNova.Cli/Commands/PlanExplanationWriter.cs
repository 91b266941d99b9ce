using System.Text.Json;
using AeonNova.Analysis.Planning;
using AeonNova.Analysis.Planning.Intents;
using AeonNova.Core.Safety;

namespace AeonNova.Cli.Commands;

/// <summary>
/// The "explain" object of <c>aeonnova plan --explain</c>: intent, technology and OS with the evidence that decided them,
/// every eligible runbook with its score parts, the parameter extraction, and hints naming the front matter to edit.
/// </summary>
internal static class PlanExplanationWriter
{
    public static void Write(Utf8JsonWriter writer, PlannerExplanation explanation)
    {
        writer.WriteStartObject();
        WriteClassification(writer, "intent", explanation.Profile.Intent);
        WriteClassification(writer, "technology", explanation.Profile.Technology);
        writer.WriteStartObject("os");
        writer.WriteString("value", explanation.Profile.Os.ToString().ToLowerInvariant());
        writer.WriteString("evidence", explanation.Profile.OsEvidence);
        writer.WriteString("language", explanation.Language == ScriptLanguage.PowerShell ? "powershell" : "bash");
        writer.WriteEndObject();
        writer.WriteStartArray("candidates");
        foreach (var c in explanation.Candidates)
        {
            writer.WriteStartObject();
            writer.WriteString("runbook", c.Runbook.Id);
            writer.WriteNumber("score", Math.Round(c.Combined, 2));
            writer.WriteNumber("retrieval", Math.Round(c.RetrievalScore, 2));
            writer.WriteBoolean("intentMatched", c.IntentMatched);
            writer.WriteBoolean("technologyMatched", c.TechnologyMatched);
            if (c.Evidence.AlertNamePattern is { } pattern)
            {
                writer.WriteString("alertNamePattern", pattern);
            }
            writer.WriteNumber("labelMatches", c.Evidence.LabelMatches);
            writer.WriteNumber("keywordMatches", c.Evidence.KeywordMatches);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (explanation.Extraction is { } extraction)
        {
            writer.WriteStartObject("parameters");
            writer.WriteStartObject("from");
            foreach (var (name, origin) in extraction.Origins)
            {
                writer.WriteString(name, origin);
            }
            writer.WriteEndObject();
            WriteStrings(writer, "missing", extraction.Missing);
            WriteStrings(writer, "rejected", extraction.Rejected);
            writer.WriteEndObject();
        }
        WriteStrings(writer, "hints", explanation.Hints());
        writer.WriteEndObject();
    }

    private static void WriteClassification(Utf8JsonWriter writer, string name, Classification c)
    {
        writer.WriteStartObject(name);
        if (c.Key is null)
        {
            writer.WriteNull("key");
        }
        else
        {
            writer.WriteString("key", c.Key);
        }
        writer.WriteNumber("score", c.Score);
        writer.WriteStartArray("evidence");
        foreach (var e in c.Evidence)
        {
            writer.WriteStartObject();
            writer.WriteString("field", JsonNamingPolicy.CamelCase.ConvertName(e.Field.ToString()));
            writer.WriteNumber("weight", e.Weight);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("runnersUp");
        foreach (var (key, score) in c.Runners)
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WriteNumber("score", score);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }
        writer.WriteEndArray();
    }
}
