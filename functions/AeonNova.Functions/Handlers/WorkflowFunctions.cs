using AeonNova.Functions.Hosting;
using AeonNova.Workflow.Hosting;

namespace AeonNova.Functions.Handlers;

// The Lambda entry points of the workflow's step handlers (handler string
// AeonNova.Functions::AeonNova.Functions.Handlers.<Name>Function::Handle, see WorkflowContract). Each declares its
// own Handle method for the managed runtime and holds the step handler built once per container from the AWS
// adapters; the handlers themselves live in AeonNova.Workflow and run unchanged in the local engine.

/// <summary>Lambda entry point of the RecordReceived step.</summary>
public sealed class RecordReceivedFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("RecordReceived");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the Enrich step.</summary>
public sealed class EnrichFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("Enrich");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the BuildAnalysisRequest step.</summary>
public sealed class BuildAnalysisRequestFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("BuildAnalysisRequest");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the ParsePlan step.</summary>
public sealed class ParsePlanFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("ParsePlan");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the BuiltinPlanner step.</summary>
public sealed class BuiltinPlannerFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("BuiltinPlanner");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the ValidateScript step.</summary>
public sealed class ValidateScriptFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("ValidateScript");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the PrepareApproval step.</summary>
public sealed class PrepareApprovalFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("PrepareApproval");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the Escalate step.</summary>
public sealed class EscalateFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("Escalate");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the CheckAlert step (settle, pre-execution and approval-error checks).</summary>
public sealed class CheckAlertFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("CheckAlert");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the Verify step.</summary>
public sealed class VerifyFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("Verify");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the RecordOutcome step.</summary>
public sealed class RecordOutcomeFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("RecordOutcome");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}

/// <summary>Lambda entry point of the CloseOut step.</summary>
public sealed class CloseOutFunction : IStreamFunction
{
    private readonly IStreamFunction _handler = AwsFunctionServices.Handler("CloseOut");

    public Task<Stream> Handle(Stream input) => _handler.Handle(input);
}
