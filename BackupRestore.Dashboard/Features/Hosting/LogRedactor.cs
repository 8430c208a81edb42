using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Features.Hosting;

/// <summary>
/// <see cref="Redaction"/> plus the secrets this process was configured with: target passwords, the bootstrap
/// admin password, the database password and each webhook's path and query (a Slack or Teams webhook's path is
/// its secret). Used for every log line, whatever the level and whichever category wrote it.
/// </summary>
internal sealed class LogRedactor
{
    private readonly string[] secrets;

    public LogRedactor(IConfiguration configuration)
    {
        var found = new List<string>();
        foreach (var target in configuration.GetSection("Targets").GetChildren())
        {
            found.Add(target["Password"] ?? "");
        }
        found.Add(configuration["Auth:BootstrapAdmin:Password"] ?? "");
        foreach (var webhook in configuration.GetSection("Notifications:Webhooks").GetChildren())
        {
            if (Uri.TryCreate(webhook["Url"], UriKind.Absolute, out var url) && url.PathAndQuery.Length > 1)
            {
                found.Add(url.PathAndQuery);
                found.Add(url.AbsolutePath);
            }
        }
        if (configuration.GetConnectionString("Dashboard") is { Length: > 0 } connection)
        {
            try
            {
                found.Add(new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection }.TryGetValue("Password", out var pw) ? pw?.ToString() ?? "" : "");
            }
            catch (ArgumentException)
            {
                // Not a connection string: the database start reports it.
            }
        }
        // Short values would blank out ordinary words; they are not secrets worth the name anyway.
        secrets = found.Where(s => s.Length >= 6 && s != "/").Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
    }

    public string Redact(string text)
    {
        var result = Redaction.Apply(text);
        foreach (var secret in secrets)
        {
            if (result.Contains(secret, StringComparison.Ordinal))
            {
                result = result.Replace(secret, Redaction.Marker, StringComparison.Ordinal);
            }
        }
        return result;
    }
}

/// <summary>
/// Wraps the framework's logger factory: every logger it hands out redacts messages, values and exceptions
/// before any provider sees them. Filters, provider aliases and scopes stay the framework's.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, LogRedactor redactor) : ILoggerFactory
{
    public static ILoggerFactory Create(IServiceProvider services) => new RedactingLoggerFactory(
        new LoggerFactory(
            services.GetServices<ILoggerProvider>(),
            services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            services.GetService<IOptions<LoggerFactoryOptions>>(),
            services.GetService<Microsoft.Extensions.Logging.IExternalScopeProvider>()),
        services.GetRequiredService<LogRedactor>());

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner, LogRedactor redactor) : ILogger
    {
        /// <summary>Scopes are printed with every line (the HttpClient's holds the full URL): redacted like messages.</summary>
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            state.ToString() is { } text && redactor.Redact(text) is var clean && clean != text ? inner.BeginScope(clean) : inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }
            var message = formatter(state, exception);
            var clean = redactor.Redact(message);
            var exceptionText = exception?.ToString();
            var cleanException = exceptionText is null ? null : redactor.Redact(exceptionText);
            if (clean == message && cleanException == exceptionText)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            // Structured providers read the values too: give them redacted copies (the template stays).
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => p.Key == "{OriginalFormat}" ? p : KeyValuePair.Create(p.Key, (object?)(p.Value is null ? null : redactor.Redact(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")))).ToList()
                : [];
            var replaced = cleanException == exceptionText ? exception : new RedactedException(exception!.GetType().FullName ?? "Exception", cleanException!);
            inner.Log(logLevel, eventId, new RedactedState(clean, values), replaced, static (s, _) => s.Message);
        }
    }

    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}

/// <summary>An exception whose text had a secret in it: its type name and redacted text, nothing else.</summary>
public sealed class RedactedException(string type, string text) : Exception($"{type} (redacted)")
{
    public override string ToString() => text;
}
