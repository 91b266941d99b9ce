using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AeonNova.Core.Workflow;
using AeonNova.Workflow.Observability;

namespace AeonNova.Workflow.Hosting;

/// <summary>
/// A handler in the Stream → Stream shape the managed dotnet10 runtime calls (through the entry points in
/// AeonNova.Functions) and the local engine calls in-process. Deserialises with the source-generated
/// context, runs the handler with an invocation log and EMF metrics, serialises the result. Exceptions propagate:
/// Lambda reports the exception type name as the error, which the state machine's Catch matches.
/// </summary>
public abstract class StreamFunction<TIn, TOut> : IStreamFunction
    where TIn : class
{
    private readonly JsonTypeInfo<TIn> _input;
    private readonly JsonTypeInfo<TOut> _output;
    private int _invocations;

    protected StreamFunction(IFunctionRuntimes runtimes, string functionName, JsonTypeInfo<TIn> input, JsonTypeInfo<TOut> output)
        : this((runtimes ?? throw new ArgumentNullException(nameof(runtimes))).For(functionName), input, output)
    {
    }

    protected StreamFunction(FunctionRuntime runtime, JsonTypeInfo<TIn> input, JsonTypeInfo<TOut> output)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Runtime = runtime;
        _input = input;
        _output = output;
    }

    protected FunctionRuntime Runtime { get; }

    public async Task<Stream> Handle(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var log = new FunctionLog(Runtime, coldStart: Interlocked.Increment(ref _invocations) == 1);
        var metrics = new EmfMetrics(Runtime);
        try
        {
            var raw = await ReadAllAsync(input);
            TIn request;
            try
            {
                request = JsonSerializer.Deserialize(raw.Span, _input)
                    ?? throw new WorkflowInputException($"{Runtime.FunctionName}: the input is JSON null.");
            }
            catch (JsonException ex)
            {
                throw new WorkflowInputException($"{Runtime.FunctionName}: the input does not match {typeof(TIn).Name} at {ex.Path ?? "$"} (line {ex.LineNumber}, byte {ex.BytePositionInLine}): {ex.Message}", ex);
            }
            var result = await HandleAsync(request, new Invocation(log, metrics, raw));
            var bytes = JsonSerializer.SerializeToUtf8Bytes(result, _output);
            return new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
        }
        catch (Exception ex)
        {
            log.Error($"{Runtime.FunctionName} failed: {ex.Message}", ex);
            throw;
        }
        finally
        {
            metrics.Flush();
        }
    }

    protected abstract Task<TOut> HandleAsync(TIn input, Invocation invocation);

    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(Stream input)
    {
        if (input is MemoryStream memory && memory.TryGetBuffer(out var segment))
        {
            return segment.AsMemory((int)memory.Position);
        }
        using var copy = new MemoryStream();
        await input.CopyToAsync(copy);
        return copy.ToArray();
    }
}

/// <summary>Per-invocation services: the log (set its correlation id), metrics, and the raw input bytes.</summary>
public sealed record Invocation(FunctionLog Log, EmfMetrics Metrics, ReadOnlyMemory<byte> RawInput);

/// <summary>Any entry point, as the local host and tests call it in-process.</summary>
public interface IStreamFunction
{
    Task<Stream> Handle(Stream input);
}
