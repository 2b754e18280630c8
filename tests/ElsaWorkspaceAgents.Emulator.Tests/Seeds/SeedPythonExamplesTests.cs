using System.Text.RegularExpressions;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.Seeds;

/// <summary>
/// The seeds' own Python examples (all in seed 004, Writer), copied verbatim; only the host is replaced and
/// <c>WRITER_API_KEY</c> is set in the interpreter's environment (see <see cref="Python"/>). If these pass, someone
/// following the Writer docs against the emulator gets the documented output. Seeds 000–003 contain no Python code
/// (001 is a truncated notebook with markdown cells only); <see cref="Embedded_examples_are_the_seeds_python_examples_verbatim"/>
/// keeps both claims honest whenever the seed files sit beside the repository (../shared/seeds).
/// </summary>
public sealed class SeedPythonExamplesTests
{
    private const string StreamExample =
        """
        import os
        import requests

        # Note about streaming
        # The Python `requests` library with `stream=True` will collect the entire SSE
        # stream and then process it line by line. For true real-time streaming,
        # consider using libraries like `httpx` or `aiohttp` that support async streaming.

        response = requests.post(
            "https://api.writer.com/v1/agents/123e4567-e89b-12d3-a456-426614174000/blueprints/ooamr04yng7",
            headers={"Authorization": f"Bearer {os.environ.get('WRITER_API_KEY')}"},
            json={"inputs": {"document_id": "doc_67890", "file_url": "https://storage.example.com/documents/invoice_2024_001.pdf", "document_type": "invoice", "priority": "high"}},
            stream=True
        )

        # Process Server-Sent Events stream
        for line in response.iter_lines():
            if line:
                line = line.decode('utf-8')
                if line.startswith('data: '):
                    data = line[6:]  # Remove 'data: ' prefix
                    if data == '[DONE]':
                        break
                    print(f"Received: {data}")
        """;

    private const string JobExample =
        """
        import os
        import requests
        import time

        def create_and_poll_job(agent_id, blueprint_id, inputs):
            # 1. Create the async job
            url = f"https://api.writer.com/v1/agents/{agent_id}/blueprints/{blueprint_id}/jobs"
            headers = {
                'Authorization': f"Bearer {os.environ.get('WRITER_API_KEY')}",
                'Content-Type': 'application/json'
            }

            response = requests.post(url, headers=headers, json={'inputs': inputs})
            job_data = response.json()
            job_id = job_data['job_id']

            print(f"Job created: {job_id}")

            # 2. Poll for completion
            while True:
                poll_url = f"https://api.writer.com/v1/agents/jobs/{job_id}"
                poll_response = requests.get(poll_url, headers=headers)
                job_status = poll_response.json()

                print(f"Job status: {job_status['status']}")

                if job_status['status'] in ['completed', 'error']:
                    return job_status

                time.sleep(2)  # Wait 2 seconds before polling again

        # Example usage
        result = create_and_poll_job(
            '123e4567-e89b-12d3-a456-426614174000',
            'ooamr04yng7',
            {'document_id': 'doc_67890', 'file_url': 'https://storage.example.com/documents/invoice_2024_001.pdf', 'document_type': 'invoice', 'priority': 'high'}
        )
        print(f"Final result: {result}")
        print(f"Artifact: {result['artifact']}")
        """;

    private const string ListExample =
        """
        import os
        import requests

        response = requests.get(
            "https://api.writer.com/v1/agents?type=builder",
            headers={"Authorization": f"Bearer {os.environ.get('WRITER_API_KEY')}"}
        )

        print(response.json())
        """;

    [PythonFact]
    public async Task Writer_streaming_example_prints_each_status_and_the_delta_and_stops_at_done()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var output = await Python.RunAsync(StreamExample, emulator.BaseAddress);

        // The seed's documented response, each data line printed by the snippet; [DONE] ends the loop unprinted.
        Assert.Equal(
            [
                """Received: {"status":"in progress","message":null}""",
                """Received: {"status":"initializing","message":"Initializing session..."}""",
                """Received: {"status":"validating","message":"Validating blueprint..."}""",
                """Received: {"status":"executing","message":"Executing blueprint: ooamr04yng7..."}""",
                """Received: {"status":"running","message":"Blueprint is running. Awaiting output..."}""",
                """Received: {"status":"processing","message":"Processing blueprint result..."}""",
                """Received: {"delta":"Document processed and routed to accounting team"}""",
            ],
            Lines(output));
        var execution = Assert.Single(emulator.State.Writer.Executions);
        Assert.Equal(DemoFixture.WriterTextBlueprint, execution.BlueprintId);
    }

    [PythonFact]
    public async Task Writer_job_example_creates_polls_until_completed_and_prints_the_artifact()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var output = await Python.RunAsync(JobExample, emulator.BaseAddress);

        var lines = Lines(output);
        var job = Assert.Single(emulator.State.Writer.Jobs);
        Assert.Equal($"Job created: {job.JobId}", lines[0]);
        var statuses = lines.Skip(1).TakeWhile(l => l.StartsWith("Job status: ", StringComparison.Ordinal)).ToList();
        Assert.Equal("Job status: completed", statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.Contains(s, new[] { "Job status: queued", "Job status: in_progress" }));
        Assert.Equal(lines.Count, 1 + statuses.Count + 2);
        Assert.StartsWith($"Final result: {{'job_id': '{job.JobId}', 'agent_id': '{DemoFixture.WriterAgentId}', 'blueprint_id': 'ooamr04yng7', 'status': 'completed', 'artifact': 'Document processed and routed to accounting team', 'error': None", lines[^2]);
        Assert.Equal("Artifact: Document processed and routed to accounting team", lines[^1]);
    }

    [PythonFact]
    public async Task Writer_listing_example_prints_the_deployed_agent_with_its_api_blueprints()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var output = await Python.RunAsync(ListExample, emulator.BaseAddress);

        // print(response.json()) shows the parsed JSON as a Python dict.
        var printed = Assert.Single(Lines(output));
        Assert.StartsWith($"{{'data': [{{'id': '{DemoFixture.WriterAgentId}', 'name': 'Document router'", printed);
        Assert.Contains($"{{'id': '{DemoFixture.WriterTextBlueprint}', 'name': 'Route document', 'trigger': 'api'}}", printed);
        Assert.DoesNotContain(DemoFixture.WriterUiOnlyBlueprint, printed);
        Assert.DoesNotContain(DemoFixture.WriterUndeployedAgentId, printed);
        Assert.EndsWith("'has_more': False, " + $"'first_id': '{DemoFixture.WriterAgentId}', 'last_id': '{DemoFixture.WriterAgentId}'}}", printed);
    }

    [SeedFilesFact]
    public void Embedded_examples_are_the_seeds_python_examples_verbatim()
    {
        // Trailing whitespace is the only difference tolerated: the seed has some on blank lines inside the examples
        // and .editorconfig trims it here; it means nothing to Python.
        var writer = SeedFiles.Read("004_");
        Assert.StartsWith("# Source: https://dev.writer.com/agent-builder/api-trigger.md", writer);
        Assert.Equal(new[] { StreamExample, JobExample, ListExample }.Select(Normalize), PythonBlocks(writer).Select(Normalize));

        foreach (var prefix in new[] { "000_", "001_", "002_", "003_" })
        {
            var seed = SeedFiles.Read(prefix);
            Assert.Empty(PythonBlocks(seed));
            Assert.DoesNotContain("\"cell_type\": \"code\"", seed, StringComparison.Ordinal);
            Assert.DoesNotContain("import requests", seed, StringComparison.Ordinal);
            Assert.DoesNotContain("import urllib", seed, StringComparison.Ordinal);
        }
    }

    private static List<string> Lines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    private static string Normalize(string code) =>
        string.Join('\n', code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).Trim('\n');

    /// <summary>The bodies of the markdown <c>```python</c> fences, with the fence's own indentation removed.</summary>
    private static List<string> PythonBlocks(string markdown)
    {
        var blocks = new List<string>();
        foreach (Match fence in Regex.Matches(markdown, @"^(?<indent>[ \t]*)```python[^\n]*\n(?<body>.*?)^\k<indent>```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline))
        {
            var indent = fence.Groups["indent"].Value;
            var lines = fence.Groups["body"].Value.TrimEnd('\n').Split('\n')
                .Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l.TrimStart());
            blocks.Add(string.Join('\n', lines));
        }

        return blocks;
    }
}

/// <summary>The seed documents, where the repository is cloned with <c>shared/</c> beside it (../shared/seeds).</summary>
internal static class SeedFiles
{
    public static readonly string? Directory = Locate();

    public static string Read(string prefix)
    {
        var file = System.IO.Directory.GetFiles(Directory!, prefix + "*.txt");
        return File.ReadAllText(Assert.Single(file));
    }

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ElsaWorkspaceAgents.sln")))
            {
                var seeds = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "seeds"));
                return System.IO.Directory.Exists(seeds) ? seeds : null;
            }
        }

        return null;
    }
}

/// <summary>A test that reads the seed files: reported as skipped when they are not beside the repository.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SeedFilesFactAttribute : FactAttribute
{
    public SeedFilesFactAttribute()
    {
        if (SeedFiles.Directory is null)
        {
            Skip = "The seed files (../shared/seeds beside the repository) are not present, so the embedded Python examples cannot be compared with them.";
        }
    }
}
