using AeonNova.StepFunctions.Resources;

namespace AeonNova.StepFunctions.Tests;

public sealed class DefinitionTests
{
    [Fact]
    [Trait("Spec", "ASL validation: errors are collected with JSON paths and reported together, naming the file")]
    public void Load_WhenDefinitionInvalid_ShouldThrowWithFileAndAllPaths()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.asl.json");
        File.WriteAllText(file, """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"C":{"Type":"Task","End":true}}}""");
        try
        {
            var ex = Assert.Throws<AslDefinitionException>(() => StateMachineDefinition.Load(file));

            Assert.Equal(file, ex.Source);
            Assert.Contains(ex.Errors, e => e.Path == "$.States.A.Next");
            Assert.Contains(ex.Errors, e => e.Path == "$.States.C.Resource");
            Assert.Contains(ex.Errors, e => e.Path == "$.States.C" && e.Message.Contains("not reachable", StringComparison.Ordinal));
            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    [Trait("Spec", "ASL validation: malformed JSON is reported with line and position")]
    public void Validate_WhenNotJson_ShouldGiveLineAndPosition()
    {
        var errors = StateMachineDefinition.Validate("{\n  \"StartAt\": \"A\",\n  oops\n}");

        var error = Assert.Single(errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Spec", "CDK DefinitionSubstitutions: ${Key} placeholders stay as written unless substituted; the registry still binds by key")]
    public async Task Parse_WhenSubstituted_ShouldReplaceValuesAndKeepPlaceholderKeys()
    {
        var json = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"${EnrichFunctionArn}","Parameters":{"table":"${ExecutionsTableName}","topic":"x-${Stage}"},"End":true}}}""";

        var raw = StateMachineDefinition.Parse(json);
        var substituted = StateMachineDefinition.Parse(json, new Dictionary<string, string>
        {
            ["EnrichFunctionArn"] = "arn:aws:lambda:eu-west-1:111122223333:function:aeonnova-enrich",
            ["ExecutionsTableName"] = "executions",
            ["Stage"] = "prod",
        });

        Assert.Equal(["EnrichFunctionArn", "ExecutionsTableName", "Stage"], raw.Placeholders.Order(StringComparer.Ordinal));
        Assert.Equal("${EnrichFunctionArn}", raw.Tasks.Single().Resource);
        Assert.Empty(substituted.Placeholders);
        Assert.Equal("arn:aws:lambda:eu-west-1:111122223333:function:aeonnova-enrich", substituted.Tasks.Single().Resource);
        Assert.Equal("EnrichFunctionArn", substituted.Tasks.Single().PlaceholderKey);
        await using var engine = new LocalStepFunctions();
        var registry = new ResourceRegistry().BindFunction("${EnrichFunctionArn}", (invocation, _) => ValueTask.FromResult(invocation.Input?.DeepClone()));
        engine.CreateStateMachine("m", substituted, registry);
        var result = await engine.RunExecutionAsync("m", "{}");
        Assert.Equal("""{"table":"executions","topic":"x-prod"}""", result.Output);
    }

    [Fact]
    [Trait("Spec", "ASL definition: Tasks lists every Task state with its JSON path, nested ones included")]
    public void Parse_WhenNestedTasks_ShouldListTasksWithPaths()
    {
        var definition = StateMachineDefinition.Parse("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"Exec","States":{"Exec":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:ssm:sendCommand","End":true}}},"End":true}}}
            """);

        var task = Assert.Single(definition.Tasks);
        Assert.Equal("$.States.M.ItemProcessor.States.Exec", task.Path);
        Assert.Equal(["M"], definition.StateNames);
    }
}
