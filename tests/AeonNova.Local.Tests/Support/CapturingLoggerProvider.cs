using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AeonNova.Local.Tests.Support;

/// <summary>Keeps every log entry serve writes: the formatted message, each structured value and the exception.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyCollection<string> Entries => entries.ToArray();

    public string Text => string.Join("\n", entries);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var sb = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    sb.Append(" | ").Append(key).Append('=').Append(value);
                }
            }
            if (exception is not null)
            {
                sb.Append(" | ").Append(exception);
            }
            entries.Enqueue(sb.ToString());
        }
    }
}
