using System.Net;
using System.Net.Http.Headers;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Security;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ElsaWorkspaceAgents.Core.Platforms;

/// <summary>
/// Makes the read-only GETs behind run tracking and listings (status endpoints, Writer's agent list). A read starts
/// nothing, so every transient failure may be retried, within the same budget as trigger calls. It uses the same
/// logger-free handler chain, because two platforms' status URLs carry the token.
/// </summary>
internal sealed class PlatformReader
{
    private readonly IHttpMessageHandlerFactory handlerFactory;
    private readonly TimeProvider timeProvider;
    private readonly IOptionsMonitor<WorkspaceAgentsOptions> options;

    // Built once per retry budget, not on every status read (a run wait polls many times).
    private readonly RetryBudgetPipeline.Cache<PlatformReadResult> pipelines;

    public PlatformReader(IHttpMessageHandlerFactory handlerFactory, TimeProvider timeProvider, IOptionsMonitor<WorkspaceAgentsOptions> options)
    {
        this.handlerFactory = handlerFactory;
        this.timeProvider = timeProvider;
        this.options = options;
        pipelines = new RetryBudgetPipeline.Cache<PlatformReadResult>(BuildPipeline);
    }

    /// <summary>
    /// Returns the final HTTP answer, whatever its status (after retrying transient ones). Throws
    /// <see cref="HttpRequestException"/> with a secret-free message when no answer arrived within the budget.
    /// </summary>
    public async Task<PlatformReadResult> GetAsync(Uri url, string? bearerToken, IReadOnlyList<string?> secrets, CancellationToken cancellationToken)
    {
        var budget = options.CurrentValue.Retry;
        var client = PlatformHttp.Invoker(handlerFactory);
        var pipeline = pipelines.For(budget);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        RetryBudgetPipeline.Start(context, new RetryBudgetPipeline.BudgetedCall(timeProvider, budget));
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, arg) =>
                {
                    if (RetryBudgetPipeline.BudgetRanOut(ctx, out Outcome<PlatformReadResult> ranOut))
                    {
                        return ranOut;
                    }

                    try
                    {
                        return Outcome.FromResult(await arg.Reader.AttemptAsync(arg.Client, arg.Url, arg.Token, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
                    {
                        return Outcome.FromException<PlatformReadResult>(exception);
                    }
                },
                context,
                (Reader: this, Client: client, Url: url, Token: bearerToken)).ConfigureAwait(false);

            if (outcome.Exception is { } exception)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var text = exception switch
                {
                    TimeoutRejectedException or OperationCanceledException => $"No answer in time ({budget.MaxAttempts} attempts, {budget.TotalTimeout.TotalSeconds:0.#} s in total).",
                    HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "Could not connect to the platform.",
                    _ => $"{exception.GetType().Name}: {exception.Message}",
                };

                // The inner exception is dropped on purpose: its message may carry a token-bearing URL.
                throw new HttpRequestException(SecretRedactor.Redact(text, secrets));
            }

            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<PlatformReadResult> AttemptAsync(HttpMessageInvoker client, Uri url, string? bearerToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await PlatformHttp.ReadBodyAsync(response, int.MaxValue, cancellationToken).ConfigureAwait(false) ?? string.Empty;
        return new PlatformReadResult(response.StatusCode, body, RetryAfterParser.Parse(response, timeProvider.GetUtcNow()));
    }

    private ResiliencePipeline<PlatformReadResult> BuildPipeline(TriggerRetryOptions budget) =>
        RetryBudgetPipeline.Build<PlatformReadResult>(budget, timeProvider,
            shouldHandle: args => args.Outcome switch
            {
                { Exception: { } exception } => ResendPolicy.MayRetryRead(exception),
                { Result: { IsSuccess: false } result } => ResendPolicy.MayRetryRead(result.Status) &&
                                                           ResendPolicy.RetryAfterFits(result.RetryAfter, budget.MaxDelay, TimeSpan.MaxValue),
                _ => false,
            },
            retryAfter: args => args.Outcome.Result?.RetryAfter);
}
