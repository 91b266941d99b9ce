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
            // C is unreachable only because of the broken transition (or C's own error): no follow-on message.
            Assert.DoesNotContain(ex.Errors, e => e.Message.Contains("not reachable", StringComparison.Ordinal));
            Assert.Equal(2, ex.Errors.Count);
            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [Trait("Spec", "Issue #22 item 4: one root cause gives one message (no unreachable/dead-end cascades)")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Bx"},"B":{"Type":"Succeed"}}}""", "$.States.A.Next")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"Gone"}],"Default":"B"},"B":{"Type":"Succeed"},"C":{"Type":"Pass","Next":"B"}}}""", "$.States.A.Choices[0].Next")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Passs","Next":"B"},"B":{"Type":"Succeed"}}}""", "$.States.A.Type")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Next":"B","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Nope"}]},"B":{"Type":"Succeed"},"H":{"Type":"Succeed"}}}""", "$.States.A.Catch[0].Next")]
    public void Validate_WhenOneRootCause_ShouldReportExactlyOneError(string json, string path)
    {
        var errors = StateMachineDefinition.Validate(json);

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.False(error.Unsupported);
    }

    [Fact]
    [Trait("Spec", "Issue #22 item 4: a distributed Map is one unsupported feature, reported once as not supported, never as invalid")]
    public void Parse_WhenDistributedMapWithSeveralFields_ShouldReportOneNotSupportedError()
    {
        const string json = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject"},"ItemBatcher":{"MaxItemsPerBatch":10},
              "ToleratedFailureCount":1,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
              "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """;

        var ex = Assert.Throws<AslDefinitionException>(() => StateMachineDefinition.Parse(json));

        var error = Assert.Single(ex.Errors);
        Assert.True(error.Unsupported);
        Assert.Equal("$.States.M.ItemProcessor.ProcessorConfig.Mode", error.Path);
        Assert.StartsWith(AslValidationError.UnsupportedPrefix, error.Message, StringComparison.Ordinal);
        Assert.Contains("ItemReader, ItemBatcher, ToleratedFailureCount", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not support", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Spec", "Issue #22 item 4: valid ASL the local engine does not run says \"not supported by the local engine: …\"")]
    [InlineData("""{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject"},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""", "$.States.M.ItemReader")]
    [InlineData("""{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":"{% a.b.% %}","End":true}}}""", "$.States.A.Output")]
    [InlineData("""{"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","TimeoutSeconds":"{% 5 %}","End":true}}}""", "$.States.T.TimeoutSeconds")]
    public void Validate_WhenFeatureValidButNotRunLocally_ShouldSayNotSupported(string json, string path)
    {
        var error = Assert.Single(StateMachineDefinition.Validate(json));

        Assert.Equal(path, error.Path);
        Assert.True(error.Unsupported);
        Assert.StartsWith("not supported by the local engine: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Spec", "Issue #22 item 4: a definition with both kinds of error is invalid, and each error keeps its kind")]
    public void Parse_WhenInvalidAndUnsupported_ShouldSayInvalidAndMarkEach()
    {
        const string json = """{"StartAt":"M","States":{"M":{"Type":"Map","ItemBatcher":{},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Next":"Nowhere"}}}""";

        var ex = Assert.Throws<AslDefinitionException>(() => StateMachineDefinition.Parse(json));

        Assert.StartsWith("invalid state machine definition", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ex.Errors, e => e.Path == "$.States.M.ItemBatcher" && e.Unsupported);
        Assert.Contains(ex.Errors, e => e.Path == "$.States.M.Next" && !e.Unsupported);
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
