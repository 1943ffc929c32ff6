using System.Net.Http.Json;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;

namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>Thin typed calls on the drafting endpoints, as one member; every call asserts success unless it returns the response.</summary>
public sealed class DraftingApi(HttpClient client, Guid groupId)
{
    public HttpClient Client => client;
    public Guid GroupId => groupId;
    private string Base => $"/api/groups/{groupId}";

    public static async Task<T> Read<T>(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null, long? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, Base + path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json.Options);
        if (ifMatch is { } v) request.WithIfMatch(v);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, long? ifMatch = null, string? idempotencyKey = null) =>
        client.SendAsync(Request(method, path, body, ifMatch, idempotencyKey));

    public async Task<WorkstreamView> CreateWorkstream(string title, string? label = null) =>
        await Read<WorkstreamView>(await Send(HttpMethod.Post, "/workstreams", new { title, mandate = $"Mandate of {title}", label }));

    public async Task<DraftSummary> CreateReport(string title = "Report of the Group") =>
        await Read<DraftSummary>(await Send(HttpMethod.Post, "/drafts", new { title, provisionalSymbol = "GGE/NDV/2019/CRP.1" }));

    public async Task<DraftView> Draft(Guid draftId, long? asOf = null, bool authorship = false) =>
        await Read<DraftView>(await client.GetAsync($"{Base}/drafts/{draftId}?authorship={authorship}" + (asOf is { } s ? $"&asOf={s}" : "")));

    public async Task<Guid> AddSection(Guid draftId, string heading, Guid? parent = null)
    {
        var before = await Draft(draftId);
        var after = await Read<DraftSummary>(await Send(HttpMethod.Post, $"/drafts/{draftId}/sections", new { heading, parentSectionId = parent }, before.Version));
        var view = await Draft(draftId);
        Assert.Equal(after.Version, view.Version);
        return view.Sections.SelectMany(s => s.SubSections.Prepend(s)).Single(s => s.Heading == heading).Id;
    }

    public async Task<ParagraphView> AddParagraph(Guid draftId, Guid sectionId, string text, Guid? after = null) =>
        await Read<ParagraphView>(await Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs", new { sectionId, text, afterParagraphId = after }));

    public async Task<ParagraphView> Paragraph(Guid draftId, Guid paragraphId) =>
        await Read<ParagraphView>(await client.GetAsync($"{Base}/drafts/{draftId}/paragraphs/{paragraphId}"));

    public Task<HttpResponseMessage> ChangeStatus(Guid draftId, ParagraphView p, ParagraphStatus status, string? reason = null, Guid? chosenOptionId = null) =>
        Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/status", new { status, reason, chosenOptionId }, p.NegotiationVersion);

    public static async Task<JsonElement> Problem(HttpResponseMessage response) => await response.ProblemAsync();
}
