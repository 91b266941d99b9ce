using System.Globalization;

namespace AeonNova.Core.Cost;

/// <summary>One Lambda invocation as billed: the function's configured memory and its duration rounded up to the ms.</summary>
public sealed record LambdaInvocation(string Function, int MemoryMb, long BilledMs)
{
    public double GbSeconds => MemoryMb / 1024.0 * BilledMs / 1000.0;
}

/// <summary>What one execution used, counted by the host that ran it.</summary>
public sealed record ExecutionUsage
{
    /// <summary>State transitions Step Functions bills (one per state entered, retries included).</summary>
    public int StateTransitions { get; init; }

    public IReadOnlyList<LambdaInvocation> Lambda { get; init; } = [];

    /// <summary>The plan's model id ("builtin-planner@…" when no model ran).</summary>
    public string Model { get; init; } = "";

    public int InputTokens { get; init; }

    public int OutputTokens { get; init; }

    /// <summary>SSM SendCommand calls (the remediation script; verification runs in a function).</summary>
    public int SsmCommands { get; init; }
}

/// <summary>The priced usage of one execution, each term kept so a reader can redo the sum.</summary>
public sealed record ExecutionCost
{
    public required ExecutionUsage Usage { get; init; }

    public required double TransitionsUsd { get; init; }

    public required double LambdaComputeUsd { get; init; }

    public required double LambdaRequestsUsd { get; init; }

    public required double ModelUsd { get; init; }

    /// <summary>How the model was priced ("amazon.nova-pro", or "unpriced" for the built-in planner / a local model).</summary>
    public required string ModelPricedAs { get; init; }

    public required double SsmUsd { get; init; }

    public double LambdaGbSeconds => Usage.Lambda.Sum(l => l.GbSeconds);

    public double TotalUsd => TransitionsUsd + LambdaComputeUsd + LambdaRequestsUsd + ModelUsd + SsmUsd;

    /// <summary>Prices usage with the same list the monthly estimate uses.</summary>
    public static ExecutionCost Price(ExecutionUsage usage, PriceList prices)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(prices);
        var (input, output, pricedAs) = prices.TokenPrices(usage.Model);
        return new ExecutionCost
        {
            Usage = usage,
            TransitionsUsd = usage.StateTransitions * prices.StepFunctionsPerTransition,
            LambdaComputeUsd = usage.Lambda.Sum(l => l.GbSeconds) * prices.LambdaArmPerGbSecond,
            LambdaRequestsUsd = usage.Lambda.Count * prices.LambdaPerRequest,
            ModelUsd = usage.InputTokens * input + usage.OutputTokens * output,
            ModelPricedAs = pricedAs,
            SsmUsd = usage.SsmCommands * prices.SsmPerCommand,
        };
    }

    /// <summary>The record's cost attributes (invariant culture, round-trip precision).</summary>
    public IReadOnlyDictionary<string, string> ToAttributes()
    {
        var culture = CultureInfo.InvariantCulture;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CostAttributes.TotalUsd] = TotalUsd.ToString("R", culture),
            [CostAttributes.Transitions] = Usage.StateTransitions.ToString(culture),
            [CostAttributes.LambdaInvocations] = Usage.Lambda.Count.ToString(culture),
            [CostAttributes.LambdaGbSeconds] = LambdaGbSeconds.ToString("R", culture),
            [CostAttributes.InputTokens] = Usage.InputTokens.ToString(culture),
            [CostAttributes.OutputTokens] = Usage.OutputTokens.ToString(culture),
            [CostAttributes.Model] = ModelPricedAs,
            [CostAttributes.SsmCommands] = Usage.SsmCommands.ToString(culture),
        };
    }

    /// <summary>The total cost a record carries, or null when it has none (recorded before cost was measured).</summary>
    public static double? TotalOf(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return attributes.TryGetValue(CostAttributes.TotalUsd, out var text) &&
               double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var usd)
            ? usd
            : null;
    }
}

/// <summary>Cost attribute names in the execution record (every store keeps free attributes) and the audit document.</summary>
public static class CostAttributes
{
    public const string TotalUsd = "cost.usd";
    public const string Transitions = "cost.transitions";
    public const string LambdaInvocations = "cost.lambdaInvocations";
    public const string LambdaGbSeconds = "cost.lambdaGbSeconds";
    public const string InputTokens = "cost.inputTokens";
    public const string OutputTokens = "cost.outputTokens";
    public const string Model = "cost.model";
    public const string SsmCommands = "cost.ssmCommands";
}
