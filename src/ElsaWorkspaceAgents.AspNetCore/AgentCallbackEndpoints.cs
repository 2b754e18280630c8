using System.Buffers;
using ElsaWorkspaceAgents.Core.Callbacks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.AspNetCore;

/// <summary>Maps the completion-callback endpoint in any ASP.NET Core host.</summary>
public static class AgentCallbackEndpoints
{
    /// <summary>The default route prefix: callbacks for connection <c>x</c> go to <c>POST /agent-callbacks/x</c>.</summary>
    public const string DefaultPattern = "/agent-callbacks";

    /// <summary>
    /// Maps <c>POST {pattern}/{connection}</c>: the raw body (read no further than the connection's size limit) and the
    /// headers go to <see cref="IAgentCallbackReceiver"/>, whose verdict is the answer — 200 for a verified delivery (also a
    /// retry of one handled before), 401 for a missing, malformed, wrong or stale signature, 404 for an unknown connection
    /// or run, 409 for a reused delivery ID, 413 for an oversized body, 400 for a body that names no run — with
    /// <c>{"verdict", "message"}</c> as JSON. The endpoint allows anonymous callers: the signature is its authentication.
    /// Needs <c>services.AddWorkspaceAgents(…)</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapAgentCallbacks(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        return endpoints.MapPost(pattern.TrimEnd('/') + "/{connection}", HandleAsync)
            .WithName("AgentCallbacks")
            .DisableAntiforgery()
            // The HMAC signature is this endpoint's authentication; a host-wide fallback policy (e.g. Elsa Identity's) must not demand a login.
            .AllowAnonymous();
    }

    /// <summary>Handles one delivery (also usable from a hand-written endpoint).</summary>
    public static async Task<IResult> HandleAsync(string connection, HttpContext context) => ToHttpResult(await ReceiveAsync(connection, context).ConfigureAwait(false));

    /// <summary>The answer for a receiver's verdict: its status code with <c>{"verdict", "message"}</c>.</summary>
    public static IResult ToHttpResult(AgentCallbackResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Results.Json(new CallbackAnswer(Verdict(result.Verdict), result.Reason), statusCode: result.StatusCode);
    }

    /// <summary>Reads the request's body (no further than the connection's limit) and headers and lets the receiver decide.</summary>
    public static async Task<AgentCallbackResult> ReceiveAsync(string connection, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var receiver = context.RequestServices.GetRequiredService<IAgentCallbackReceiver>();
        var limit = receiver.MaxBodyBytes(connection) ?? 0;
        var body = context.Request.ContentLength > limit
            ? new byte[limit + 1] // Not read at all: the receiver refuses it by its length alone.
            : await ReadAtMostAsync(context.Request.Body, limit + 1, context.RequestAborted).ConfigureAwait(false);
        var headers = context.Request.Headers;
        return await receiver.ReceiveAsync(connection, name => headers.TryGetValue(name, out var value) ? value.ToString() : null,
            body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The verdict as a snake_case word, e.g. <c>invalid_signature</c>.</summary>
    public static string Verdict(AgentCallbackVerdict verdict) =>
        string.Concat(verdict.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static async Task<byte[]> ReadAtMostAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(max, 16 * 1024));
        while (buffer.WrittenCount < max)
        {
            var memory = buffer.GetMemory(Math.Min(16 * 1024, max - buffer.WrittenCount));
            var read = await stream.ReadAsync(memory[..Math.Min(memory.Length, max - buffer.WrittenCount)], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed record CallbackAnswer(string Verdict, string Message);
}
