using System.Text.Json;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// A demo group holding one object of every kind a route can name (draft, section, paragraph, bracket, option,
/// amendment, comment thread, revision, silence procedure), and a second group whose Chair is a stranger to the first.
/// </summary>
public sealed record PopulatedGroup(
    Guid GroupId, Guid DraftId, Guid SectionId, Guid ParagraphId, Guid BracketId, Guid OptionId, Guid AmendmentId, Guid ThreadId,
    Guid ProcedureId, int RevisionNumber, Guid OtherGroupId, Guid OtherParagraphId, Guid OtherDraftId, Guid WorkstreamId, Guid DocumentId)
{
    public const string Outsider = "other-group-chair";

    /// <summary>A member of the first group who translates into French.</summary>
    public const string FrenchTranslator = "translator-fr";

    public static async Task<PopulatedGroup> CreateAsync(GgeApiFactory api)
    {
        var room = await DraftRoom.CreateAsync(api);
        var chair = room.Chair;
        var paragraph = await room.AddParagraph("States should cooperate on verification.");
        var bracketed = await DraftingApi.Read<ParagraphView>(await chair.Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{paragraph.Id}/brackets",
            new { start = 0, end = 6, textVersion = paragraph.TextVersion, kind = BracketKind.Contentious, holders = new[] { "CAN" }, reason = "Canada asked for it." }));
        var optioned = await DraftingApi.Read<ParagraphView>(await chair.Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{paragraph.Id}/options",
            new { text = "States may cooperate on verification." }));
        var amendment = await room.Proposed("demo-expert-can", paragraph.Id, AmendmentKind.ReplaceText, "States shall cooperate on verification.");
        var thread = await DraftingApi.Read<CommentThread>(await room.As("demo-expert-chn").Send(HttpMethod.Post,
            $"{room.Draft}/paragraphs/{paragraph.Id}/comments", new { text = "Which States?" }));
        var revision = await DraftingApi.Read<JsonElement>(await chair.Send(HttpMethod.Post, $"{room.Draft}/revisions", new { note = "Rev. 1" }));

        var circulated = await room.AddParagraph("Verification builds confidence.");
        circulated = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(room.DraftId, circulated, ParagraphStatus.UnderNegotiation));
        var procedure = await DraftingApi.Read<JsonElement>(await chair.Send(HttpMethod.Post, $"{room.Draft}/silence",
            new { paragraphIds = new[] { circulated.Id } }));

        var imported = await DraftingApi.Read<JsonElement>(await room.As("demo-secretariat").Send(HttpMethod.Post, "/sources/import",
            new { builtIn = "A/72/304" }));
        var workstreams = await DraftingApi.Read<List<WorkstreamView>>(await chair.Client.GetAsync($"/api/groups/{room.GroupId}/workstreams"));

        var secretariat = api.ClientFor("demo-secretariat");
        var groupVersion = (await secretariat.GetAsync($"/api/groups/{room.GroupId}")).Version();
        (await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{room.GroupId}/members")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { sub = FrenchTranslator, role = "Translator", languages = new[] { "fr" } }),
        }.WithIfMatch(groupVersion))).EnsureSuccessStatusCode();

        var otherGroupId = await CreateOtherGroupAsync(api);
        var other = new DraftingApi(api.ClientFor(Outsider), otherGroupId);
        var otherWorkstream = await other.CreateWorkstream("Confidence-building measures");
        var otherSection = await other.AddSection(otherWorkstream.DraftId, "Confidence-building measures");
        var otherParagraph = await other.AddParagraph(otherWorkstream.DraftId, otherSection, "A paragraph of another group.");

        return new PopulatedGroup(room.GroupId, room.DraftId, room.SectionId, paragraph.Id, bracketed.Brackets.Single().Id,
            optioned.Options.Single().Id, amendment.Id, thread.Id, procedure.GetProperty("id").GetGuid(), revision.GetProperty("number").GetInt32(),
            otherGroupId, otherParagraph.Id, otherWorkstream.DraftId, workstreams[0].Id, imported.GetProperty("documentId").GetGuid());
    }

    /// <summary>A group created by the Secretariat officer whose Chair (<see cref="Outsider"/>) belongs to no other group.</summary>
    private static async Task<Guid> CreateOtherGroupAsync(GgeApiFactory api)
    {
        var secretariat = api.ClientFor("demo-secretariat");
        var created = await DraftingApi.Read<GgeWorkspace.Api.Groups.GroupView>(await secretariat.PostAsync("/api/groups",
            System.Net.Http.Json.JsonContent.Create(new { name = "GGE on space security", mandateReference = "A/RES/75/36" })));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{created.Id}/members")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { sub = Outsider, role = "Chair", nominatingState = "BRA", attribution = "NominatingState" }),
        }.WithIfMatch(created.Version);
        (await secretariat.SendAsync(request)).EnsureSuccessStatusCode();
        return created.Id;
    }

    /// <summary>The real id for a route parameter, by its name.</summary>
    public string? RouteValue(string name) => name switch
    {
        "groupId" => GroupId.ToString(),
        "draftId" => DraftId.ToString(),
        "sectionId" => SectionId.ToString(),
        "paragraphId" => ParagraphId.ToString(),
        "bracketId" => BracketId.ToString(),
        "optionId" => OptionId.ToString(),
        "amendmentId" => AmendmentId.ToString(),
        "threadId" => ThreadId.ToString(),
        "procedureId" => ProcedureId.ToString(),
        "number" => RevisionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "sub" => "demo-expert-usa",
        "documentName" => "v1",
        "workstreamId" => WorkstreamId.ToString(),
        "documentId" => DocumentId.ToString(),
        "code" => "CAN",
        "sourceParagraphId" => "A/72/304:CAN:1",
        "language" => "fr",
        _ => null,
    };
}
