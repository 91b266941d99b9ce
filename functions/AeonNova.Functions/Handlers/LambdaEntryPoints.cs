using AeonNova.Functions.Hosting;
using AeonNova.Workflow.Hosting;

namespace AeonNova.Functions.Handlers;

// The Lambda entry points, one per WorkflowContract function (handler string
// AeonNova.Functions::AeonNova.Functions.Handlers.<Name>Function::Handle). The managed runtime creates one instance per
// execution environment; each declares its own Handle method and holds the handler the Lambda host resolves once
// (the workflow's step handlers from AeonNova.Workflow, the Lambda event handlers from this project).

/// <summary>Lambda entry point of Ingest.</summary>
public sealed class IngestFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("Ingest");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of ParseAlerts.</summary>
public sealed class ParseAlertsFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("ParseAlerts");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of ApprovalApi.</summary>
public sealed class ApprovalApiFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("ApprovalApi");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of RecordReceived.</summary>
public sealed class RecordReceivedFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("RecordReceived");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of Enrich.</summary>
public sealed class EnrichFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("Enrich");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of BuildAnalysisRequest.</summary>
public sealed class BuildAnalysisRequestFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("BuildAnalysisRequest");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of ParsePlan.</summary>
public sealed class ParsePlanFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("ParsePlan");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of BuiltinPlanner.</summary>
public sealed class BuiltinPlannerFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("BuiltinPlanner");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of ValidateScript.</summary>
public sealed class ValidateScriptFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("ValidateScript");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of PrepareApproval.</summary>
public sealed class PrepareApprovalFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("PrepareApproval");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of Escalate.</summary>
public sealed class EscalateFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("Escalate");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of Verify.</summary>
public sealed class VerifyFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("Verify");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of RecordOutcome.</summary>
public sealed class RecordOutcomeFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("RecordOutcome");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of CloseOut.</summary>
public sealed class CloseOutFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("CloseOut");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the CheckAlert step (settle, pre-execution and approval-error checks).</summary>
public sealed class CheckAlertFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("CheckAlert");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of SendCommand (ExecuteScript, ExecuteRollback): command ledger, then SSM SendCommand once.</summary>
public sealed class SendCommandFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = LambdaHost.Handler("SendCommand");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}
