namespace AeonNova.Jsonata;

/// <summary>Evaluation settings: the clock and random source (never ambient), and the Step Functions dialect.</summary>
public sealed record JsonataOptions
{
    /// <summary>Clock for $now/$millis; the evaluation reads it once, so every call in one evaluation agrees.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Source for $random/$shuffle/$uuid; a value in [0, 1).</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    /// <summary>Step Functions' dialect: adds $partition, $range, $hash, $uuid, $parse, a seedable $random, and refuses $eval
    /// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).</summary>
    public bool StepFunctions { get; init; }

    public static JsonataOptions Default { get; } = new();
}
