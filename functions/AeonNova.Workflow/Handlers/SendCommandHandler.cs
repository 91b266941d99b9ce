using AeonNova.Core.Workflow;
using AeonNova.Workflow.Commands;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Json;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Handlers;

/// <summary>
/// SendCommand (states ExecuteScript and ExecuteRollback): the ledger-backed send of the validated command, at most
/// once per execution, step and script, on both hosts (<see cref="CommandLedgerSender"/>).
/// </summary>
public sealed class SendCommandHandler : StreamFunction<SendCommandInput, CommandRef>
{
    private readonly CommandLedgerSender _sender;

    public SendCommandHandler(IFunctionRuntimes runtimes, CommandLedgerSender sender)
        : base(runtimes, "SendCommand", WorkflowJsonContext.Default.SendCommandInput, WorkflowJsonContext.Default.CommandRef) =>
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));

    protected override async Task<CommandRef> HandleAsync(SendCommandInput input, Invocation invocation)
    {
        var execution = input.ExecutionId[(input.ExecutionId.LastIndexOf(':') + 1)..];
        invocation.Log.CorrelationId = execution;
        var result = await _sender.SendAsync(input);
        invocation.Log.Info("command sent", ("execution_name", execution), ("step", result.Step), ("command_id", result.CommandId),
            ("idempotency_key", result.IdempotencyKey), ("origin", result.Origin), ("attempts", result.Attempts));
        return result;
    }
}
