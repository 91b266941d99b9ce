using System.Reflection;
using AeonNova.Core.Workflow;
using AeonNova.Functions.Hosting;
using AeonNova.Testing;
using AeonNova.Workflow.Handlers;
using AeonNova.Workflow.Hosting;
using AeonNova.Workflow.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace AeonNova.Functions.Tests.Hosting;

/// <summary>The Lambda composition root and the entry points the managed runtime loads by handler string.</summary>
public sealed class LambdaHostTests
{
    private static readonly DictionaryEnvironmentVariables Environment = new(new Dictionary<string, string>
    {
        ["AWS_REGION"] = "eu-west-1",
        ["RUNBOOKS_DIR"] = RepoFiles.Path("runbooks"),
        ["PROMPTS_DIR"] = RepoFiles.Path("prompts"),
        ["APPROVAL_POLICY_FILE"] = RepoFiles.Path("config", "approval-policy.json"),
    });

    [Fact]
    public void Build_WhenAskedForEveryContractFunction_ShouldHaveAHandlerRegisteredUnderItsName()
    {
        using var provider = LambdaHost.Build(Environment);
        var keyed = provider.GetRequiredService<IServiceProviderIsKeyedService>();

        Assert.All(WorkflowContract.Functions, f => Assert.True(keyed.IsKeyedService(typeof(IStreamFunction), f.Name), $"no handler registered for {f.Name}"));
    }

    [Fact]
    public void Build_WhenAStepHandlerIsResolved_ShouldComposeItFromTheWorkflowRootWithoutTouchingAws()
    {
        using var provider = LambdaHost.Build(Environment);

        Assert.IsType<ValidateScriptHandler>(provider.GetRequiredKeyedService<IStreamFunction>("ValidateScript"));
        Assert.IsType<BuildAnalysisRequestHandler>(provider.GetRequiredKeyedService<IStreamFunction>("BuildAnalysisRequest"));
        Assert.IsType<ParsePlanHandler>(provider.GetRequiredKeyedService<IStreamFunction>("ParsePlan"));
        Assert.IsType<BuiltinPlannerHandler>(provider.GetRequiredKeyedService<IStreamFunction>("BuiltinPlanner"));
    }

    [Fact]
    public void HandlerStrings_WhenResolvedAsTheManagedRuntimeDoes_ShouldNameAConcreteTypeDeclaringHandleStream()
    {
        foreach (var function in WorkflowContract.Functions)
        {
            var parts = function.Handler.Split("::");
            Assert.Equal(3, parts.Length);
            var assembly = Assembly.Load(parts[0]);
            var type = assembly.GetType(parts[1]);
            Assert.True(type is { IsAbstract: false, IsGenericTypeDefinition: false }, $"{function.Handler}: no concrete type {parts[1]}");
            Assert.NotNull(type!.GetConstructor(Type.EmptyTypes));
            var handle = type.GetMethod(parts[2], BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly, [typeof(Stream)]);
            Assert.True(handle is not null && handle.ReturnType == typeof(Task<Stream>), $"{function.Handler}: no Task<Stream> {parts[2]}(Stream) declared on {type.Name}");
        }
    }
}
