using System.CommandLine;
using System.Net;
using ElsaWorkspaceAgents.AspNetCore;
using ElsaWorkspaceAgents.Cli.Output;
using ElsaWorkspaceAgents.Core.Callbacks;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary>
/// <c>listen</c>: receives completion callbacks on a local port, verifies each one with the same receiver a host uses,
/// and prints verified results and the plain reason for every refused delivery — the tool for wiring a callback URL.
/// </summary>
public static class ListenCommand
{
    /// <summary>Where the secret comes from when <c>--secret-env</c> is not given.</summary>
    public const string DefaultSecretVariable = "GPT_WORKBENCH_WEBHOOK_SECRET";

    public static Command Create(GlobalOptions global)
    {
        var platform = new Option<string>("--platform") { Description = "The platform whose callbacks arrive (gpt-workbench).", DefaultValueFactory = _ => "gpt-workbench" };
        platform.AcceptOnlyFromAmong([.. PlatformNames.All.Keys]);
        var port = new Option<int>("--port") { Description = "Local port to listen on.", DefaultValueFactory = _ => 8787 };
        var host = new Option<string>("--host") { Description = "Address to listen on (default loopback; 0.0.0.0 to accept other machines).", DefaultValueFactory = _ => "127.0.0.1" };
        var secretEnv = new Option<string>("--secret-env") { Description = $"Environment variable holding the callback signing secret (never a flag; default {DefaultSecretVariable}).", DefaultValueFactory = _ => DefaultSecretVariable };
        var signatureHeader = new Option<string?>("--signature-header") { Description = "Header carrying the signature (default X-Workbench-Signature)." };
        var signaturePrefix = new Option<string?>("--signature-prefix") { Description = "Text before the MAC (default sha256=; \"\" for none)." };
        var encoding = new Option<string>("--signature-encoding") { Description = "hex | base64", DefaultValueFactory = _ => "hex" };
        encoding.AcceptOnlyFromAmong("hex", "base64");
        var tolerance = new Option<int>("--tolerance") { Description = "Refuse deliveries sent more than this many seconds from now.", DefaultValueFactory = _ => 300 };
        var maxBody = new Option<int>("--max-body-bytes") { Description = "Refuse bodies larger than this (413).", DefaultValueFactory = _ => new AgentCallbackOptions().MaxBodyBytes };
        var count = new Option<int?>("--count") { Description = "Stop after this many verified results (default: until Ctrl+C)." };
        var timeout = new Option<int?>("--timeout") { Description = "Stop after this many seconds." };
        var command = new Command("listen",
            "Receive completion callbacks on a local port: verifies each delivery's signature, freshness and delivery ID, prints verified " +
            "results and says why a delivery was refused. Point the trigger's webhook URL at the address it prints. " +
            "With --json each delivery is one JSON line. " + ExitCodes.Description);
        foreach (var option in new Option[] { platform, port, host, secretEnv, signatureHeader, signaturePrefix, encoding, tolerance, maxBody, count, timeout })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var reporter = global.Reporter(parse);
            var variable = parse.GetValue(secretEnv)!;
            var secret = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(secret))
            {
                return global.Fail(reporter, $"The environment variable {variable} is empty: put the callback signing secret (the trigger's webhook secret) there.", ExitCodes.InvalidInput);
            }

            if (!IPAddress.TryParse(parse.GetValue(host), out var address))
            {
                return global.Fail(reporter, $"--host must be an IP address, not '{parse.GetValue(host)}'.", ExitCodes.InvalidInput);
            }

            if (parse.GetValue(port) is < 0 or > 65535 || parse.GetValue(tolerance) < 1 || parse.GetValue(maxBody) < 1 || parse.GetValue(count) is < 1)
            {
                return global.Fail(reporter, "--port must be 0–65535, --tolerance, --max-body-bytes and --count at least 1.", ExitCodes.InvalidInput);
            }

            var scheme = new AgentCallbackOptions
            {
                SignatureEncoding = parse.GetValue(encoding) == "base64" ? AgentCallbackSignatureEncoding.Base64 : AgentCallbackSignatureEncoding.Hex,
                Tolerance = TimeSpan.FromSeconds(parse.GetValue(tolerance)),
                MaxBodyBytes = parse.GetValue(maxBody),
            };
            scheme.SignatureHeader = parse.GetValue(signatureHeader) ?? scheme.SignatureHeader;
            scheme.SignaturePrefix = parse.GetValue(signaturePrefix) ?? scheme.SignaturePrefix;
            var connection = new AgentConnection { Platform = PlatformNames.All[parse.GetValue(platform)!], CallbackSecret = secret, Callback = scheme };
            return await ListenAsync(reporter, connection, new IPEndPoint(address, parse.GetValue(port)), parse.GetValue(count),
                parse.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null, parse.GetValue(global.Verbose), cancellationToken);
        });
        return command;
    }

    private static async Task<int> ListenAsync(Reporter reporter, AgentConnection connection, IPEndPoint endpoint, int? count, TimeSpan? timeout,
        bool verbose, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        builder.Logging.ClearProviders();
        if (verbose)
        {
            // The receiver's log names connections, delivery and run IDs and verdicts only; it goes to stderr.
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true)
                .AddFilter("Microsoft", LogLevel.Warning)
                .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        builder.Services.AddWorkspaceAgents(configure: options => options.Connections[CliServices.ConnectionName] = connection);
        builder.Services.AddSingleton<IAgentCallbackHandler, PrintedRunHandler>();
        await using var app = builder.Build();
        var verified = 0;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            done.CancelAfter(limit);
        }

        async Task<IResult> Receive(HttpContext context)
        {
            var result = await AgentCallbackEndpoints.ReceiveAsync(CliServices.ConnectionName, context);
            Print(reporter, result);
            if (result.Verdict == AgentCallbackVerdict.Accepted && Interlocked.Increment(ref verified) >= count)
            {
                done.Cancel();
            }

            return AgentCallbackEndpoints.ToHttpResult(result);
        }

        // The bare address works, and so does the same route a host maps.
        var handle = (Func<HttpContext, Task<IResult>>)Receive;
        app.MapPost("/", handle);
        app.MapPost(AgentCallbackEndpoints.DefaultPattern + "/{connection}", handle);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException exception)
        {
            return Fail(reporter, $"Cannot listen on {endpoint}: {exception.Message}");
        }

        var url = app.Urls.First();
        if (reporter.Json)
        {
            reporter.DocumentLine(new { listening = url, platform = connection.Platform, signatureHeader = connection.Callback.SignatureHeader });
        }
        else
        {
            reporter.Line($"Listening on {url} — set the trigger's webhook URL to it (or {url.TrimEnd('/')}{AgentCallbackEndpoints.DefaultPattern}/{CliServices.ConnectionName}). Ctrl+C stops.");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, done.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopped by --count, --timeout or Ctrl+C.
        }

        await app.StopAsync(CancellationToken.None);
        if (count is { } wanted && verified < wanted)
        {
            reporter.Problem($"Stopped after {verified} of {wanted} verified results.");
            return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.NotVerified;
        }

        return cancellationToken.IsCancellationRequested && count is null ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    private static void Print(Reporter reporter, AgentCallbackResult result)
    {
        var at = DateTimeOffset.Now;
        var snapshot = result.Callback?.Snapshot;
        if (reporter.Json)
        {
            reporter.DocumentLine(new
            {
                at,
                verified = result.Callback is not null,
                status = result.StatusCode,
                verdict = AgentCallbackEndpoints.Verdict(result.Verdict),
                reason = result.Reason,
                deliveryId = result.Callback?.DeliveryId,
                runId = result.Callback?.RunId,
                @event = result.Callback?.Event,
                state = snapshot?.State,
                rawStatus = snapshot?.RawStatus,
                answer = snapshot?.Answer,
                error = snapshot?.Error,
                resultJson = snapshot?.ResultJson,
            });
            return;
        }

        if (result.Callback is { } callback)
        {
            var again = result.Verdict == AgentCallbackVerdict.AlreadyHandled ? " (already handled: a retry)" : string.Empty;
            reporter.Line($"{at:HH:mm:ss} verified delivery {callback.DeliveryId}{again}: run {callback.RunId} {callback.Snapshot.RawStatus} ({callback.Snapshot.State})");
            if (callback.Snapshot.Answer is { } answer)
            {
                reporter.Line($"Answer: {answer}");
            }
            else if (callback.Snapshot.Error is { } error)
            {
                reporter.Line($"Error: {error}");
            }

            return;
        }

        reporter.Line($"{at:HH:mm:ss} refused ({result.StatusCode} {AgentCallbackEndpoints.Verdict(result.Verdict)}): {result.Reason}");
    }

    private static int Fail(Reporter reporter, string message)
    {
        if (reporter.Json)
        {
            reporter.DocumentLine(new { error = message, exitCode = ExitCodes.InvalidInput });
        }
        else
        {
            reporter.Problem("error: " + message);
        }

        return ExitCodes.InvalidInput;
    }

    /// <summary>The listener knows every run: it is there to show what arrives, and acts on nothing else.</summary>
    private sealed class PrintedRunHandler : IAgentCallbackHandler
    {
        public ValueTask<AgentCallbackHandling> HandleAsync(AgentCallback callback, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AgentCallbackHandling.Handled);
    }
}
