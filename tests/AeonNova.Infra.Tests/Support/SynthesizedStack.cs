using System.Text.Json.Nodes;
using AeonNova.Infra.Configuration;
using AeonNova.Infra.Functions;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace AeonNova.Infra.Tests.Support;

/// <summary>One synthesized environment: the stack, its assertion Template, the raw template JSON and the assembly directory.</summary>
public sealed class SynthesizedStack : IDisposable
{
    private readonly string _workDir;

    private SynthesizedStack(string workDir, AeonNovaStack stack, DeploymentSettings settings, SourcePaths paths, Template template, JsonObject json, string assemblyDir)
    {
        _workDir = workDir;
        Stack = stack;
        Settings = settings;
        Paths = paths;
        Template = template;
        Json = json;
        AssemblyDirectory = assemblyDir;
    }

    public AeonNovaStack Stack { get; }

    public DeploymentSettings Settings { get; }

    public SourcePaths Paths { get; }

    public Template Template { get; }

    public JsonObject Json { get; }

    public string AssemblyDirectory { get; }

    /// <summary>Resources of one CloudFormation type, by logical id.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonObject>> Resources(string type) =>
        [.. Json["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => KeyValuePair.Create(r.Key, r.Value!.AsObject()))];

    /// <summary>
    /// Synthesizes the environment from the repository's real cdk.json context, with the functions publish
    /// directory pointed at a temp directory (a marker dll) and the real ASL if the workflow has landed.
    /// </summary>
    /// <param name="overrides">Top-level context keys (-c key=value).</param>
    /// <param name="environmentOverrides">Settings of the selected environment (context.environments.ENV.key).</param>
    public static SynthesizedStack Create(string env, IReadOnlyDictionary<string, object>? overrides = null, IReadOnlyDictionary<string, object>? environmentOverrides = null)
    {
        var work = Directory.CreateTempSubdirectory("aeonnova-infra-tests-").FullName;
        var publish = Directory.CreateDirectory(Path.Combine(work, "publish")).FullName;
        File.WriteAllText(Path.Combine(publish, "AeonNova.Functions.dll"), "not a real assembly");
        foreach (var data in FunctionsConstruct.PackageData.Select(d => Path.Combine(publish, d)))
        {
            if (Path.HasExtension(data))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(data)!);
                File.WriteAllText(data, "{}");
            }
            else
            {
                Directory.CreateDirectory(data);
            }
        }

        var context = TestContext.FromCdkJson(env);
        context["repoRoot"] = RepoLayout.Root;
        context["functionsPublishDir"] = publish;
        context["stateMachineFile"] = TestContext.StateMachineFile();
        foreach (var (key, value) in overrides ?? new Dictionary<string, object>())
        {
            context[key] = value;
        }

        var environment = (Dictionary<string, object>)((Dictionary<string, object>)context["environments"])[env];
        foreach (var (key, value) in environmentOverrides ?? new Dictionary<string, object>())
        {
            environment[key] = value;
        }

        var outdir = Path.Combine(work, "cdk.out");
        var app = new App(new AppProps { Context = context, Outdir = outdir });
        var (settings, paths) = SettingsLoader.Load(app.Node.TryGetContext, RepoLayout.Root);
        var stack = new AeonNovaStack(app, AeonNovaStack.NameFor(settings), new AeonNovaStackProps { Settings = settings, Paths = paths });
        var assembly = app.Synth();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(assembly.Directory, stack.TemplateFile)))!.AsObject();
        return new SynthesizedStack(work, stack, settings, paths, Template.FromStack(stack), json, assembly.Directory);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
