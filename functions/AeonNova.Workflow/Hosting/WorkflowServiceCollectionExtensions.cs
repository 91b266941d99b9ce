using AeonNova.Approvals;
using AeonNova.Core.Cost;
using AeonNova.Core.Ports;
using AeonNova.Core.Safety;
using AeonNova.Core.Workflow;
using AeonNova.Safety;
using AeonNova.Workflow.Approvals;
using AeonNova.Workflow.Commands;
using AeonNova.Workflow.Handlers;
using AeonNova.Workflow.Outbound;
using AeonNova.Workflow.Planning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AeonNova.Workflow.Hosting;

/// <summary>
/// The workflow's one composition root. Every host (the Lambda deployable, `aeonnova serve`, the workflow test
/// harness, the benchmarks) calls <see cref="AddAeonNovaWorkflow"/> and then registers only its adapters:
/// <list type="bullet">
/// <item>required: <see cref="IAlertStore"/>, <see cref="IExecutionRecordStore"/>, <see cref="IAuditSink"/>,
/// <see cref="IWorkflowStarter"/>, <see cref="IAlertQueue"/>, <see cref="IAlertIntake"/>, <see cref="ApprovalService"/>,
/// <see cref="AnalysisPlanning"/> (runbooks, prompts, model), <see cref="IFunctionRuntimes"/> (where logs go),
/// <see cref="ICommandLedgerStore"/> and <see cref="ICommandSender"/> (the SendCommand step's ledger and command service);</item>
/// <item>optional (defaults here): <see cref="TimeProvider"/>, <see cref="CommandLedgerOptions"/> (AWS lease; single-process hosts pass theirs), <see cref="IScriptValidator"/>, <see cref="CloseOutOptions"/>,
/// the <see cref="HttpClient"/> close-out calls go through.</item>
/// </list>
/// Step handlers are keyed by their <see cref="WorkflowContract"/> name (<c>GetRequiredKeyedService&lt;IStreamFunction&gt;("Enrich")</c>).
/// Everything is a singleton built on first use, so a Lambda function only creates the adapters its handler needs.
/// </summary>
public static class WorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddAeonNovaWorkflow(this IServiceCollection services, WorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IScriptValidator>(_ => new ScriptValidator());
        services.TryAddSingleton(new CloseOutOptions());
        services.TryAddSingleton(CommandLedgerOptions.Aws);
        services.TryAddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
        services.TryAddSingleton<IApprovalCanceller>(sp => new ApprovalCanceller(sp.GetRequiredService<ApprovalService>()));

        // The analysis domain behind the planning ports.
        services.TryAddSingleton<IRunbookSearch>(sp => sp.GetRequiredService<AnalysisPlanning>());
        services.TryAddSingleton<IAnalysisRequestFactory>(sp => sp.GetRequiredService<AnalysisPlanning>());
        services.TryAddSingleton<IModelPlanParser>(sp => sp.GetRequiredService<AnalysisPlanning>());
        services.TryAddSingleton<IFallbackPlanner>(sp => sp.GetRequiredService<AnalysisPlanning>());

        // Application services, each over the ports it names.
        services.AddSingleton(sp => new IngestService(sp.GetRequiredService<IAlertIntake>(), sp.GetRequiredService<IAlertStore>(),
            sp.GetRequiredService<IAlertQueue>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<SnsHandshake>() ?? SnsHandshake.Disabled));
        services.AddSingleton(sp => new AlertDispatcher(sp.GetRequiredService<IAlertIntake>(), sp.GetRequiredService<IAlertStore>(),
            sp.GetRequiredService<IWorkflowStarter>(), sp.GetRequiredService<IApprovalCanceller>(), options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ExecutionHistory(sp.GetRequiredService<IExecutionRecordStore>(), sp.GetRequiredService<IRunbookSearch>(),
            options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SafetyGate(sp.GetRequiredService<IScriptValidator>(), options));
        services.AddSingleton(sp => new VerificationService(sp.GetRequiredService<IAlertStore>(), options));
        // Every host registers its IExecutionUsageMeter (engine history locally, GetExecutionHistory on AWS).
        services.TryAddSingleton(new PriceList());
        services.AddSingleton(sp => new OutcomeRecorder(sp.GetRequiredService<IExecutionRecordStore>(), sp.GetRequiredService<IAuditSink>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IExecutionUsageMeter>(), sp.GetRequiredService<PriceList>()));
        services.AddSingleton(sp => new CommandLedgerSender(sp.GetRequiredService<ICommandLedgerStore>(), sp.GetRequiredService<ICommandSender>(),
            sp.GetRequiredService<CommandLedgerOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CloseOutService(sp.GetRequiredService<HttpClient>(), sp.GetRequiredService<CloseOutOptions>(),
            sp.GetRequiredService<TimeProvider>()));

        // The step handlers the state machine invokes through ${<Name>FunctionArn}.
        services.AddKeyedSingleton<IStreamFunction, RecordReceivedHandler>("RecordReceived");
        services.AddKeyedSingleton<IStreamFunction, EnrichHandler>("Enrich");
        services.AddKeyedSingleton<IStreamFunction, BuildAnalysisRequestHandler>("BuildAnalysisRequest");
        services.AddKeyedSingleton<IStreamFunction, ParsePlanHandler>("ParsePlan");
        services.AddKeyedSingleton<IStreamFunction, BuiltinPlannerHandler>("BuiltinPlanner");
        services.AddKeyedSingleton<IStreamFunction, ValidateScriptHandler>("ValidateScript");
        services.AddKeyedSingleton<IStreamFunction, PrepareApprovalHandler>("PrepareApproval");
        services.AddKeyedSingleton<IStreamFunction, EscalateHandler>("Escalate");
        services.AddKeyedSingleton<IStreamFunction, VerifyHandler>("Verify");
        services.AddKeyedSingleton<IStreamFunction, CheckAlertHandler>("CheckAlert");
        services.AddKeyedSingleton<IStreamFunction, RecordOutcomeHandler>("RecordOutcome");
        services.AddKeyedSingleton<IStreamFunction, CloseOutHandler>("CloseOut");
        services.AddKeyedSingleton<IStreamFunction, SendCommandHandler>("SendCommand");
        return services;
    }
}
