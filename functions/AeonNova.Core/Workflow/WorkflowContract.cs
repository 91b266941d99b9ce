namespace AeonNova.Core.Workflow;

/// <summary>
/// The single list of functions and ASL placeholders shared by statemachines/*.asl.json, the CDK app
/// (DefinitionSubstitutions) and the local engine's registry. A contract test asserts all three agree.
/// </summary>
public static class WorkflowContract
{
    /// <summary>Assembly that holds every Lambda entry point.</summary>
    public const string FunctionsAssembly = "AeonNova.Functions";

    /// <summary>Every deployable function: logical name and the managed-runtime handler string.</summary>
    public static IReadOnlyList<FunctionDefinition> Functions { get; } =
    [
        // API Gateway / SQS driven (not referenced from the ASL).
        Fn("Ingest", inWorkflow: false),
        Fn("ParseAlerts", inWorkflow: false),
        Fn("ApprovalApi", inWorkflow: false),
        // Called by the state machine through ${<Name>FunctionArn}.
        Fn("RecordReceived"),
        Fn("Enrich"),
        Fn("BuildAnalysisRequest"),
        Fn("ParsePlan"),
        Fn("BuiltinPlanner"),
        Fn("ValidateScript"),
        Fn("PrepareApproval"),
        Fn("Escalate"),
        Fn("CheckAlert"),
        // ExecuteScript and ExecuteRollback: the command ledger, then SSM SendCommand at most once per key.
        Fn("SendCommand"),
        Fn("Verify"),
        Fn("RecordOutcome"),
        Fn("CloseOut"),
    ];

    /// <summary>Placeholders that are not function ARNs.</summary>
    public static IReadOnlyList<string> ResourcePlaceholders { get; } =
    [
        "BedrockModelId",
        "ApprovalTopicArn",
        "ExecutionsTableName",
    ];

    /// <summary>Every ${…} key the ASL files may use (function ARNs first, then resources).</summary>
    public static IReadOnlyList<string> PlaceholderKeys { get; } =
        [.. Functions.Where(f => f.InWorkflow).Select(f => f.PlaceholderKey), .. ResourcePlaceholders];

    private static FunctionDefinition Fn(string name, bool inWorkflow = true) => new(
        name,
        $"{FunctionsAssembly}::{FunctionsAssembly}.Handlers.{name}Function::Handle",
        inWorkflow);
}

/// <param name="Name">Logical name, PascalCase (e.g. "Enrich").</param>
/// <param name="Handler">Managed dotnet10 runtime handler: Assembly::Namespace.Type::Method (Stream → Stream).</param>
/// <param name="InWorkflow">True when the state machine invokes it via ${NameFunctionArn}.</param>
public sealed record FunctionDefinition(string Name, string Handler, bool InWorkflow)
{
    public string PlaceholderKey => $"{Name}FunctionArn";
}
