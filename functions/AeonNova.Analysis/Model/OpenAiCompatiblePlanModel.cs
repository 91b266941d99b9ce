using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AeonNova.Analysis.Model;

/// <summary>
/// Any OpenAI-compatible chat endpoint (Ollama, vLLM, LM Studio, OpenAI) through Microsoft.Extensions.AI:
/// system + user prompt, the plan schema declared as the only tool and required (tool_choice), low temperature.
/// A tool call's arguments, or else the text, are returned for <see cref="PlanParser"/>.
/// </summary>
public sealed class OpenAiCompatiblePlanModel : IPlanModelClient
{
    private readonly IChatClient _chat;
    private readonly ModelConfig _model;

    public OpenAiCompatiblePlanModel(IChatClient chat, ModelConfig model)
    {
        _chat = chat ?? throw new ArgumentNullException(nameof(chat));
        _model = model ?? throw new ArgumentNullException(nameof(model));
    }

    /// <summary>A client for <paramref name="model"/>'s Endpoint (or <paramref name="endpoint"/>).</summary>
    public static OpenAiCompatiblePlanModel Create(ModelConfig model, string apiKey, Uri? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var url = endpoint ?? (model.Endpoint is { Length: > 0 } e ? new Uri(e) : throw new ArgumentException($"model '{model.Id}' has no endpoint", nameof(model)));
        var options = new OpenAIClientOptions
        {
            Endpoint = url,
            NetworkTimeout = TimeSpan.FromSeconds(model.TimeoutSeconds),
            // The fallback planner is the retry: one attempt, fail fast.
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        };
        var chat = new OpenAI.Chat.ChatClient(model.Id, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "unused" : apiKey), options);
        return new OpenAiCompatiblePlanModel(chat.AsIChatClient(), model);
    }

    public async Task<ModelCompletion> CompleteAsync(AnalysisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var schema = JsonDocument.Parse(request.PlanSchemaJson);
        var tool = AIFunctionFactory.CreateDeclaration(request.ToolName,
            "Submit the remediation plan for the alert. The only way to answer.", schema.RootElement.Clone());
        var options = new ChatOptions
        {
            ModelId = _model.Id,
            Temperature = (float)_model.Temperature,
            TopP = (float)_model.TopP,
            MaxOutputTokens = _model.MaxOutputTokens,
            Tools = [tool],
            ToolMode = ChatToolMode.RequireSpecific(request.ToolName),
        };
        ChatMessage[] messages =
        [
            new(ChatRole.System, request.SystemPrompt),
            new(ChatRole.User, request.UserPrompt),
        ];
        var response = await _chat.GetResponseAsync(messages, options, cancellationToken);
        var input = (int)(response.Usage?.InputTokenCount ?? 0);
        var output = (int)(response.Usage?.OutputTokenCount ?? 0);
        if (response.FinishReason == ChatFinishReason.Length)
        {
            // Let the parser report it as Truncated, with the same wording as for Bedrock.
            return new ModelCompletion("""{"choices":[{"finish_reason":"length","message":{}}]}""", input, output);
        }
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault();
        if (call is not null)
        {
            var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
            var wrapped = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = call.Name,
                ["arguments"] = arguments,
            };
            return new ModelCompletion(wrapped.ToJsonString(), input, output);
        }
        return new ModelCompletion(response.Text, input, output);
    }
}
