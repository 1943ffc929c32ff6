using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Consensus;

/// <summary>A demo group with a workstream draft of one section, and the members' clients.</summary>
public sealed record ConsensusRoom(GgeApiFactory Api, Guid GroupId, Guid DraftId, Guid SectionId, Func<string, HttpClient> Clients)
{
    public DraftingApi As(string sub) => new(Clients(sub), GroupId);

    public DraftingApi Chair => As("demo-chair");

    public static async Task<ConsensusRoom> OpenAsync(GgeApiFactory api, Func<string, HttpClient>? clients = null)
    {
        clients ??= api.ClientFor;
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(clients("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");
        var section = await chair.AddSection(workstream.DraftId, "Verification challenges");
        return new ConsensusRoom(api, groupId, workstream.DraftId, section, clients);
    }

    /// <summary>A paragraph added by the Chair and put under negotiation: no brackets, one text, so it could be agreed.</summary>
    public async Task<ParagraphView> NegotiableParagraphAsync(string text)
    {
        var p = await Chair.AddParagraph(DraftId, SectionId, text);
        return await DraftingApi.Read<ParagraphView>(await Chair.ChangeStatus(DraftId, p, ParagraphStatus.UnderNegotiation));
    }

    public async Task<ParagraphView> AgreedAdReferendumAsync(string text)
    {
        var p = await NegotiableParagraphAsync(text);
        return await DraftingApi.Read<ParagraphView>(await Chair.ChangeStatus(DraftId, p, ParagraphStatus.AgreedAdReferendum));
    }

    public string Positions(Guid paragraphId) => $"/drafts/{DraftId}/paragraphs/{paragraphId}/positions";

    public Task<HttpResponseMessage> StatePosition(string sub, Guid paragraphId, object position) =>
        As(sub).Send(HttpMethod.Post, Positions(paragraphId), position);

    public async Task<JsonElement> Get(string sub, string path) => await DraftingApi.Read<JsonElement>(await As(sub).Send(HttpMethod.Get, path));
}
