using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AeonNova.Workflow.Observability;

public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
    None,
}

public static class LogLevels
{
    public static LogLevel Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "DEBUG" or "TRACE" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" or "CRITICAL" or "FATAL" => LogLevel.Error,
        "NONE" or "OFF" => LogLevel.None,
        _ => LogLevel.Info,
    };

    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Debug => "DEBUG",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "INFO",
    };
}

/// <summary>
/// Structured logs for one invocation: one JSON object per line with the Powertools keys
/// (level, message, timestamp, service, cold_start, function_name, xray_trace_id, correlation_id) plus extra fields.
/// </summary>
public sealed class FunctionLog
{
    private readonly FunctionRuntime _runtime;
    private readonly bool _coldStart;
    private readonly string? _traceId;

    public FunctionLog(FunctionRuntime runtime, bool coldStart)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _coldStart = coldStart;
        _traceId = runtime.TraceId();
    }

    /// <summary>The alert id or execution id this invocation works for.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>False below the minimum level, and when logs go nowhere (TextWriter.Null): nothing is formatted then.</summary>
    public bool IsEnabled(LogLevel level) => level >= _runtime.MinimumLevel && level != LogLevel.None && !_runtime.Discards;

    public void Info(string message, params ReadOnlySpan<(string Key, object? Value)> fields) => Write(LogLevel.Info, message, null, fields);

    public void Warning(string message, params ReadOnlySpan<(string Key, object? Value)> fields) => Write(LogLevel.Warning, message, null, fields);

    public void Error(string message, Exception? exception, params ReadOnlySpan<(string Key, object? Value)> fields) => Write(LogLevel.Error, message, exception, fields);

    public void Write(LogLevel level, string message, Exception? exception, ReadOnlySpan<(string Key, object? Value)> fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", LogLevels.Name(level));
            json.WriteString("message", message);
            json.WriteString("timestamp", _runtime.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("service", _runtime.ServiceName);
            json.WriteBoolean("cold_start", _coldStart);
            json.WriteString("function_name", _runtime.FunctionName);
            WriteOptional(json, "xray_trace_id", _traceId);
            WriteOptional(json, "correlation_id", CorrelationId);
            foreach (var (key, value) in fields)
            {
                WriteValue(json, key, value);
            }
            if (exception is not null)
            {
                json.WriteString("exception_name", exception.GetType().Name);
                json.WriteString("exception", exception.Message);
            }
            json.WriteEndObject();
        }
        _runtime.Output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteOptional(Utf8JsonWriter json, string key, string? value)
    {
        if (value is null)
        {
            json.WriteNull(key);
        }
        else
        {
            json.WriteString(key, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(key); break;
            case string s: json.WriteString(key, s); break;
            case bool b: json.WriteBoolean(key, b); break;
            case int i: json.WriteNumber(key, i); break;
            case long l: json.WriteNumber(key, l); break;
            case double d: json.WriteNumber(key, d); break;
            case DateTimeOffset t: json.WriteString(key, t); break;
            default: json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }
}
