using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.Seeds;

/// <summary>
/// The seeds' own curl examples, copied verbatim; only the host and the documentation placeholders are replaced
/// (see <see cref="Curl"/>). If these pass, someone following the platform docs against the emulator gets the documented result.
/// </summary>
public sealed class SeedCurlExamplesTests
{
    public static TheoryData<string, string> GptWorkbenchExamples => new()
    {
        {
            """
            curl -X POST https://engine.yourinstance.com/webhooks/trigger/{apiToken} \
              -H "Content-Type: application/json" \
              -d '{"prompt": "Generate a daily summary of open support tickets", "source": "helpdesk"}'
            """,
            "Generate a daily summary of open support tickets"
        },
        {
            """
            curl -X POST https://engine.yourinstance.com/webhooks/trigger/{token} \
              -H "Content-Type: application/json" \
              -d '{"prompt": "A new deal was closed: Acme Corp, $50,000 ARR. Generate a welcome onboarding email draft for the primary contact.", "source": "hubspot"}'
            """,
            "A new deal was closed: Acme Corp, $50,000 ARR. Generate a welcome onboarding email draft for the primary contact."
        },
        {
            """
            curl -X POST https://engine.yourinstance.com/webhooks/trigger/{token} \
              -H "Content-Type: application/json" \
              -d '{"prompt": "Build #1234 failed on branch feature/auth-redesign. Error: TypeScript compilation error in auth.service.ts line 47. Analyze the likely cause and suggest a fix.", "source": "github-actions"}'
            """,
            "Build #1234 failed on branch feature/auth-redesign. Error: TypeScript compilation error in auth.service.ts line 47. Analyze the likely cause and suggest a fix."
        },
        {
            """
            curl -X POST https://engine.yourinstance.com/webhooks/trigger/{token} \
              -H "Content-Type: application/json" \
              -d '{"prompt": "New support request from john@acme.com: I cannot export reports to PDF since the last update. Categorize this issue, assess severity, and draft a response.", "source": "support-form"}'
            """,
            "New support request from john@acme.com: I cannot export reports to PDF since the last update. Categorize this issue, assess severity, and draft a response."
        },
        {
            // The cron example's schedule prefix "0 8 * * * " is crontab syntax, not shell; the command after it is verbatim.
            """
            curl -s -X POST https://engine.yourinstance.com/webhooks/trigger/{token} \
              -H "Content-Type: application/json" \
              -d '{"prompt": "Generate today'\''s morning briefing using the latest data from our dashboards.", "source": "cron"}'
            """,
            "Generate today's morning briefing using the latest data from our dashboards."
        },
    };

    [Theory]
    [MemberData(nameof(GptWorkbenchExamples))]
    public async Task Gpt_workbench_examples_queue_the_prompt(string commandLine, string expectedPrompt)
    {
        await using var emulator = await TestEmulator.StartAsync();

        var output = await Curl.RunAsync(commandLine, emulator.BaseAddress);

        using var json = JsonDocument.Parse(output);
        Assert.Equal("queued", json.RootElement.GetProperty("status").GetString());
        var jobId = json.RootElement.GetProperty("jobId").GetString()!;
        var job = await Poll.UntilAsync(() => emulator.State.GptWorkbench.GetJob(jobId)!, j => j.Status == WorkbenchExecutionStatus.Completed);
        Assert.Equal(expectedPrompt, job.Prompt);
        Assert.Equal("GPT Workbench response to: " + (expectedPrompt.Length > 200 ? expectedPrompt[..200] : expectedPrompt), job.Response);
    }

    [Fact]
    public async Task Docs_gpt_examples_trigger_poll_and_deduplicate()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var post = await Curl.RunAsync(
            """
            curl -X POST \
              http://localhost:7091/api/webhooks/agents/your_webhook_token \
              -H "Content-Type: application/json" \
              -d '{"question": "Your message to agent"}'
            """,
            emulator.BaseAddress);
        var get = await Curl.RunAsync(
            """
            curl "http://localhost:7091/api/webhooks/agents/your_webhook_token?question=Your+message+to+agent"
            """,
            emulator.BaseAddress);
        var idempotentCommand =
            """
            curl -X POST \
              http://localhost:7091/api/webhooks/agents/your_webhook_token \
              -H "Content-Type: application/json" \
              -H "Idempotency-Key: order-4567-created" \
              -d '{"question": "Your message to agent"}'
            """;
        var first = await Curl.RunAsync(idempotentCommand, emulator.BaseAddress);
        var second = await Curl.RunAsync(idempotentCommand, emulator.BaseAddress);

        var postTask = TaskId(post);
        Assert.NotEqual(postTask, TaskId(get));
        Assert.Equal(TaskId(first), TaskId(second));
        Assert.Equal(3, emulator.State.DocsGpt.Tasks.Count);

        await Poll.UntilAsync(() => emulator.State.DocsGpt.GetTask(postTask)!.Status, s => s == DocsGptTaskStatus.Success);
        var status = await Curl.RunAsync(
            """
            # Replace the task_id with the one you received
            curl http://localhost:7091/api/task_status?task_id=YOUR_TASK_ID
            """,
            emulator.BaseAddress,
            new Dictionary<string, string> { ["YOUR_TASK_ID"] = postTask });
        using var json = JsonDocument.Parse(status);
        Assert.Equal("SUCCESS", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("DocsGPT agent demo-agent answered: Your message to agent", json.RootElement.GetProperty("result").GetProperty("result").GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Writer_examples_stream_run_jobs_and_list()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var stream = await Curl.RunAsync(
            """
            curl -X POST "https://api.writer.com/v1/agents/123e4567-e89b-12d3-a456-426614174000/blueprints/ooamr04yng7" \
                -H "Authorization: Bearer <your_api_key>" \
                -H "Content-Type: application/json" \
                -d '{"inputs": {"document_id": "doc_67890", "file_url": "https://storage.example.com/documents/invoice_2024_001.pdf", "document_type": "invoice", "priority": "high"}}'
            """,
            emulator.BaseAddress);
        Assert.Contains("data: {\"status\":\"in progress\",\"message\":null}", stream);
        Assert.Contains("data: {\"delta\":\"Document processed and routed to accounting team\"}", stream);
        Assert.EndsWith("data: [DONE]\n\n", stream);

        var created = await Curl.RunAsync(
            """
            # 1. Create the async job
            curl -X POST "https://api.writer.com/v1/agents/123e4567-e89b-12d3-a456-426614174000/blueprints/ooamr04yng7/jobs" \
                -H "Authorization: Bearer <your_api_key>" \
                -H "Content-Type: application/json" \
                -d '{"inputs": {"document_id": "doc_67890", "file_url": "https://storage.example.com/documents/invoice_2024_001.pdf", "document_type": "invoice", "priority": "high"}}'
            """,
            emulator.BaseAddress);
        using var createdJson = JsonDocument.Parse(created);
        Assert.Equal("queued", createdJson.RootElement.GetProperty("status").GetString());
        var jobId = createdJson.RootElement.GetProperty("job_id").GetString()!;

        var polled = await Poll.UntilAsync(
            () => Curl.RunAsync(
                """
                # 2. Poll for job status and result
                curl -X GET "https://api.writer.com/v1/agents/jobs/job_abc123def456" \
                    -H "Authorization: Bearer <your_api_key>"
                """,
                emulator.BaseAddress,
                new Dictionary<string, string> { ["job_abc123def456"] = jobId }),
            text => text.Contains("\"status\":\"completed\"", StringComparison.Ordinal));
        using var polledJson = JsonDocument.Parse(polled);
        Assert.Equal("Document processed and routed to accounting team", polledJson.RootElement.GetProperty("artifact").GetString());

        var list = await Curl.RunAsync(
            """
            curl -X GET "https://api.writer.com/v1/agents?type=builder" \
              -H "Authorization: Bearer <your_api_key>"
            """,
            emulator.BaseAddress);
        using var listJson = JsonDocument.Parse(list);
        Assert.Equal(DemoFixture.WriterAgentId, listJson.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Workspace_agents_request_shape_from_the_seed_is_accepted_by_curl()
    {
        // Seeds 000/001 show no curl line; this is the documented request (path, Bearer, Content-Type, Idempotency-Key,
        // input, conversation_key) written as curl, with the notebook's input text.
        await using var emulator = await TestEmulator.StartAsync();

        var output = await Curl.RunAsync(
            """
            curl -s -o /dev/null -w "%{http_code}" -X POST http://localhost:7091/v1/workspace_agents/agtch_demo/trigger \
              -H "Authorization: Bearer wat_demo_token" \
              -H "Content-Type: application/json" \
              -H "Idempotency-Key: workspace-agent-api-demo-DEMO-20260618010101-v1" \
              -d '{"conversation_key": "workspace-agent-api-demo-DEMO-20260618010101", "input": "Request ID: DEMO-20260618010101\nSource system: notebook demo\nOutput destination: demo-channel\nUpdate text: The API trigger reached the Workspace Agent and asked it to write this update."}'
            """,
            emulator.BaseAddress);

        Assert.Equal("202", output);
        var write = await Poll.UntilAsync(() => emulator.State.WorkspaceAgents.GetDestinationWrites(DemoFixture.DemoDestination), w => w.Count == 1);
        Assert.Equal("Workspace Agent API demo received: DEMO-20260618010101", write[0].Text);
    }

    private static string TaskId(string output)
    {
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("task_id").GetString()!;
    }
}
