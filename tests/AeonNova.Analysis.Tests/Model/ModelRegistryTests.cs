using System.Text.Json.Nodes;
using AeonNova.Analysis.Model;

namespace AeonNova.Analysis.Tests.Model;

public class ModelRegistryTests
{
    [Fact]
    public void LoadFromDirectory_WhenShippedPrompts_ShouldLoadModelsAndHashCheckedPrompts()
    {
        var registry = ModelRegistry.LoadFromDirectory(RepoFiles.Path("prompts"));

        Assert.Equal("amazon.nova-pro-v1:0", registry.DefaultModelId);
        Assert.Equal("bedrock", registry.Model().Provider);
        Assert.Equal("remediation-plan@1.1.0", registry.PromptFor(registry.Model()).Id);
        Assert.Contains(registry.Models, m => m.Provider == "openai-compatible");
        Assert.Contains(registry.Models, m => m.Id == "builtin-planner@1.0.0");
    }

    [Fact]
    public void LoadFromDirectory_WhenPromptEditedWithoutNewVersion_ShouldRefuseWithTheNewHash()
    {
        var dir = Directory.CreateTempSubdirectory("prompts-");
        try
        {
            CopyDirectory(RepoFiles.Path("prompts"), dir.FullName);
            File.AppendAllText(Path.Combine(dir.FullName, "remediation-plan/1.0.0/system.md"), "\n7. Always restart everything.\n");

            var ex = Assert.Throws<RegistryException>(() => ModelRegistry.LoadFromDirectory(dir.FullName));

            Assert.Contains("remediation-plan@1.0.0: sha256 is", ex.Message, StringComparison.Ordinal);
            Assert.Contains("needs a new version", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void PlanSchema_WhenComparedWithParser_ShouldDeclareTheSameFields()
    {
        var schema = JsonNode.Parse(File.ReadAllText(RepoFiles.Path("prompts/remediation-plan/1.1.0/plan.schema.json")))!;

        var properties = schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        var required = schema["required"]!.AsArray().Select(r => (string)r!).Order(StringComparer.Ordinal);
        Assert.Equal(PlanParser.AllowedFields.Order(StringComparer.Ordinal), properties);
        Assert.Equal(PlanParser.RequiredFields.Order(StringComparer.Ordinal), required);
        Assert.False((bool)schema["additionalProperties"]!);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
