using System.Net;
using System.Net.Http.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;

namespace GgeWorkspace.IntegrationTests.Drafts;

public sealed class DraftingTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private async Task<(DraftingApi Chair, DraftingApi Expert, DraftingApi Secretariat, Guid DraftId, Guid SectionId)> Workstream()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");
        var section = await chair.AddSection(workstream.DraftId, "Verification challenges");
        return (chair, new DraftingApi(api.ClientFor("demo-expert-can"), groupId), new DraftingApi(api.ClientFor("demo-secretariat"), groupId),
            workstream.DraftId, section);
    }

    [Fact]
    public async Task A_paragraph_goes_from_proposed_to_agreed_with_brackets_added_and_cleaned_and_an_option_chosen()
    {
        var (chair, expert, secretariat, draftId, sectionId) = await Workstream();
        var p = await expert.AddParagraph(draftId, sectionId, "Verification must be effective and non-discriminatory.");
        Assert.Equal(ParagraphStatus.Proposed, p.Status);

        var bracketed = await DraftingApi.Read<ParagraphView>(await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/brackets",
            new { start = 21, end = 30, textVersion = p.TextVersion, kind = "Contentious", holders = new[] { "CAN" } }));
        Assert.Equal(ParagraphStatus.UnderNegotiation, bracketed.Status);
        var bracket = Assert.Single(bracketed.Brackets);
        Assert.Equal("effective", bracketed.Text[bracket.Start..bracket.End]);

        var withOption1 = await DraftingApi.Read<ParagraphView>(await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/options",
            new { text = "Verification must be effective." }));
        var withOption2 = await DraftingApi.Read<ParagraphView>(await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/options",
            new { text = "Verification must be effective, credible and non-discriminatory." }));
        Assert.Equal([1, 2], withOption2.Options.Select(o => o.Number));

        var refused = await chair.ChangeStatus(draftId, withOption2, ParagraphStatus.Agreed, chosenOptionId: withOption2.Options[1].Id);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var cleaned = await DraftingApi.Read<ParagraphView>(await secretariat.Send(HttpMethod.Delete,
            $"/drafts/{draftId}/paragraphs/{p.Id}/brackets/{bracket.Id}", ifMatch: withOption2.NegotiationVersion));
        Assert.Empty(cleaned.Brackets);

        var adRef = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, cleaned, ParagraphStatus.AgreedAdReferendum));
        Assert.Equal(ParagraphStatus.AgreedAdReferendum, adRef.Status);
        var agreed = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, adRef, ParagraphStatus.Agreed, chosenOptionId: withOption2.Options[1].Id));
        Assert.Equal(ParagraphStatus.Agreed, agreed.Status);
        Assert.Equal("Verification must be effective, credible and non-discriminatory.", agreed.Text);
        Assert.Empty(agreed.Options);
        _ = withOption1;

        var view = await expert.Draft(draftId);
        Assert.Equal(ParagraphStatus.Agreed, view.Sections[0].Paragraphs.Single().Status);
        Assert.Equal(1, view.Sections[0].Paragraphs.Single().Number);
    }

    [Fact]
    public async Task Only_the_chair_reopens_agreed_text_and_only_with_a_reason()
    {
        var (chair, _, secretariat, draftId, sectionId) = await Workstream();
        var p = await chair.AddParagraph(draftId, sectionId, "The Group agreed on the following.");
        p = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, p, ParagraphStatus.UnderNegotiation));
        p = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, p, ParagraphStatus.Agreed));

        Assert.Equal(HttpStatusCode.Forbidden, (await secretariat.ChangeStatus(draftId, p, ParagraphStatus.UnderNegotiation, "why not")).StatusCode);
        var noReason = await chair.ChangeStatus(draftId, p, ParagraphStatus.UnderNegotiation);
        Assert.True(noReason.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, noReason.StatusCode.ToString());

        var reopened = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, p, ParagraphStatus.UnderNegotiation, "New instructions from capitals"));
        Assert.Equal(ParagraphStatus.UnderNegotiation, reopened.Status);

        await using var session = api.Store.QuerySession();
        var last = (await session.Events.FetchStreamAsync(p.Id))[^1];
        Assert.Equal("New instructions from capitals", Assert.IsType<ParagraphReopened>(last.Data).Reason);
        Assert.Equal("demo-chair", last.Headers!["actor"].ToString());
        Assert.Equal("NOR", last.Headers!["state"].ToString());
        Assert.Equal("New instructions from capitals", last.Headers!["reason"].ToString());
    }

    [Fact]
    public async Task Only_the_Chair_deletes_agreed_text_with_a_reason_and_restores_it_agreed_in_its_place()
    {
        var (chair, _, secretariat, draftId, sectionId) = await Workstream();
        var one = await chair.AddParagraph(draftId, sectionId, "One.");
        var p = await chair.AddParagraph(draftId, sectionId, "The Group agreed on the following.");
        p = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, p, ParagraphStatus.UnderNegotiation));
        p = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, p, ParagraphStatus.Agreed));
        _ = one;

        Assert.Equal(HttpStatusCode.Forbidden, (await secretariat.ChangeStatus(draftId, p, ParagraphStatus.Deleted, "Duplicate")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await chair.ChangeStatus(draftId, p, ParagraphStatus.Deleted)).StatusCode);
        var deleted = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, p, ParagraphStatus.Deleted, "Merged into paragraph 1."));
        Assert.Equal(ParagraphStatus.Deleted, deleted.Status);
        Assert.Null((await chair.Draft(draftId)).Sections[0].Paragraphs.SingleOrDefault(x => x.Id == p.Id));

        var restorePath = $"/drafts/{draftId}/paragraphs/{p.Id}/restore";
        Assert.Equal(HttpStatusCode.Forbidden,
            (await secretariat.Send(HttpMethod.Post, restorePath, new { reason = "Deleted in error." }, deleted.NegotiationVersion)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await chair.Send(HttpMethod.Post, restorePath, new { reason = (string?)null }, deleted.NegotiationVersion)).StatusCode);
        var restored = await DraftingApi.Read<ParagraphView>(
            await chair.Send(HttpMethod.Post, restorePath, new { reason = "Deleted in error." }, deleted.NegotiationVersion));
        Assert.Equal(ParagraphStatus.Agreed, restored.Status);
        Assert.Equal(2, restored.Number);
        Assert.Equal([1, 2], (await chair.Draft(draftId)).Sections[0].Paragraphs.Select(x => x.Number!.Value));
        var again = await chair.Send(HttpMethod.Post, restorePath, new { reason = "Twice." }, restored.NegotiationVersion);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Agreed", (await DraftingApi.Problem(again)).GetProperty("currentStatus").GetString());

        await using var session = api.Store.QuerySession();
        var history = await session.Events.FetchStreamAsync(p.Id);
        var feed = history.TakeLast(2).Select(GgeWorkspace.Api.Groups.GroupActivityProjection.EntryFor).ToList();
        Assert.Equal(
            [("paragraph_deleted", "Merged into paragraph 1."), ("paragraph_restored", "Deleted in error.")],
            feed.Select(e => (e!.Kind, e.Reason)));
        Assert.Equal(new ParagraphRestored(chair.GroupId, draftId, p.Id, ParagraphStatus.Agreed, "Deleted in error."), history[^1].Data);
    }

    [Fact]
    public async Task The_Secretariat_deletes_a_proposed_paragraph_but_not_one_under_negotiation()
    {
        var (_, expert, secretariat, draftId, sectionId) = await Workstream();
        var mistake = await secretariat.AddParagraph(draftId, sectionId, "Added by mistake.");
        var negotiated = await expert.AddParagraph(draftId, sectionId, "Verification builds trust.");
        negotiated = await DraftingApi.Read<ParagraphView>(await secretariat.ChangeStatus(draftId, negotiated, ParagraphStatus.UnderNegotiation));

        Assert.Equal(ParagraphStatus.Deleted,
            (await DraftingApi.Read<ParagraphView>(await secretariat.ChangeStatus(draftId, mistake, ParagraphStatus.Deleted))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretariat.ChangeStatus(draftId, negotiated, ParagraphStatus.Deleted, "Duplicate")).StatusCode);
    }

    [Fact]
    public async Task A_refused_transition_is_a_409_naming_the_current_status()
    {
        var (chair, _, _, draftId, sectionId) = await Workstream();
        var p = await chair.AddParagraph(draftId, sectionId, "Text.");
        var refused = await chair.ChangeStatus(draftId, p, ParagraphStatus.Agreed);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Proposed", (await refused.ProblemAsync()).GetProperty("currentStatus").GetString());
        var backToProposed = await chair.ChangeStatus(draftId, p, ParagraphStatus.Proposed);
        Assert.Equal(HttpStatusCode.Conflict, backToProposed.StatusCode);
    }

    [Fact]
    public async Task State_dependent_writes_need_If_Match_and_stale_versions_get_412_with_the_current_one()
    {
        var (chair, _, _, draftId, sectionId) = await Workstream();
        var p = await chair.AddParagraph(draftId, sectionId, "Original text.");

        var noIfMatch = await chair.Send(HttpMethod.Put, $"/drafts/{draftId}/paragraphs/{p.Id}/text", new { text = "New text." });
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);

        var first = await chair.Send(HttpMethod.Put, $"/drafts/{draftId}/paragraphs/{p.Id}/text", new { text = "New text." }, p.TextVersion);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stale = await chair.Send(HttpMethod.Put, $"/drafts/{draftId}/paragraphs/{p.Id}/text", new { text = "Other text." }, p.TextVersion);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(p.TextVersion + 1, (await stale.ProblemAsync()).GetProperty("currentVersion").GetInt64());

        var draft = await chair.Draft(draftId);
        var sectionNoIfMatch = await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/sections", new { heading = "II" });
        Assert.Equal((HttpStatusCode)428, sectionNoIfMatch.StatusCode);
        var sectionStale = await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/sections", new { heading = "II" }, draft.Version - 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, sectionStale.StatusCode);
        Assert.Equal(draft.Version, (await sectionStale.ProblemAsync()).GetProperty("currentVersion").GetInt64());
    }

    [Fact]
    public async Task Negotiation_writes_are_not_refused_because_the_text_changed()
    {
        var (chair, _, _, draftId, sectionId) = await Workstream();
        var p = await chair.AddParagraph(draftId, sectionId, "Text that someone keeps editing.");
        (await chair.Send(HttpMethod.Put, $"/drafts/{draftId}/paragraphs/{p.Id}/text", new { text = "Text that someone edited." }, p.TextVersion)).EnsureSuccessStatusCode();
        var status = await chair.ChangeStatus(draftId, p, ParagraphStatus.UnderNegotiation);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task A_repeated_Idempotency_Key_appends_nothing()
    {
        var (_, expert, _, draftId, sectionId) = await Workstream();
        var key = Guid.NewGuid().ToString();
        var body = new { sectionId, text = "Proposed once." };
        var first = await DraftingApi.Read<ParagraphView>(await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs", body, idempotencyKey: key));
        var again = await DraftingApi.Read<ParagraphView>(await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs", body, idempotencyKey: key));
        Assert.Equal(first.Id, again.Id);
        Assert.Single((await expert.Draft(draftId)).Sections[0].Paragraphs);

        var otherBody = await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs", new { sectionId, text = "Something else." }, idempotencyKey: key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
    }

    [Fact]
    public async Task A_draft_reads_as_of_an_earlier_sequence()
    {
        var (chair, _, _, draftId, sectionId) = await Workstream();
        var p = await chair.AddParagraph(draftId, sectionId, "First wording.");
        var before = await chair.Draft(draftId);
        (await chair.Send(HttpMethod.Put, $"/drafts/{draftId}/paragraphs/{p.Id}/text", new { text = "Second wording." }, p.TextVersion)).EnsureSuccessStatusCode();
        await chair.AddParagraph(draftId, sectionId, "A later paragraph.");
        var now = await chair.Draft(draftId);
        Assert.True(now.Sequence > before.Sequence);

        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var asOf = await chair.Draft(draftId, asOf: before.Sequence);
        Assert.True(asOf.AsOf);
        Assert.Equal(before.Sequence, asOf.Sequence);
        var only = Assert.Single(asOf.Sections[0].Paragraphs);
        Assert.Equal("First wording.", only.Text);
        Assert.Equal(2, now.Sections[0].Paragraphs.Count);

        var tooNew = await chair.Client.GetAsync($"/api/groups/{chair.GroupId}/drafts/{draftId}?asOf={now.Sequence + 1_000_000}");
        Assert.Equal(HttpStatusCode.Conflict, tooNew.StatusCode);
        Assert.True((await tooNew.ProblemAsync()).TryGetProperty("highWaterMark", out _));
    }

    [Fact]
    public async Task Arabic_and_Chinese_text_with_emoji_and_combining_marks_survive_byte_exact()
    {
        var (chair, expert, _, draftId, sectionId) = await Workstream();
        const string text = "التحقق من نزع السلاح النووي 核裁军核查 🇳🇴👩🏽‍🔬 e\u0301 \u202Einert";
        var p = await expert.AddParagraph(draftId, sectionId, text);
        Assert.Equal(text, p.Text);
        var read = await chair.Draft(draftId);
        Assert.Equal(text, read.Sections[0].Paragraphs[0].Text);

        var raw = await chair.Client.GetByteArrayAsync($"/api/groups/{chair.GroupId}/drafts/{draftId}/paragraphs/{p.Id}");
        // Arabic and Chinese travel as themselves (astral characters are escaped as surrogate pairs, still exact once parsed).
        foreach (var script in new[] { "التحقق من نزع السلاح النووي", "核裁军核查" })
            Assert.True(raw.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(script)) >= 0, System.Text.Encoding.UTF8.GetString(raw));

        // A bracket counted in code points lands on the right characters even after astral emoji.
        var start = CodePoints.Length("التحقق من نزع السلاح النووي ");
        var bracketed = await DraftingApi.Read<ParagraphView>(await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/brackets",
            new { start, end = start + 5, textVersion = p.TextVersion, kind = "Alternative", holders = new[] { "CAN" } }));
        var b = Assert.Single(bracketed.Brackets);
        Assert.Equal("核裁军核查", CodePoints.Slice(bracketed.Text, b.Start, b.End - b.Start));
    }

    [Fact]
    public async Task Numbers_follow_position_and_ids_never_change_when_paragraphs_move_or_are_deleted()
    {
        var (chair, _, _, draftId, sectionId) = await Workstream();
        var one = await chair.AddParagraph(draftId, sectionId, "One.");
        var two = await chair.AddParagraph(draftId, sectionId, "Two.");
        var three = await chair.AddParagraph(draftId, sectionId, "Three.");
        var second = await chair.AddSection(draftId, "Second section");

        var draft = await chair.Draft(draftId);
        (await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{one.Id}/move", new { sectionId = second }, draft.Version)).EnsureSuccessStatusCode();
        (await chair.ChangeStatus(draftId, two, ParagraphStatus.Deleted, "Merged elsewhere")).EnsureSuccessStatusCode();

        var view = await chair.Draft(draftId);
        Assert.Equal(["I.", "II."], view.Sections.Select(s => s.Number));
        Assert.Equal((three.Id, 1), (view.Sections[0].Paragraphs.Single().Id, view.Sections[0].Paragraphs.Single().Number!.Value));
        Assert.Equal((one.Id, 2), (view.Sections[1].Paragraphs.Single().Id, view.Sections[1].Paragraphs.Single().Number!.Value));
        var withDeleted = await DraftingApi.Read<DraftView>(await chair.Client.GetAsync($"/api/groups/{chair.GroupId}/drafts/{draftId}?deleted=true"));
        Assert.Equal(two.Id, Assert.Single(withDeleted.Deleted!).Id);
    }

    [Fact]
    public async Task A_paragraph_copied_into_the_report_keeps_a_link_to_its_source_and_its_authorship()
    {
        var (chair, expert, _, draftId, sectionId) = await Workstream();
        var source = await expert.AddParagraph(draftId, sectionId, "A paragraph written by Canada.");
        var report = await chair.CreateReport();
        var reportSection = await chair.AddSection(report.Id, "Recommendations");

        var copy = await DraftingApi.Read<ParagraphView>(await chair.Send(HttpMethod.Post, $"/drafts/{report.Id}/paragraphs",
            new { sectionId = reportSection, sourceParagraphId = source.Id }));
        Assert.Equal(source.Text, copy.Text);
        Assert.Equal((draftId, source.Id), (copy.SourceDraftId!.Value, copy.SourceParagraphId!.Value));
        Assert.All(copy.Authorship!, run => Assert.Equal(("demo-expert-can", "CAN"), (run.AuthorSub, run.AuthorState)));

        var drafts = await DraftingApi.Read<List<DraftSummary>>(await chair.Client.GetAsync($"/api/groups/{chair.GroupId}/drafts"));
        Assert.Contains(drafts, d => d.Kind == DraftKind.Report);
        Assert.Contains(drafts, d => d.Kind == DraftKind.WorkstreamDraft);
    }

    [Fact]
    public async Task Bracket_counts_are_available_per_section_now_and_over_the_history()
    {
        var (chair, expert, _, draftId, sectionId) = await Workstream();
        var p = await expert.AddParagraph(draftId, sectionId, "alpha beta gamma");
        var b1 = await DraftingApi.Read<ParagraphView>(await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/brackets",
            new { start = 0, end = 5, textVersion = 0, kind = "Trading", holders = new[] { "CAN" } }));
        var b2 = await DraftingApi.Read<ParagraphView>(await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/brackets",
            new { start = 6, end = 10, textVersion = 0, kind = "Trading", holders = new[] { "CAN" } }));
        (await chair.Send(HttpMethod.Delete, $"/drafts/{draftId}/paragraphs/{p.Id}/brackets/{b1.Brackets[0].Id}", ifMatch: b2.NegotiationVersion)).EnsureSuccessStatusCode();

        var counts = await DraftingApi.Read<List<SectionBracketCount>>(await chair.Client.GetAsync($"/api/groups/{chair.GroupId}/drafts/{draftId}/bracket-counts"));
        Assert.Equal(1, counts.Single().Brackets);
        var history = await DraftingApi.Read<List<BracketCountPoint>>(await chair.Client.GetAsync($"/api/groups/{chair.GroupId}/drafts/{draftId}/bracket-counts/history"));
        Assert.Equal([1, 2, 1], history.Select(h => h.Total));
    }

    [Fact]
    public async Task Observers_read_but_never_write_and_non_members_get_404()
    {
        var (chair, _, _, draftId, sectionId) = await Workstream();
        var observer = new DraftingApi(api.ClientFor("demo-observer"), chair.GroupId);
        Assert.Equal(HttpStatusCode.OK, (await observer.Client.GetAsync($"/api/groups/{chair.GroupId}/drafts/{draftId}")).StatusCode);
        var p = await chair.AddParagraph(draftId, sectionId, "Chair text");
        Assert.Equal(HttpStatusCode.Forbidden, (await observer.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs", new { sectionId, text = "Observer text" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await observer.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/brackets",
            new { start = 0, end = 2, textVersion = 0, kind = "Contentious" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await observer.ChangeStatus(draftId, p, ParagraphStatus.UnderNegotiation)).StatusCode);

        var stranger = new DraftingApi(api.ClientFor("a-stranger"), chair.GroupId);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/groups/{chair.GroupId}/drafts/{draftId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs", new { sectionId, text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.ChangeStatus(draftId, p, ParagraphStatus.UnderNegotiation)).StatusCode);
    }

    [Fact]
    public async Task A_draft_of_another_group_is_not_found_through_this_group()
    {
        var (chair, _, _, draftId, _) = await Workstream();
        var otherGroup = await api.CreateDemoGroupAsync("Another group");
        var response = await chair.Client.GetAsync($"/api/groups/{otherGroup}/drafts/{draftId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_400_naming_the_fields()
    {
        var (chair, expert, _, draftId, sectionId) = await Workstream();
        var empty = await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs", new { sectionId, text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.ProblemAsync()).GetProperty("errors").TryGetProperty("text", out _));

        var p = await expert.AddParagraph(draftId, sectionId, "Some text");
        var badBracket = await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/brackets",
            new { start = 5, end = 2, textVersion = 0, kind = "Contentious" });
        Assert.Equal(HttpStatusCode.BadRequest, badBracket.StatusCode);
        Assert.True((await badBracket.ProblemAsync()).GetProperty("errors").TryGetProperty("end", out _));

        var outside = await expert.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{p.Id}/brackets",
            new { start = 0, end = 500, textVersion = 0, kind = "Contentious" });
        Assert.True(outside.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity,
            $"{outside.StatusCode} {await outside.Content.ReadAsStringAsync()}");

        var workstream = await chair.Send(HttpMethod.Post, "/workstreams", new { title = "", mandate = "" });
        var errors = (await workstream.ProblemAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("mandate", out _));
    }
}
