using System.Collections.Concurrent;
using BackupRestore.Dashboard.Features.Targets;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace BackupRestore.Dashboard.Features.Resilience;

/// <summary>
/// One Microsoft.Extensions.Http.Resilience pipeline per target (and one per target's IAM endpoint), on the app's
/// <see cref="TimeProvider"/>: a total timeout; GETs retried with jittered exponential backoff on connection errors,
/// timeouts, 408, 429 and 5xx, never a POST or PUT (an action is sent at most once); a circuit breaker that leaves a
/// dead target alone, longer after each failed probe; and the target's RequestTimeout per attempt.
/// </summary>
internal sealed class TargetPipelines(IOptions<ResilienceOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> pipelines = new(StringComparer.OrdinalIgnoreCase);

    public ResiliencePipeline<HttpResponseMessage> For(TargetOptions target, bool iam) =>
        pipelines.GetOrAdd(iam ? target.Name + "|iam" : target.Name, _ => Build(target));

    /// <summary>Attempts and their backoff: how long one call may take in all before it is given up.</summary>
    public TimeSpan TotalTimeout(TargetOptions target)
    {
        var o = options.Value;
        var backoff = Enumerable.Range(0, o.Retries).Aggregate(TimeSpan.Zero, (sum, i) => sum + o.RetryDelay * Math.Pow(2, i) * 1.5);
        return target.RequestTimeout * (o.Retries + 1) + backoff;
    }

    private ResiliencePipeline<HttpResponseMessage> Build(TargetOptions target)
    {
        var o = options.Value;
        var opens = 0;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = TotalTimeout(target) });
        if (o.Retries > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = o.Retries,
                Delay = o.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // The poll interval spaces calls already; a manager's Retry-After of minutes would stall the poller.
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            };
#pragma warning disable EXTEXP0001 // Experimental in this package version; the behaviour is what the product needs.
            retry.DisableForUnsafeHttpMethods();
#pragma warning restore EXTEXP0001
            builder.AddRetry(retry);
        }
        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            // Every sampled call failed: an optional call failing while the status reads well never opens it.
            FailureRatio = 1.0,
            MinimumThroughput = Math.Max(2, o.BreakAfterFailures),
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, o.Break.TotalSeconds * 4)),
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            // Each failed probe doubles the pause: a dead target costs less and less.
            BreakDurationGenerator = _ => ValueTask.FromResult(TimeSpan.FromTicks(Math.Min(o.MaxBreak.Ticks, o.Break.Ticks << Math.Min(Volatile.Read(ref opens), 10)))),
            OnOpened = _ =>
            {
                Interlocked.Increment(ref opens);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                Volatile.Write(ref opens, 0);
                return ValueTask.CompletedTask;
            },
        });
        return builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = target.RequestTimeout }).Build();
    }

    /// <summary>Transient as the package defines it, except a refused certificate: retrying cannot change it.</summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome)
        && outcome.Exception is not HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError };
}
