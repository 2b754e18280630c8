using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

/// <summary>Raw calls to Writer's blueprint endpoints.</summary>
internal static class WriterClient
{
    public const string SeedInputs = "{\"inputs\": {\"document_id\": \"doc_67890\", \"file_url\": \"https://storage.example.com/documents/invoice_2024_001.pdf\", \"document_type\": \"invoice\", \"priority\": \"high\"}}";

    public static string BlueprintPath(string blueprint = DemoFixture.WriterTextBlueprint, string agent = DemoFixture.WriterAgentId) =>
        $"v1/agents/{agent}/blueprints/{blueprint}";

    public static HttpRequestMessage Post(string path, string body = SeedInputs, string? apiKey = DemoFixture.WriterApiKey) =>
        HttpExtensions.JsonPost(path, body, apiKey);

    public static HttpRequestMessage Get(string path, string? apiKey = DemoFixture.WriterApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiKey);
        }

        return request;
    }
}
