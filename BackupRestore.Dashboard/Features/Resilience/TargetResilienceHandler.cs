using System.Collections.Concurrent;
using System.Net;
using BackupRestore.Dashboard.Vendors;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace BackupRestore.Dashboard.Features.Resilience;

/// <summary>
/// One Polly pipeline per target, in the vendor HTTP pipeline: GETs are retried with jittered exponential backoff on
/// transient failures (connection errors, timeouts, 5xx, 408, 429); nothing else is ever retried, so an action is
/// sent at most once. A circuit breaker per target leaves a dead backend alone for a while, longer after each failed
/// probe, and lets the next poll probe it.
/// </summary>
internal sealed class TargetResilienceHandler(TargetCircuits circuits) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(VendorRequest.Target, out var target))
        {
            return await base.SendAsync(request, cancellationToken);
        }
        var pipeline = circuits.PipelineFor(target.Name, idempotent: request.Method == HttpMethod.Get);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken));
                    }
                    catch (Exception e) when (e is HttpRequestException or TimeoutException)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (Handler: this, Request: request));
            if (outcome.Exception is BrokenCircuitException broken)
            {
                throw new HttpRequestException($"{target.Name} is left alone after repeated failures (circuit open); it is probed again {circuits.RetryAfter(target.Name)}.", broken);
            }
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);
}

/// <summary>The per-target pipelines (a read pipeline with retries and an action pipeline without), sharing one breaker.</summary>
internal sealed class TargetCircuits(IOptions<ResilienceOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (ResiliencePipeline<HttpResponseMessage> Read, ResiliencePipeline<HttpResponseMessage> Act, CircuitState State)> pipelines =
        new(StringComparer.OrdinalIgnoreCase);

    public ResiliencePipeline<HttpResponseMessage> PipelineFor(string target, bool idempotent)
    {
        var entry = pipelines.GetOrAdd(target, Build);
        return idempotent ? entry.Read : entry.Act;
    }

    /// <summary>When the target's open circuit lets a probe through again, in words ("in 12 s"), or "now".</summary>
    public string RetryAfter(string target) =>
        pipelines.TryGetValue(target, out var entry) && entry.State.OpenUntil is { } until && until > time.GetUtcNow()
            ? $"in {Math.Ceiling((until - time.GetUtcNow()).TotalSeconds)} s"
            : "now";

    private (ResiliencePipeline<HttpResponseMessage>, ResiliencePipeline<HttpResponseMessage>, CircuitState) Build(string target)
    {
        var o = options.Value;
        var state = new CircuitState();
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutException>()
            .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        var breaker = new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = transient,
            FailureRatio = 1.0,
            MinimumThroughput = Math.Max(2, o.BreakAfterFailures),
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, o.Break.TotalSeconds * 4)),
            // Each failed probe doubles the pause: a dead target costs less and less.
            BreakDurationGenerator = _ => ValueTask.FromResult(TimeSpan.FromTicks(Math.Min(o.MaxBreak.Ticks, o.Break.Ticks << Math.Min(state.Opens, 10)))),
            OnOpened = args =>
            {
                state.Opens++;
                state.OpenUntil = time.GetUtcNow() + args.BreakDuration;
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                state.Opens = 0;
                state.OpenUntil = null;
                return ValueTask.CompletedTask;
            },
        };
        // Build the breaker once and share it: reads and actions see the same health of the same target.
        var shared = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddCircuitBreaker(breaker).Build();
        if (o.Retries <= 0)
        {
            return (shared, shared, state);
        }
        var read = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = o.Retries,
                Delay = o.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddPipeline(shared)
            .Build();
        return (read, shared, state);
    }

    private sealed class CircuitState
    {
        public int Opens { get; set; }

        public DateTimeOffset? OpenUntil { get; set; }
    }
}
