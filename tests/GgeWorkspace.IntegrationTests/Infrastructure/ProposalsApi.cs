using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Drafts;

namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>A workstream draft with one section, and the demo cast as drafting clients of its group.</summary>
public sealed record DraftRoom(GgeApiFactory Api, Guid GroupId, Guid DraftId, Guid SectionId)
{
    public static async Task<DraftRoom> CreateAsync(GgeApiFactory api)
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");
        var section = await chair.AddSection(workstream.DraftId, "Verification challenges");
        return new DraftRoom(api, groupId, workstream.DraftId, section);
    }

    public DraftingApi As(string sub) => new(Api.ClientFor(sub), GroupId);

    public DraftingApi Chair => As("demo-chair");

    public string Draft => $"/drafts/{DraftId}";

    public Task<ParagraphView> AddParagraph(string text, Guid? after = null) => Chair.AddParagraph(DraftId, SectionId, text, after);

    public Task<HttpResponseMessage> Propose(string sub, Guid paragraphId, AmendmentKind kind, string? text, string? explanation = null) =>
        As(sub).Send(HttpMethod.Post, $"{Draft}/amendments", new { kind, paragraphId, text, explanation });

    public async Task<Amendment> Proposed(string sub, Guid paragraphId, AmendmentKind kind, string? text, string? explanation = null) =>
        await DraftingApi.Read<Amendment>(await Propose(sub, paragraphId, kind, text, explanation));

    public Task<HttpResponseMessage> OnAmendment(string sub, HttpMethod method, Guid amendmentId, string action, object? body = null, long? ifMatch = null) =>
        As(sub).Send(method, $"{Draft}/amendments/{amendmentId}/{action}", body, ifMatch);

    public async Task<ParagraphView> ReplaceText(ParagraphView p, string text) =>
        await DraftingApi.Read<ParagraphView>(await Chair.Send(HttpMethod.Put, $"{Draft}/paragraphs/{p.Id}/text", new { text }, p.TextVersion));

    public async Task<ParagraphComments> Comments(Guid paragraphId) =>
        await DraftingApi.Read<ParagraphComments>(await Chair.Client.GetAsync($"/api/groups/{GroupId}{Draft}/paragraphs/{paragraphId}/comments"));
}
