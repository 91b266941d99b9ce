using AeonNova.StepFunctions.Model;
using AeonNova.StepFunctions.Parsing;

namespace AeonNova.StepFunctions;

/// <summary>
/// A parsed, validated and pre-compiled Amazon States Language definition (JSONPath query language).
/// <c>${Placeholder}</c> values stay as written unless a substitution is given for them.
/// </summary>
public sealed class StateMachineDefinition
{
    internal StateMachineDefinition(StateScope root, string json, IReadOnlyList<TaskStateInfo> tasks, IReadOnlyCollection<string> placeholders, string? comment, int? timeoutSeconds)
    {
        Root = root;
        Json = json;
        Tasks = tasks;
        Placeholders = placeholders;
        Comment = comment;
        TimeoutSeconds = timeoutSeconds;
    }

    internal StateScope Root { get; }

    /// <summary>The definition text after substitutions.</summary>
    public string Json { get; }

    public string StartAt => Root.StartAt;

    public string? Comment { get; }

    /// <summary>The execution's TimeoutSeconds, when set.</summary>
    public int? TimeoutSeconds { get; }

    /// <summary>Top-level state names in definition order.</summary>
    public IReadOnlyList<string> StateNames => Root.StateNames;

    /// <summary>Every Task state, nested ones included, with its resource.</summary>
    public IReadOnlyList<TaskStateInfo> Tasks { get; }

    /// <summary><c>${Key}</c> placeholder keys still present in the definition (after substitutions).</summary>
    public IReadOnlyCollection<string> Placeholders { get; }

    /// <summary>Parses and validates; throws <see cref="AslDefinitionException"/> listing every error with its JSON path.</summary>
    /// <param name="json">The definition text.</param>
    /// <param name="substitutions">Values for <c>${Key}</c> placeholders (CDK DefinitionSubstitutions semantics: whole string values and embedded occurrences).</param>
    /// <param name="source">File name or other origin, used in error messages.</param>
    public static StateMachineDefinition Parse(string json, IReadOnlyDictionary<string, string>? substitutions = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var result = DefinitionParser.Parse(json, substitutions);
        if (result.Errors.Count > 0 || result.Definition is null)
        {
            throw new AslDefinitionException(result.Errors, source);
        }
        return result.Definition;
    }

    /// <summary>Reads a file and parses it; errors name the file.</summary>
    public static StateMachineDefinition Load(string path, IReadOnlyDictionary<string, string>? substitutions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AslDefinitionException([new AslValidationError("$", $"cannot read file: {ex.Message}")], path);
        }
        return Parse(json, substitutions, path);
    }

    /// <summary>Validates without throwing: an empty list means the definition is valid.</summary>
    public static IReadOnlyList<AslValidationError> Validate(string json, IReadOnlyDictionary<string, string>? substitutions = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return DefinitionParser.Parse(json, substitutions).Errors;
    }
}

/// <summary>A Task state of a definition (nested states included).</summary>
/// <param name="StateName">The state's name.</param>
/// <param name="Resource">Its Resource after substitutions.</param>
/// <param name="Path">JSON path of the state, e.g. <c>$.States.Steps.ItemProcessor.States.Exec</c>.</param>
/// <param name="PlaceholderKey">The <c>${Key}</c> the Resource was written with, when it was a placeholder.</param>
public sealed record TaskStateInfo(string StateName, string Resource, string Path, string? PlaceholderKey);
