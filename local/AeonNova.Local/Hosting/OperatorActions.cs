using AeonNova.Approvals;
using AeonNova.Local.Auth;
using AeonNova.Local.Ui;
using AeonNova.StepFunctions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AeonNova.Local.Hosting;

/// <summary>
/// State-changing operator actions of the JSON API (the sign-in gate lets only the operator role through, and only
/// from this server's own origin). Cancelling stops the execution and retires its open approval, so no link can
/// decide for a stopped workflow. Re-driving a dead letter queues its (redacted) message again, so it goes through
/// intake (parsing, redaction, dedupe) once more; the letter is kept and marked.
/// </summary>
public static class OperatorActions
{
    public static void Map(WebApplication app, HostServices services)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(services);
        var approvals = app.Services.GetRequiredService<ApprovalService>();
        app.MapPost("/dead-letters/{id:long}/redrive", async (HttpContext context, long id) =>
        {
            var by = OperatorAuth.Current(context)?.Name ?? "operator";
            var outcome = services.Queue.Redrive(id, by);
            switch (outcome.Status)
            {
                case Storage.DeadLetterRedriveStatus.NotFound:
                    await JsonBodies.ErrorAsync(context, StatusCodes.Status404NotFound, "not_found", $"no dead letter {id}");
                    return;
                case Storage.DeadLetterRedriveStatus.AlreadyRedriven:
                    await JsonBodies.ErrorAsync(context, StatusCodes.Status409Conflict, "already_redriven", $"dead letter {id} was already re-driven as queue message {outcome.QueueId}");
                    return;
            }
            await JsonBodies.WriteAsync(context, StatusCodes.Status202Accepted, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("deadLetter", id);
                w.WriteNumber("queueMessage", outcome.QueueId!.Value);
                w.WriteString("redrivenBy", by);
                w.WriteEndObject();
            });
        });
        app.MapPost("/executions/{id}/cancel", async (HttpContext context, string id) =>
        {
            var snapshot = services.Executions.Find(id);
            if (snapshot is null)
            {
                await JsonBodies.ErrorAsync(context, StatusCodes.Status404NotFound, "not_found", $"no execution named '{id}'");
                return;
            }
            if (snapshot.Status != ExecutionStatus.Running)
            {
                await JsonBodies.ErrorAsync(context, StatusCodes.Status409Conflict, "not_running", $"execution '{id}' is {snapshot.Status.ToApiString()}");
                return;
            }
            var by = OperatorAuth.Current(context)?.Name ?? "operator";
            await services.Runtime.Engine.StopExecutionAsync(snapshot.ExecutionArn, "Cancelled", $"cancelled by {by}", context.RequestAborted);
            foreach (var open in ApprovalQueries.Open(services.Database).Where(a => a.ExecutionId == snapshot.ExecutionArn || a.ExecutionId == snapshot.Name))
            {
                // Expire, not cancel: the workflow is already stopped, so there is no task token to release.
                await approvals.ExpireAsync(open.Id, context.RequestAborted);
            }
            await JsonBodies.WriteAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("name", snapshot.Name);
                w.WriteString("status", "ABORTED");
                w.WriteString("cancelledBy", by);
                w.WriteEndObject();
            });
        });
    }
}
