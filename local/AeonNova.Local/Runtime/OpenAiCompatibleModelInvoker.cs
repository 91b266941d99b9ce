using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Local.Workflow;

namespace AeonNova.Local.Runtime;

/// <summary>
/// The local <c>bedrock:invokeModel</c> binding for an OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, OpenAI):
/// the request body the workflow built (Bedrock Converse shape: system text, one user message, the plan as the one
/// forced tool, inference settings) becomes a chat completion request; the completion comes back as the model's
/// response body (the plan parser reads OpenAI completions). Errors map to the names the definition's Retry and
/// Catch use: 429 → Bedrock.ThrottlingException (retried), 5xx and timeouts → Bedrock.ServiceUnavailableException
/// (retried), anything else → Bedrock.ValidationException (caught: the built-in planner plans).
/// </summary>
public sealed class OpenAiCompatibleModelInvoker : IModelInvoker
{
    private readonly HttpClient _http;
    private readonly Uri _completions;
    private readonly string _model;
    private readonly string? _apiKey;

    public OpenAiCompatibleModelInvoker(HttpClient http, Uri endpoint, string model, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(model);
        _http = http;
        var baseUrl = endpoint.AbsoluteUri.EndsWith('/') ? endpoint.AbsoluteUri : endpoint.AbsoluteUri + "/";
        _completions = new Uri(new Uri(baseUrl), "chat/completions");
        _model = model;
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
    }

    public async Task<JsonNode?> InvokeAsync(string modelId, JsonNode? body, CancellationToken cancellationToken)
    {
        var request = ToChatRequest(body);
        using var message = new HttpRequestMessage(HttpMethod.Post, _completions)
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (_apiKey is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ModelInvocationException("Bedrock.ServiceUnavailableException", $"model endpoint {_completions}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelInvocationException("Bedrock.ServiceUnavailableException", $"model endpoint {_completions}: timed out");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var error = response.StatusCode == HttpStatusCode.TooManyRequests ? "Bedrock.ThrottlingException"
                    : (int)response.StatusCode >= 500 ? "Bedrock.ServiceUnavailableException"
                    : "Bedrock.ValidationException";
                throw new ModelInvocationException(error, $"model endpoint answered {(int)response.StatusCode}: {Cut(text)}");
            }
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new ModelInvocationException("Bedrock.ValidationException", $"model endpoint answered with invalid JSON: {ex.Message}");
            }
        }
    }

    /// <summary>Bedrock Converse body (as AnalysisRequestBuilder writes it) → OpenAI chat completion request.</summary>
    internal JsonObject ToChatRequest(JsonNode? body)
    {
        var system = Text(First(body?["system"])?["text"]);
        var user = Text(First(First(body?["messages"])?["content"])?["text"]);
        var toolSpec = First(body?["toolConfig"]?["tools"])?["toolSpec"];
        var toolName = Text(toolSpec?["name"]);
        if (user.Length == 0 || toolName.Length == 0 || toolSpec?["inputSchema"]?["json"] is not JsonObject schema)
        {
            throw new ModelInvocationException("Bedrock.ValidationException", "the model request lacks the user message or the plan tool");
        }
        var inference = body?["inferenceConfig"];
        var request = new JsonObject
        {
            ["model"] = _model,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = system },
                new JsonObject { ["role"] = "user", ["content"] = user }),
            ["tools"] = new JsonArray(new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject
                {
                    ["name"] = toolName,
                    ["description"] = Text(toolSpec?["description"]),
                    ["parameters"] = schema.DeepClone(),
                },
            }),
            ["tool_choice"] = new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = toolName } },
        };
        if (inference?["maxTokens"] is JsonValue max) { request["max_tokens"] = max.DeepClone(); }
        if (inference?["temperature"] is JsonValue temperature) { request["temperature"] = temperature.DeepClone(); }
        if (inference?["topP"] is JsonValue topP) { request["top_p"] = topP.DeepClone(); }
        return request;
    }

    private static JsonNode? First(JsonNode? node) => node is JsonArray { Count: > 0 } array ? array[0] : null;

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
