using System.Reflection;
using AeonNova.Core.Observability;

namespace AeonNova.Core.Tests.Observability;

public sealed class MetricNamesTests
{
    private static readonly string[] NotMetrics = [nameof(MetricNames.Namespace), nameof(MetricNames.ServiceDimension), nameof(MetricNames.OutcomeDimension)];

    [Fact]
    public void All_WhenComparedWithTheConstants_ShouldListEveryMetricNameExactlyOnce()
    {
        var constants = typeof(MetricNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && !NotMetrics.Contains(f.Name))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(constants, MetricNames.All.Order(StringComparer.Ordinal));
        Assert.Equal(MetricNames.All.Count, MetricNames.All.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(MetricNames.AlertsAccepted, "aeonnova_alerts_accepted")]
    [InlineData(MetricNames.TimeToRemediate, "aeonnova_time_to_remediate")]
    [InlineData(MetricNames.DeadLetters, "aeonnova_dead_letters")]
    public void Prometheus_WhenGivenAName_ShouldBeTheSnakeCaseNameWithThePrefix(string name, string expected)
    {
        Assert.Equal(expected, MetricNames.Prometheus(name));
    }

    [Fact]
    public void Prometheus_WhenAppliedToEveryName_ShouldGiveDistinctNames()
    {
        Assert.Equal(MetricNames.All.Count, MetricNames.All.Select(MetricNames.Prometheus).Distinct(StringComparer.Ordinal).Count());
    }
}
