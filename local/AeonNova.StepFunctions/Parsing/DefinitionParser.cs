namespace AeonNova.StepFunctions.Parsing;

internal static class DefinitionParser
{
    public static ParseResult Parse(string json, IReadOnlyDictionary<string, string>? substitutions) =>
        throw new NotImplementedException(json + substitutions);
}

internal sealed record ParseResult(StateMachineDefinition? Definition, IReadOnlyList<AslValidationError> Errors);
