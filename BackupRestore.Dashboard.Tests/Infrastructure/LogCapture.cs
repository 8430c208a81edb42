using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>Keeps every log line an app writes (message, exception and scopes, as a console would print them), so tests can search them.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider? scopes;

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public IReadOnlyList<string> Lines => lines.ToArray();

    /// <summary>Why the host failed to start, as the host logged it before it rethrew (and its app disposed it).</summary>
    public Exception? StartFailure { get; private set; }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture.scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && logLevel >= LogLevel.Error && category == "Microsoft.Extensions.Hosting.Internal.Host")
            {
                capture.StartFailure ??= exception;
            }
            capture.lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}{capture.ScopeText()}");
        }
    }

    private string ScopeText()
    {
        var text = new System.Text.StringBuilder();
        scopes?.ForEachScope((scope, builder) => builder.Append(" => ").Append(scope), text);
        return text.ToString();
    }
}
