using System.Text.Json.Nodes;

using AeonNova.Local.Workflow;

namespace AeonNova.Testing;

/// <summary>
/// A model stand-in that answers from a script of responses (tests, benchmarks): each call takes the next step;
/// the last step repeats. A step either returns a body or throws a Bedrock-style error.
/// </summary>
public sealed class ScriptedModelInvoker : IModelInvoker
{
    private readonly List<Func<JsonNode?>> _steps = [];
    private readonly Lock _gate = new();
    private int _calls;

    public int Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls;
            }
        }
    }

    /// <summary>How long each call takes before it answers (a slow model), on the real clock.</summary>
    public TimeSpan Latency { get; set; }

    public ScriptedModelInvoker Returns(Func<JsonNode?> body)
    {
        _steps.Add(body);
        return this;
    }

    public ScriptedModelInvoker Returns(string json) => Returns(() => JsonNode.Parse(json));

    public ScriptedModelInvoker Fails(string error, string cause = "simulated")
    {
        _steps.Add(() => throw new ModelInvocationException(error, cause));
        return this;
    }

    public async Task<JsonNode?> InvokeAsync(string modelId, JsonNode? body, CancellationToken cancellationToken)
    {
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }
        Func<JsonNode?> step;
        lock (_gate)
        {
            if (_steps.Count == 0)
            {
                throw new ModelInvocationException("Bedrock.ServiceUnavailableException", "no scripted model response");
            }
            step = _steps[Math.Min(_calls, _steps.Count - 1)];
            _calls++;
        }
        return step();
    }
}
