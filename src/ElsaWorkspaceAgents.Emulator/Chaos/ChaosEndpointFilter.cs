using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>
/// Wraps a trigger endpoint with fault injection. Runs before the handler so refusals cost nothing, except
/// <see cref="ChaosMode.AcceptThenDrop"/>, which lets the handler accept (and queue the run) and then kills the connection
/// instead of sending the response: the case idempotency keys exist for.
/// </summary>
internal sealed class ChaosEndpointFilter(
    ChaosPlatform platform,
    Func<HttpContext, string?> resolveTarget,
    Func<int, string, string, IResult> platformError) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var engine = http.RequestServices.GetRequiredService<ChaosEngine>();
        var fault = new InjectedFault();
        // A client that gives up on its own (its attempt timeout) is counted apart from injected faults.
        http.Response.OnCompleted(() =>
        {
            if (http.RequestAborted.IsCancellationRequested && !fault.Counted)
            {
                engine.CountUnanswered(platform);
            }

            return Task.CompletedTask;
        });
        var decision = engine.Evaluate(platform, resolveTarget(http));
        if (ReferenceEquals(decision, ChaosDecision.None))
        {
            return await next(context).ConfigureAwait(false);
        }

        var logger = http.RequestServices.GetRequiredService<ILogger<ChaosEndpointFilter>>();
        if (decision.LatencyMs > 0)
        {
            ChaosLog.Applied(logger, platform, ChaosMode.Latency, decision.LatencyMs);
            if (!await WaitAsync(decision.LatencyMs, http.RequestAborted).ConfigureAwait(false))
            {
                fault.Count(engine, platform);
                return Results.Empty;
            }
        }

        var rule = decision.Disruption;
        if (rule is null)
        {
            return await next(context).ConfigureAwait(false);
        }

        ChaosLog.Applied(logger, platform, rule.Mode, 0);
        switch (rule.Mode)
        {
            case ChaosMode.RateLimit:
                http.Response.Headers.RetryAfter = RetryAfter(rule, engine.Now);
                return platformError(StatusCodes.Status429TooManyRequests, "rate_limit_exceeded", "Too many requests (emulated). Retry after the Retry-After delay.");

            case ChaosMode.ServerError:
                if (rule.AfterProcessing)
                {
                    var handled = await next(context).ConfigureAwait(false);
                    if (!IsSuccess(handled))
                    {
                        return handled;
                    }

                    // The run is queued; whatever the status, the client cannot know it.
                    fault.Count(engine, platform);
                }
                else if (ChaosEngine.LeavesClientInDoubt(rule.StatusCode))
                {
                    fault.Count(engine, platform);
                }

                if (rule.IncludeRetryAfter)
                {
                    http.Response.Headers.RetryAfter = RetryAfter(rule, engine.Now);
                }

                return platformError(rule.StatusCode, rule.StatusCode == 503 ? "service_unavailable" : "server_error", "The server had an error while processing your request (emulated). Retry the request.");

            case ChaosMode.ConnectionReset:
                fault.Count(engine, platform);
                http.Abort();
                return Results.Empty;

            case ChaosMode.Timeout:
                if (!await WaitAsync(rule.HoldMs, http.RequestAborted).ConfigureAwait(false))
                {
                    fault.Count(engine, platform);
                    return Results.Empty;
                }

                return await next(context).ConfigureAwait(false);

            case ChaosMode.AcceptThenDrop:
                var result = await next(context).ConfigureAwait(false);
                if (IsSuccess(result))
                {
                    fault.Count(engine, platform);
                    http.Abort();
                    return Results.Empty;
                }

                return result;

            default:
                return await next(context).ConfigureAwait(false);
        }
    }

    /// <summary>At most one after-send fault is counted per request.</summary>
    private sealed class InjectedFault
    {
        public bool Counted { get; private set; }

        public void Count(ChaosEngine engine, ChaosPlatform platform)
        {
            if (!Counted)
            {
                Counted = true;
                engine.CountAfterSendFault(platform);
            }
        }
    }

    private static string RetryAfter(ChaosRule rule, DateTimeOffset now) => rule.RetryAfterFormat == RetryAfterFormat.HttpDate
        ? now.AddSeconds(rule.RetryAfterSeconds).ToString("R", CultureInfo.InvariantCulture)
        : rule.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    private static bool IsSuccess(object? result) => result switch
    {
        IStatusCodeHttpResult { StatusCode: { } code } => code is >= 200 and < 300,
        IStatusCodeHttpResult => true,
        IResult => true,
        _ => false,
    };

    private static async Task<bool> WaitAsync(int milliseconds, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(milliseconds, aborted).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            // The client gave up first: nothing more to do for this request.
            return false;
        }
    }
}
