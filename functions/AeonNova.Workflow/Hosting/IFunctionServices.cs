using AeonNova.Approvals;
using AeonNova.Core.Ports;
using AeonNova.Core.Safety;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Observability;
using AeonNova.Workflow.Outbound;

namespace AeonNova.Workflow.Hosting;

/// <summary>
/// What the handlers are built from. On Lambda: AwsFunctionServices (AeonNova.Functions) (adapters created lazily from
/// environment variables, so each function only builds what it uses); in-process: <see cref="FunctionServices"/>.
/// </summary>
public interface IFunctionServices
{
    WorkflowOptions Options { get; }
    TimeProvider Clock { get; }
    FunctionRuntime Runtime(string functionName);
    IAlertStore Alerts { get; }
    IExecutionRecordStore Executions { get; }
    IAuditSink Audit { get; }
    IWorkflowStarter Starter { get; }
    IAlertQueue Queue { get; }
    IScriptValidator Validator { get; }
    IRunbookSearch Runbooks { get; }
    IAnalysisRequestFactory AnalysisRequests { get; }
    IModelPlanParser PlanParser { get; }
    IFallbackPlanner FallbackPlanner { get; }
    ApprovalService Approvals { get; }
    IApprovalCanceller ApprovalCanceller { get; }
    IAlertIntake AlertIntake { get; }
    CloseOutService CloseOut { get; }
}

/// <summary>In-process composition: every member given (tests, local host, benchmarks).</summary>
public sealed record FunctionServices : IFunctionServices
{
    public WorkflowOptions Options { get; init; } = new();
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public TextWriter LogOutput { get; init; } = TextWriter.Null;
    public LogLevel LogLevel { get; init; } = LogLevel.Info;
    public required IAlertStore Alerts { get; init; }
    public required IExecutionRecordStore Executions { get; init; }
    public required IAuditSink Audit { get; init; }
    public required IWorkflowStarter Starter { get; init; }
    public required IAlertQueue Queue { get; init; }
    public required IScriptValidator Validator { get; init; }
    public required IRunbookSearch Runbooks { get; init; }
    public required IAnalysisRequestFactory AnalysisRequests { get; init; }
    public required IModelPlanParser PlanParser { get; init; }
    public required IFallbackPlanner FallbackPlanner { get; init; }
    public required ApprovalService Approvals { get; init; }
    public required IApprovalCanceller ApprovalCanceller { get; init; }
    public required IAlertIntake AlertIntake { get; init; }
    public required CloseOutService CloseOut { get; init; }

    public FunctionRuntime Runtime(string functionName) => FunctionRuntime.InProcess(functionName, LogOutput, Clock, LogLevel);

    /// <summary>The argument check handler constructors chain through.</summary>
    public static IFunctionServices Require(IFunctionServices services) => services ?? throw new ArgumentNullException(nameof(services));
}
