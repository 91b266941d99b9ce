using AeonNova.Infra.Cost;
using AeonNova.Infra.Tests.Support;

namespace AeonNova.Infra.Tests.Cost;

public sealed class AslCostPathTests
{
    private static readonly string Definition = File.ReadAllText(RepoLayout.Fixture("cost-loop.asl.json"));

    [Fact]
    public void Analyze_WhenRouteEntersALoop_ShouldAddEveryLoopStateForEachExtraRound()
    {
        var path = AslCostPath.Analyze(Definition, ["Model", "Finish"], extraLoopIterations: 2);

        Assert.Equal(["Start", "Choose", "Model", "Poll", "Done", "Finish"], path.States);
        // 6 on the route + 2 extra rounds of Poll → Done → Wait.
        Assert.Equal(12, path.Transitions);
        Assert.Equal(1, path.PlaceholderUses["StartFunctionArn"]);
        Assert.Equal(3, path.PlaceholderUses["PollFunctionArn"]);
        Assert.Equal(1, path.BedrockCalls);
        Assert.Equal(0, path.SnsPublishes);
    }

    [Fact]
    public void Analyze_WhenNoExtraRounds_ShouldCountTheRouteOnly()
    {
        var path = AslCostPath.Analyze(Definition, ["Model", "Finish"], extraLoopIterations: 0);

        Assert.Equal(6, path.Transitions);
        Assert.Equal(1, path.PlaceholderUses["PollFunctionArn"]);
    }

    [Fact]
    public void Analyze_WhenNoWaypoints_ShouldTakeTheShortestRouteToAnEndAndSkipLoopsItDoesNotEnter()
    {
        var path = AslCostPath.Analyze(Definition, [], extraLoopIterations: 2);

        Assert.Equal(["Start", "Choose", "Cheap", "Finish"], path.States);
        Assert.Equal(4, path.Transitions);
        Assert.Equal(0, path.BedrockCalls);
        Assert.False(path.PlaceholderUses.ContainsKey("PollFunctionArn"));
    }

    [Fact]
    public void Analyze_WhenWaypointIsNotAState_ShouldNameIt()
    {
        var ex = Assert.Throws<FormatException>(() => AslCostPath.Analyze(Definition, ["Analyse"], 2));
        Assert.Contains("'Analyse' is not a state", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_WhenWaypointIsOnlyReachableThroughACatch_ShouldSayThereIsNoRoute()
    {
        var ex = Assert.Throws<FormatException>(() => AslCostPath.Analyze(Definition, ["Failed"], 2));
        Assert.Contains("no route from 'Start' to cost scenario waypoint 'Failed'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_WhenNextNamesAMissingState_ShouldNameTheState()
    {
        var broken = Definition.Replace("\"Next\": \"Finish\"", "\"Next\": \"Finnish\"", StringComparison.Ordinal);
        var ex = Assert.Throws<FormatException>(() => AslCostPath.Analyze(broken, ["Finish"], 2));
        Assert.Contains("'Finnish', which does not exist", ex.Message, StringComparison.Ordinal);
    }
}
