using AeonNova.Core.Workflow;

namespace AeonNova.Core.Cost;

/// <summary>One execution history event as both hosts report it: the Step Functions HistoryEventType name, its time,
/// and the task resource (a function ARN for LambdaFunction* events).</summary>
public sealed record UsageEvent(string Type, DateTimeOffset Timestamp, string? Resource = null);

/// <summary>
/// Counts billed usage from an execution history (GetExecutionHistory on AWS, the in-process engine's history locally),
/// so both hosts count the same way. Step Functions bills a transition for every state entered and for every retry
/// (aws.amazon.com/step-functions/pricing: "including retries"); Lambda bills configured memory × duration rounded up
/// to the millisecond per invocation, measured here from LambdaFunctionStarted to its Succeeded/Failed/TimedOut event.
/// The memory is the function's CDK setting (<see cref="FunctionSizing"/>).
/// </summary>
public static class ExecutionUsageCounter
{
    public static ExecutionUsage Count(IEnumerable<UsageEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var transitions = 0;
        var attemptsInState = 0;
        var lambda = new List<LambdaInvocation>();
        (string? Resource, DateTimeOffset Start)? running = null;
        foreach (var e in events.OrderBy(e => e.Timestamp))
        {
            if (e.Type.EndsWith("StateEntered", StringComparison.Ordinal))
            {
                transitions += 1 + Math.Max(0, attemptsInState - 1);
                attemptsInState = 0;
            }

            switch (e.Type)
            {
                case "LambdaFunctionScheduled" or "TaskScheduled":
                    attemptsInState++;
                    running = e.Type == "LambdaFunctionScheduled" ? (e.Resource, e.Timestamp) : null;
                    break;
                case "LambdaFunctionStarted" when running is { } scheduled:
                    running = (e.Resource ?? scheduled.Resource, e.Timestamp);
                    break;
                case "LambdaFunctionSucceeded" or "LambdaFunctionFailed" or "LambdaFunctionTimedOut" when running is { } started:
                    var name = FunctionName(e.Resource ?? started.Resource);
                    var ms = (long)Math.Ceiling(Math.Max(0, (e.Timestamp - started.Start).TotalMilliseconds));
                    lambda.Add(new LambdaInvocation(name, FunctionSizing.For(name).MemoryMb, ms));
                    running = null;
                    break;
            }
        }

        transitions += Math.Max(0, attemptsInState - 1);
        return new ExecutionUsage { StateTransitions = transitions, Lambda = lambda };
    }

    /// <summary>
    /// The WorkflowContract function an ARN invokes ("arn:aws:lambda:r:a:function:aeonnova-dev-RecordOutcome:live" →
    /// "RecordOutcome"): the longest contract name the ARN's function name ends with; else the function name itself.
    /// </summary>
    public static string FunctionName(string? resource)
    {
        var text = resource ?? "";
        var marker = text.IndexOf(":function:", StringComparison.Ordinal);
        var function = marker < 0 ? text : text[(marker + ":function:".Length)..];
        var qualifier = function.IndexOf(':', StringComparison.Ordinal);
        function = qualifier < 0 ? function : function[..qualifier];
        string? longest = null;
        foreach (var contract in WorkflowContract.Functions)
        {
            if (function.EndsWith(contract.Name, StringComparison.Ordinal) && contract.Name.Length > (longest?.Length ?? -1))
            {
                longest = contract.Name;
            }
        }
        return longest ?? function;
    }
}
