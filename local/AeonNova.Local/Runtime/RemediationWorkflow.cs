using AeonNova.Approvals;
using AeonNova.Approvals.Chat;
using AeonNova.Approvals.Email;
using AeonNova.Workflow.Planning;
using AeonNova.Local.Hosting;
using AeonNova.Local.Workflow;
using AeonNova.StepFunctions;
using Microsoft.Extensions.DependencyInjection;

namespace AeonNova.Local.Runtime;

/// <summary>
/// statemachines/remediation.asl.json on the host's engine, with the real handlers in-process and the host's
/// adapters behind every AWS integration: SQLite stores, .eml outbox + approval pages, executors for SSM.
/// </summary>
public static class RemediationWorkflow
{
    public static StateMachineInfo Register(IServiceProvider provider, HostServices services, Func<string, string> findFolder)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(findFolder);
        var approvals = provider.GetRequiredService<ApprovalService>();
        var definition = services.Options.Workflow.Definition.Length > 0
            ? services.Options.Workflow.Definition
            : Path.Combine(findFolder("statemachines"), "remediation.asl.json");
        var model = services.Options.Model;
        var useModel = model.Endpoint.Length > 0;
        var workflow = LocalWorkflow.Register(services.Runtime.Engine, definition, provider, new LocalIntegrations
        {
            Model = useModel
                ? new OpenAiCompatibleModelInvoker(new HttpClient { Timeout = TimeSpan.FromSeconds(ModelTimeoutSeconds) }, new Uri(model.Endpoint), model.Model,
                    model.ApiKeyEnv.Length > 0 ? Environment.GetEnvironmentVariable(model.ApiKeyEnv) : null)
                : new NoModel(),
            Outbox = new OutboxPublisher(approvals, provider.GetRequiredService<EmlOutbox>(), provider.GetServices<IApprovalChatNotifier>(),
                ChatErrorLog(provider)),
            Executor = services.Commands,
            Approvals = approvals,
            Executions = services.Records,
        }, modelId: useModel ? model.Model : "amazon.nova-pro-v1:0");
        return workflow.StateMachine;
    }

    /// <summary>
    /// The analysis behind the workflow's planning ports: runbooks, and the prompts of the configured
    /// OpenAI-compatible model when there is one (else the built-in planner alone).
    /// </summary>
    public static AnalysisPlanning Planning(Config.ModelOptions model, Func<string, string> findFolder)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(findFolder);
        return model.Endpoint.Length > 0
            ? ModelPlanning(findFolder("runbooks"), findFolder("prompts"), model)
            : AnalysisPlanning.Load(findFolder("runbooks"), findFolder("prompts"), modelId: null);
    }

    private const int ModelTimeoutSeconds = 60;

    private static Action<string, Exception> ChatErrorLog(IServiceProvider provider)
    {
        var logger = provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("AeonNova.Approvals.Chat");
        return (chat, ex) => Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, ex, "posting the approval to {Chat} failed", chat);
    }

    /// <summary>
    /// Prompts for the configured OpenAI-compatible model: its own entry in prompts/models.json if it has one, else
    /// the settings of the catalogue's openai-compatible entry under the configured name.
    /// </summary>
    private static AnalysisPlanning ModelPlanning(string runbooksDirectory, string promptsDirectory, Config.ModelOptions model)
    {
        var registry = AeonNova.Analysis.Model.ModelRegistry.LoadFromDirectory(promptsDirectory);
        var config = registry.Models.FirstOrDefault(m => m.Id == model.Model)
            ?? (registry.Models.FirstOrDefault(m => m.Provider == "openai-compatible")
                ?? throw new InvalidOperationException("prompts/models.json lists no openai-compatible model to take the prompt settings from"))
                with { Id = model.Model, Endpoint = model.Endpoint };
        var requests = new AeonNova.Analysis.Model.AnalysisRequestBuilder(config, registry.PromptFor(config));
        return new AnalysisPlanning(AnalysisPlanning.LoadRunbooks(runbooksDirectory), requests);
    }
}
