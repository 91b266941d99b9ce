using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AeonNova.Analysis.Json;

namespace AeonNova.Analysis.Model;

/// <summary>One model the analysis can use (prompts/models.json).</summary>
public sealed record ModelConfig
{
    /// <summary>Provider model id, e.g. "amazon.nova-pro-v1:0"; recorded in every plan.</summary>
    public required string Id { get; init; }
    /// <summary>bedrock | openai-compatible | builtin.</summary>
    public required string Provider { get; init; }
    /// <summary>Prompt id "name@version" from prompts/prompts.json (empty for builtin).</summary>
    public string Prompt { get; init; } = "";
    /// <summary>Base URL for openai-compatible providers (e.g. http://127.0.0.1:11434/v1 for Ollama).</summary>
    public string? Endpoint { get; init; }
    public int MaxInputTokens { get; init; } = 12000;
    public int MaxOutputTokens { get; init; } = 2048;
    public double Temperature { get; init; } = 0.1;
    public double TopP { get; init; } = 0.9;
    public int TimeoutSeconds { get; init; } = 60;
}

/// <summary>prompts/models.json.</summary>
public sealed record ModelRegistryFile
{
    public required string Default { get; init; }
    public required IReadOnlyList<ModelConfig> Models { get; init; }
}

/// <summary>One prompt version (prompts/prompts.json); file paths are relative to prompts/.</summary>
public sealed record PromptEntry
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string System { get; init; }
    public required string User { get; init; }
    public required string Schema { get; init; }
    /// <summary>Tool name the plan is returned through (the forced tool).</summary>
    public string ToolName { get; init; } = "submit_remediation_plan";
    /// <summary>SHA-256 (hex) over system, user and schema text: a prompt version always means the same bytes.</summary>
    public required string Sha256 { get; init; }
}

/// <summary>prompts/prompts.json.</summary>
public sealed record PromptRegistryFile
{
    public required IReadOnlyList<PromptEntry> Prompts { get; init; }
}

/// <summary>A loaded, hash-checked prompt version.</summary>
public sealed record PromptTemplate
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string SystemText { get; init; }
    /// <summary>User message template with {{language}}, {{alert}}, {{runbooks}}, {{history}}.</summary>
    public required string UserTemplate { get; init; }
    /// <summary>JSON Schema of the plan (the forced tool's input schema).</summary>
    public required string PlanSchemaJson { get; init; }
    public required string ToolName { get; init; }

    /// <summary>"name@version", recorded in plans as the prompt version.</summary>
    public string Id => $"{Name}@{Version}";

    public static string ComputeHash(string system, string user, string schema) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{system}\0{user}\0{schema}")));
}

/// <summary>A registry file or a prompt it names is missing or malformed.</summary>
public sealed class RegistryException : Exception
{
    public RegistryException(string message) : base(message) { }
    public RegistryException() : this("invalid registry") { }
    public RegistryException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The model/prompt registry kept in the repository (prompts/models.json, prompts/prompts.json and the
/// versioned prompt files). Loading checks every prompt's hash, so an edited prompt must get a new version.
/// </summary>
public sealed class ModelRegistry
{
    private ModelRegistry(ModelRegistryFile models, IReadOnlyDictionary<string, PromptTemplate> prompts)
    {
        Models = models.Models;
        DefaultModelId = models.Default;
        Prompts = prompts;
    }

    public IReadOnlyList<ModelConfig> Models { get; }
    public string DefaultModelId { get; }
    /// <summary>By prompt id "name@version".</summary>
    public IReadOnlyDictionary<string, PromptTemplate> Prompts { get; }

    public ModelConfig Model(string? id = null) =>
        Models.FirstOrDefault(m => m.Id == (id ?? DefaultModelId))
        ?? throw new RegistryException($"models.json: no model with id '{id ?? DefaultModelId}'");

    public PromptTemplate PromptFor(ModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Prompts.TryGetValue(model.Prompt, out var prompt)
            ? prompt
            : throw new RegistryException($"models.json: model '{model.Id}' names prompt '{model.Prompt}', which prompts.json does not list");
    }

    public static ModelRegistry LoadFromDirectory(string promptsDirectory)
    {
        ArgumentNullException.ThrowIfNull(promptsDirectory);
        var models = Read(Path.Combine(promptsDirectory, "models.json"), AnalysisJsonContext.Default.ModelRegistryFile);
        var promptFile = Read(Path.Combine(promptsDirectory, "prompts.json"), AnalysisJsonContext.Default.PromptRegistryFile);
        var prompts = new Dictionary<string, PromptTemplate>(StringComparer.Ordinal);
        foreach (var entry in promptFile.Prompts)
        {
            var system = ReadText(promptsDirectory, entry.System, entry);
            var user = ReadText(promptsDirectory, entry.User, entry);
            var schema = ReadText(promptsDirectory, entry.Schema, entry);
            var hash = PromptTemplate.ComputeHash(system, user, schema);
            if (!string.Equals(hash, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new RegistryException(
                    $"prompts.json: prompt {entry.Name}@{entry.Version}: sha256 is {entry.Sha256} but the files hash to {hash}; " +
                    "a changed prompt needs a new version (copy the folder, bump the version, record the new hash)");
            }
            try
            {
                using var _ = JsonDocument.Parse(schema);
            }
            catch (JsonException ex)
            {
                throw new RegistryException($"{entry.Schema}: invalid JSON schema: {ex.Message}", ex);
            }
            var template = new PromptTemplate
            {
                Name = entry.Name,
                Version = entry.Version,
                SystemText = system,
                UserTemplate = user,
                PlanSchemaJson = schema,
                ToolName = entry.ToolName,
            };
            if (!prompts.TryAdd(template.Id, template))
            {
                throw new RegistryException($"prompts.json: prompt {template.Id} is listed twice");
            }
        }
        var registry = new ModelRegistry(models, prompts);
        foreach (var model in models.Models.Where(m => m.Provider != "builtin"))
        {
            if (model.Provider is not ("bedrock" or "openai-compatible"))
            {
                throw new RegistryException($"models.json: model '{model.Id}': provider '{model.Provider}' is not bedrock, openai-compatible or builtin");
            }
            registry.PromptFor(model);
        }
        registry.Model();
        return registry;
    }

    private static T Read<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (!File.Exists(path))
        {
            throw new RegistryException($"{path}: file not found");
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), type) ?? throw new RegistryException($"{path}: empty");
        }
        catch (JsonException ex)
        {
            throw new RegistryException($"{path}: {ex.Message}", ex);
        }
    }

    private static string ReadText(string directory, string relative, PromptEntry entry)
    {
        var path = Path.GetFullPath(Path.Combine(directory, relative));
        if (!path.StartsWith(Path.GetFullPath(directory), StringComparison.Ordinal) || !File.Exists(path))
        {
            throw new RegistryException($"prompts.json: prompt {entry.Name}@{entry.Version}: file '{relative}' not found under {directory}");
        }
        return File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
