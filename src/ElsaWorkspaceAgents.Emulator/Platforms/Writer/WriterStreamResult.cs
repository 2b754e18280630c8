using System.Globalization;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>
/// The synchronous endpoint's Server-Sent Events, flushed one by one with small pauses, exactly in the seed's order:
/// six status events, the Return Value as <c>delta</c>, then <c>[DONE]</c>. An erroring blueprint sends
/// <c>{"status":"error","message":"..."}</c> after "running" instead of processing/delta. Each event ends with a blank line,
/// as SSE requires; optional <c>event:</c>, <c>retry:</c>, keep-alive comments and CRLF come from the blueprint fixture.
/// </summary>
internal sealed class WriterStreamResult(WriterBlueprintFixture blueprint, string returnValue, EmulatorTimings timings) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.Connection = "keep-alive";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var sse = blueprint.Sse;
        var eol = sse.CrLf ? "\r\n" : "\n";
        var aborted = httpContext.RequestAborted;
        try
        {
            if (sse.RetryMs is { } retry)
            {
                await WriteAsync(response, "retry: " + retry.ToString(CultureInfo.InvariantCulture) + eol + eol, aborted).ConfigureAwait(false);
            }

            await StatusAsync(response, "in progress", null, eol, aborted).ConfigureAwait(false);
            await StatusAsync(response, "initializing", "Initializing session...", eol, aborted).ConfigureAwait(false);
            await StatusAsync(response, "validating", "Validating blueprint...", eol, aborted).ConfigureAwait(false);
            await StatusAsync(response, "executing", $"Executing blueprint: {blueprint.Id}...", eol, aborted).ConfigureAwait(false);
            await StatusAsync(response, "running", "Blueprint is running. Awaiting output...", eol, aborted).ConfigureAwait(false);
            if (blueprint.Error is { } error)
            {
                await EventAsync(response, "error", Json(new { status = "error", message = error }), eol, aborted).ConfigureAwait(false);
            }
            else
            {
                await StatusAsync(response, "processing", "Processing blueprint result...", eol, aborted).ConfigureAwait(false);
                foreach (var chunk in Chunks(returnValue, sse.DeltaChunkSize))
                {
                    await EventAsync(response, "delta", Json(new { delta = chunk }), eol, aborted).ConfigureAwait(false);
                }
            }

            await EventAsync(response, "done", "[DONE]", eol, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away mid-stream; nothing to clean up.
        }
    }

    private Task StatusAsync(HttpResponse response, string status, string? message, string eol, CancellationToken aborted) =>
        EventAsync(response, "status", Json(new { status, message }), eol, aborted);

    private async Task EventAsync(HttpResponse response, string name, string data, string eol, CancellationToken aborted)
    {
        var text = new StringBuilder();
        if (blueprint.Sse.EventLines)
        {
            text.Append("event: ").Append(name).Append(eol);
        }

        text.Append("data: ").Append(data).Append(eol).Append(eol);
        if (blueprint.Sse.KeepAliveComments)
        {
            text.Append(": keep-alive").Append(eol).Append(eol);
        }

        await WriteAsync(response, text.ToString(), aborted).ConfigureAwait(false);
        await EmulatorTimings.DelayAsync(timings.WriterStreamEventDelay, aborted).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken aborted)
    {
        await response.WriteAsync(text, Encoding.UTF8, aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ApiJson.Wire);

    private static IEnumerable<string> Chunks(string value, int? size)
    {
        if (size is not > 0 || value.Length <= size)
        {
            yield return value;
            yield break;
        }

        for (var i = 0; i < value.Length; i += size.Value)
        {
            yield return value.Substring(i, Math.Min(size.Value, value.Length - i));
        }
    }
}
