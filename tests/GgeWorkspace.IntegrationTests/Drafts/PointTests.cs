using System.Net;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;

namespace GgeWorkspace.IntegrationTests.Drafts;

/// <summary>Points (a), (b) and sub-points (i), (ii) over HTTP: each a paragraph stream, placed and numbered in the draft.</summary>
public sealed class PointTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private async Task<(DraftingApi Chair, DraftingApi Expert, DraftingApi Secretariat, Guid DraftId, Guid SectionId, ParagraphView Paragraph)> Recommendation()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Recommendations", "(a)");
        var section = await chair.AddSection(workstream.DraftId, "Recommendations");
        await chair.AddParagraph(workstream.DraftId, section, "The Group notes the work done so far.");
        var paragraph = await chair.AddParagraph(workstream.DraftId, section, "The Group recommends that States:");
        return (chair, new DraftingApi(api.ClientFor("demo-expert-can"), groupId), new DraftingApi(api.ClientFor("demo-secretariat"), groupId),
            workstream.DraftId, section, paragraph);
    }

    private static Task<HttpResponseMessage> AddPoint(DraftingApi who, Guid draftId, Guid paragraphId, string? text, Guid? parentPointId = null,
        Guid? afterPointId = null, bool? first = null) =>
        who.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{paragraphId}/points", new { text, parentPointId, afterPointId, first });

    private static async Task<ParagraphView> Point(DraftingApi who, Guid draftId, Guid paragraphId, string text, Guid? parentPointId = null, Guid? afterPointId = null)
    {
        var response = await AddPoint(who, draftId, paragraphId, text, parentPointId, afterPointId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await DraftingApi.Read<ParagraphView>(response);
    }

    private static async Task<IReadOnlyList<string>> Labels(DraftingApi who, Guid draftId)
    {
        var view = await who.Draft(draftId);
        return
        [
            .. view.Sections.SelectMany(s => s.Paragraphs).SelectMany(p => p.Points ?? [])
                .SelectMany(p => (IEnumerable<PointView>)[p, .. p.SubPoints]).Select(p => $"{p.Label} {p.Text}"),
        ];
    }

    [Fact]
    public async Task An_expert_proposes_points_and_sub_points_and_the_draft_shows_them_lettered_under_their_paragraph()
    {
        var (chair, expert, _, draftId, _, paragraph) = await Recommendation();
        var a = await Point(expert, draftId, paragraph.Id, "share best practices;");
        var c = await Point(chair, draftId, paragraph.Id, "report on progress.");
        var b = await Point(chair, draftId, paragraph.Id, "build capacity:", afterPointId: a.Id);
        var i = await Point(expert, draftId, paragraph.Id, "in developing States;", parentPointId: b.Id);
        await Point(expert, draftId, paragraph.Id, "in regional bodies;", parentPointId: b.Id, afterPointId: i.Id);

        Assert.Equal((paragraph.Id, "2 (a)", ParagraphStatus.Proposed), (a.ParentParagraphId, a.Label, a.Status));
        Assert.Equal(
            ["2 (a) share best practices;", "2 (b) build capacity:", "2 (b) (i) in developing States;", "2 (b) (ii) in regional bodies;",
                "2 (c) report on progress."],
            await Labels(expert, draftId));
        var shown = (await expert.Draft(draftId)).Sections[0].Paragraphs[1].Points!;
        Assert.Equal(["(a)", "(b)", "(c)"], shown.Select(p => p.Number));
        Assert.Equal(["(i)", "(ii)"], shown[1].SubPoints.Select(p => p.Number));
        Assert.Equal("2 (c)", (await chair.Paragraph(draftId, c.Id)).Label);
    }

    [Fact]
    public async Task A_point_shares_its_paragraphs_status_and_its_own_status_cannot_be_changed()
    {
        var (chair, _, _, draftId, _, paragraph) = await Recommendation();
        var a = await Point(chair, draftId, paragraph.Id, "share best practices;");

        var refused = await chair.ChangeStatus(draftId, a, ParagraphStatus.UnderNegotiation);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await DraftingApi.Problem(refused);
        Assert.Equal(paragraph.Id.ToString(), problem.GetProperty("paragraphId").GetString());

        var opened = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, paragraph, ParagraphStatus.UnderNegotiation));
        Assert.Equal(ParagraphStatus.UnderNegotiation, (await chair.Paragraph(draftId, a.Id)).Status);
        var agreed = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, opened, ParagraphStatus.Agreed));
        var point = await chair.Paragraph(draftId, a.Id);
        Assert.Equal(ParagraphStatus.Agreed, point.Status);
        Assert.Equal(ParagraphStatus.Agreed, (await chair.Draft(draftId)).Sections[0].Paragraphs[1].Points![0].Status);

        var edit = await chair.Send(HttpMethod.Put, $"/drafts/{draftId}/paragraphs/{a.Id}/text", new { text = "share all practices;" }, ifMatch: point.TextVersion);
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await AddPoint(chair, draftId, paragraph.Id, "a new point;")).StatusCode);
        _ = agreed;
    }

    [Fact]
    public async Task A_paragraph_is_not_agreed_while_one_of_its_points_holds_a_bracket()
    {
        var (chair, expert, _, draftId, _, paragraph) = await Recommendation();
        var a = await Point(chair, draftId, paragraph.Id, "share best practices;");
        var opened = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, paragraph, ParagraphStatus.UnderNegotiation));
        var bracketed = await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{a.Id}/brackets",
            new { start = 0, end = 5, textVersion = 0, kind = "Contentious" });
        Assert.Equal(HttpStatusCode.Created, bracketed.StatusCode);

        var refused = await chair.ChangeStatus(draftId, opened, ParagraphStatus.Agreed);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("2 (a)", (await DraftingApi.Problem(refused)).GetProperty("detail").GetString());
        Assert.Equal(ParagraphStatus.UnderNegotiation, (await chair.Paragraph(draftId, paragraph.Id)).Status);
    }

    [Fact]
    public async Task Points_renumber_when_one_is_moved_or_deleted_and_a_restored_point_takes_its_letter_back()
    {
        var (chair, _, secretariat, draftId, _, paragraph) = await Recommendation();
        var a = await Point(chair, draftId, paragraph.Id, "first;");
        var b = await Point(chair, draftId, paragraph.Id, "second;");
        var c = await Point(chair, draftId, paragraph.Id, "third.");

        var draft = await chair.Draft(draftId);
        var moved = await secretariat.Send(HttpMethod.Post, $"/drafts/{draftId}/points/{c.Id}/move", new { first = true }, ifMatch: draft.Version);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(["2 (a) third.", "2 (b) first;", "2 (c) second;"], await Labels(chair, draftId));

        var deleted = await chair.ChangeStatus(draftId, a, ParagraphStatus.Deleted);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["2 (a) third.", "2 (b) second;"], await Labels(chair, draftId));

        var gone = await chair.Paragraph(draftId, a.Id);
        var restored = await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{a.Id}/restore", new { reason = "Deleted by mistake" },
            ifMatch: gone.NegotiationVersion);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(["2 (a) third.", "2 (b) first;", "2 (c) second;"], await Labels(chair, draftId));
        _ = b;
    }

    [Fact]
    public async Task A_point_moved_to_another_paragraph_takes_that_paragraphs_status_and_letters()
    {
        var (chair, _, _, draftId, _, paragraph) = await Recommendation();
        var first = (await chair.Draft(draftId)).Sections[0].Paragraphs[0];
        await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, first, ParagraphStatus.UnderNegotiation));
        var a = await Point(chair, draftId, paragraph.Id, "share best practices;");

        var draft = await chair.Draft(draftId);
        var moved = await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/points/{a.Id}/move", new { paragraphId = first.Id }, ifMatch: draft.Version);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var point = await chair.Paragraph(draftId, a.Id);
        Assert.Equal(("1 (a)", ParagraphStatus.UnderNegotiation, (Guid?)first.Id), (point.Label, point.Status, point.ParentParagraphId));
    }

    [Fact]
    public async Task Bad_points_are_refused_with_problem_details_and_leave_nothing_behind()
    {
        var (chair, expert, _, draftId, sectionId, paragraph) = await Recommendation();
        var a = await Point(chair, draftId, paragraph.Id, "share best practices;");
        var i = await Point(chair, draftId, paragraph.Id, "in developing States;", parentPointId: a.Id);
        var other = await chair.CreateWorkstream("Another task", "(b)");
        var otherSection = await chair.AddSection(other.DraftId, "Elsewhere");
        var otherParagraph = await chair.AddParagraph(other.DraftId, otherSection, "Other text.");
        var otherPoint = await Point(chair, other.DraftId, otherParagraph.Id, "other point.");
        var before = await chair.Draft(draftId);

        var cases = new (Task<HttpResponseMessage> Response, HttpStatusCode Status)[]
        {
            (AddPoint(expert, draftId, paragraph.Id, ""), HttpStatusCode.BadRequest),
            (AddPoint(expert, draftId, paragraph.Id, null), HttpStatusCode.BadRequest),
            (AddPoint(expert, draftId, Guid.NewGuid(), "unknown paragraph;"), HttpStatusCode.NotFound),
            (AddPoint(expert, draftId, paragraph.Id, "unknown parent;", parentPointId: Guid.NewGuid()), HttpStatusCode.NotFound),
            (AddPoint(expert, draftId, paragraph.Id, "too deep;", parentPointId: i.Id), HttpStatusCode.Conflict),
            (AddPoint(expert, draftId, paragraph.Id, "after a sub-point;", afterPointId: i.Id), HttpStatusCode.NotFound),
            (AddPoint(expert, draftId, paragraph.Id, "after a point of another draft;", afterPointId: otherPoint.Id), HttpStatusCode.NotFound),
            (AddPoint(expert, draftId, paragraph.Id, "under a point of another draft;", parentPointId: otherPoint.Id), HttpStatusCode.NotFound),
            (AddPoint(expert, draftId, a.Id, "under a point as if a paragraph;"), HttpStatusCode.NotFound),
            (chair.Send(HttpMethod.Post, $"/drafts/{draftId}/points/{a.Id}/move", new { parentPointId = i.Id }, ifMatch: before.Version), HttpStatusCode.Conflict),
            (chair.Send(HttpMethod.Post, $"/drafts/{draftId}/points/{otherPoint.Id}/move", new { first = true }, ifMatch: before.Version), HttpStatusCode.NotFound),
            (chair.Send(HttpMethod.Post, $"/drafts/{draftId}/points/{a.Id}/move", new { paragraphId = sectionId }, ifMatch: before.Version), HttpStatusCode.NotFound),
        };
        foreach (var (response, status) in cases)
        {
            var answer = await response;
            Assert.Equal(status, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }

        var after = await chair.Draft(draftId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(await Labels(chair, draftId), ["2 (a) share best practices;", "2 (a) (i) in developing States;"]);
        await using var session = api.Store.QuerySession();
        var points = await session.Query<Paragraph>().Where(p => p.DraftId == draftId && p.ParentParagraphId != null).CountAsync();
        Assert.Equal(2, points);
    }
}
