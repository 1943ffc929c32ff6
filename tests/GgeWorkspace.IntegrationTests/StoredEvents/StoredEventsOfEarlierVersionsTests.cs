using System.Text.Json;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Revisions;
using GgeWorkspace.Api.Sources;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Npgsql;
using static GgeWorkspace.IntegrationTests.StoredEvents.StoredEventHistory;

namespace GgeWorkspace.IntegrationTests.StoredEvents;

/// <summary>
/// Rows an earlier version of the service stored (Fixtures/stored-events.json: every event type, with Marten's type names,
/// written before aggregates had one Evolve each) are loaded into a fresh store behind the service's back, and every
/// aggregate rebuilt from them through today's code has the state those events describe.
/// </summary>
public sealed class StoredEventsOfEarlierVersionsTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private static DateTimeOffset Minute(int n) => At.AddMinutes(n);

    [Fact]
    public async Task Every_aggregate_rebuilt_from_events_stored_by_an_earlier_version_has_the_state_they_describe()
    {
        var lastSequence = await LoadFixtureAsync();
        await using var session = api.Store.QuerySession();

        var group = await session.Events.AggregateStreamAsync<Group>(GroupId);
        Assert.Equal(("GGE on verification", "A/RES/74/50", "Europe/Geneva", 7L), (group!.Name, group.MandateReference, group.TimeZone, group.Version));
        Assert.Equal(
            [
                new Member("chair", "The Chair", MemberRole.Secretariat, null, ContributionAttribution.Personal),
                new Member("expert-can", "Expert of Canada", MemberRole.Expert, "FRA", ContributionAttribution.Personal),
            ],
            group.Members);

        var workstream = await session.Events.AggregateStreamAsync<Workstream>(WorkstreamId);
        Assert.Equal(("Verification challenges and gaps", "Identify the challenges and gaps", "(b)", DraftId, 5L),
            (workstream!.Title, workstream.Mandate, workstream.Label, workstream.DraftId, workstream.Version));
        Assert.Equal([new WorkstreamSourceLink("A/72/304:CAN:3", "CAN", "Canada", "asks for verification", "chair")], workstream.Sources);

        var draft = await session.Events.AggregateStreamAsync<Draft>(DraftId);
        Assert.Equal(("Draft report on verification", "GGE/NDV/2026/CRP.1", DraftKind.WorkstreamDraft, WorkstreamId, 12L),
            (draft!.Title, draft.ProvisionalSymbol, draft.Kind, draft.WorkstreamId, draft.Version));
        Assert.Equal(
            [
                $"{SectionOne} Introduction parent: none deleted: False [{ParagraphOne} withdrawn: False]",
                $"{SectionTwo} Conclusions parent: none deleted: False [{ParagraphTwo} withdrawn: True]",
                $"{SectionThree} Annex parent: none deleted: True []",
            ],
            draft.Sections.Select(s => $"{s.Id} {s.Heading} parent: {s.ParentSectionId?.ToString() ?? "none"} deleted: {s.IsDeleted} " +
                $"[{string.Join(", ", s.Paragraphs.Select(p => $"{p.ParagraphId} withdrawn: {p.IsWithdrawn}"))}]"));

        var one = await session.Events.AggregateStreamAsync<Paragraph>(ParagraphOne);
        AssertParagraphOne(one!);
        Assert.Equal(20, one!.Version);

        var two = await session.Events.AggregateStreamAsync<Paragraph>(ParagraphTwo);
        AssertParagraphTwo(two!);
        Assert.Equal(3, two!.Version);

        var accepted = await session.Events.AggregateStreamAsync<Amendment>(AcceptedAmendment);
        Assert.Equal((AmendmentState.Accepted, Minute(16), (string?)null, 7L), (accepted!.State, accepted.DecidedAt, accepted.DecisionReason, accepted.Version));
        Assert.Equal((ParagraphOne, AmendmentKind.ReplaceText, "Transparency builds lasting trust.", "expert-can", 2L),
            (accepted.ParagraphId, accepted.Kind, accepted.Text, accepted.ProposerSub, accepted.BaseTextVersion));
        Assert.Equal([new AmendmentSupporter("expert-bra", "BRA", Minute(15))], accepted.Supporters);
        Assert.Empty(accepted.Objections);
        var rejected = await session.Events.AggregateStreamAsync<Amendment>(RejectedAmendment);
        Assert.Equal((AmendmentState.Rejected, Minute(18), "No support.", AmendmentKind.DeleteParagraph, (string?)null),
            (rejected!.State, rejected.DecidedAt, rejected.DecisionReason, rejected.Kind, rejected.Text));
        var withdrawn = await session.Events.AggregateStreamAsync<Amendment>(WithdrawnAmendment);
        Assert.Equal((AmendmentState.Withdrawn, Minute(20), AmendmentKind.AddOption), (withdrawn!.State, withdrawn.DecidedAt, withdrawn.Kind));

        var thread = await session.Events.AggregateStreamAsync<CommentThread>(ThreadId);
        Assert.Equal((ParagraphOne, "expert-chn", false, (DateTimeOffset?)null, 6L),
            (thread!.ParagraphId, thread.AuthorSub, thread.IsResolved, thread.ResolvedAt, thread.Version));
        // Stored with its stale offsets; read back without them.
        Assert.Equal(new CommentAnchor(null, null, 4, "Transparency", true), thread.Anchor);
        Assert.Equal(
            [new Comment(FirstComment, "Which States?", "expert-chn", "CHN", Minute(21)), new Comment(ReplyComment, "All of them.", "chair", null, Minute(22))],
            thread.Comments);

        var positions = await session.Events.AggregateStreamAsync<ParagraphPositions>(PositionsStream);
        Assert.Equal((ParagraphOne, DraftId, new AutoAgreeRequest("chair", Minute(35)), 11L),
            (positions!.ParagraphId, positions.DraftId, positions.AutoAgree, positions.Version));
        Assert.Equal(
            [
                new DelegationPosition(new Delegation("expert-can", "CAN"), Position.JoinConsensus(), Minute(25)),
                new DelegationPosition(new Delegation("expert-bra", "BRA"), Position.Reservation("Brazil reads this narrowly."), Minute(27)),
            ],
            positions.Positions);

        var broken = await session.Events.AggregateStreamAsync<SilenceProcedure>(SilenceBrokenId);
        Assert.Equal((SilenceProcedureStatus.Concluded, (SilenceOutcome?)SilenceOutcome.Broken, true, Minute(36).AddHours(72), 4L),
            (broken!.Status, broken.Outcome, broken.ReminderRecorded, broken.Deadline, broken.Version));
        Assert.Equal([new SilenceBreak("expert-chn", "CHN", "We need more time.", Minute(36).AddHours(50))], broken.Breaks);
        Assert.Equal([ParagraphOne], broken.Placed.Select(p => p.ParagraphId));
        var cancelled = await session.Events.AggregateStreamAsync<SilenceProcedure>(SilenceCancelledId);
        Assert.Equal((SilenceProcedureStatus.Cancelled, (SilenceOutcome?)null, SilenceScopeKind.Draft, OptionTwo),
            (cancelled!.Status, cancelled.Outcome, cancelled.Scope.Kind, cancelled.Placed.Single().OptionId));
        Assert.Equal([ParagraphTwo], cancelled.NotPlaced.Select(p => p.ParagraphId));

        var adoption = await session.Events.AggregateStreamAsync<DraftAdoption>(AdoptionStream);
        Assert.Equal((AdoptionStream, DraftId, "chair", Minute(50), 1), (adoption!.Id, adoption.DraftId, adoption.AdoptedBySub, adoption.AdoptedAt, adoption.ParagraphCount));

        var revisions = await session.Events.AggregateStreamAsync<RevisionLog>(RevisionStream);
        Assert.Equal(
            [
                new RevisionSummary(FirstRevision, 0, "Draft", Minute(42), 7, null),
                new RevisionSummary(SecondRevision, 1, "Rev.1", Minute(43), 9, "After the second reading."),
            ],
            revisions!.Revisions);
        Assert.Equal(2, revisions.NextNumber);

        var citations = await session.Events.AggregateStreamAsync<DraftCitations>(CitationStream);
        Assert.Equal([new Citation(ParagraphOne, "A/72/304:CAN:3", "CAN", "Canada")], citations!.Citations);

        var document = await session.Events.AggregateStreamAsync<GroupSourceDocument>(SourceStream);
        Assert.Equal(("Views of Member States (corrected)", "hash-2", 0, 2L),
            (document!.Title, document.ContentHash, document.UnclassifiedLines, document.Version));
        Assert.Equal(["CAN", "FRA"], document.Replies.Select(r => r.Code));
        Assert.Equal("Canada's corrected view.", document.Find("A/72/304:CAN:1")?.Paragraph.Text);
        // Stored before documents had versions in other languages: held in its own language only.
        Assert.Equal(["en"], document.Languages);
        Assert.Empty(document.LanguageVersions);

        // The as-of read replays the same rows through the same Evolve.
        var asOf = await DraftReplay.AsOfAsync(session, DraftId, lastSequence, CancellationToken.None);
        Assert.Equal(draft.Sections.Select(s => s.Heading), asOf!.Draft.Sections.Select(s => s.Heading));
        AssertParagraphOne(asOf.Paragraphs[ParagraphOne]);
        AssertParagraphTwo(asOf.Paragraphs[ParagraphTwo]);
    }

    [Fact]
    public void Every_inline_snapshot_is_built_by_its_aggregates_one_Evolve()
    {
        var projections = ((StoreOptions)api.Store.Options).Projections.All;
        var inline = projections.Where(p => p.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Inline).ToList();

        Assert.All(inline, p => Assert.True(
            p.GetType().IsGenericType && p.GetType().GetGenericTypeDefinition() == typeof(GgeWorkspace.Api.Infrastructure.Marten.EvolveProjection<>),
            $"{p.GetType().Name} is not built by an aggregate's Evolve"));
        Assert.Equal(
            ["Amendment", "CommentThread", "Draft", "DraftAdoption", "DraftCitations", "Group", "GroupSourceDocument", "Paragraph",
                "ParagraphPositions", "RevisionLog", "SilenceProcedure", "Workstream"],
            inline.Select(p => p.GetType().GetGenericArguments()[0].Name).Order(StringComparer.Ordinal));
    }

    private static void AssertParagraphOne(Paragraph paragraph)
    {
        Assert.Equal(("Transparency builds trust between States.", ParagraphStatus.Agreed, 2L, 14L, (ParagraphDamage?)null),
            (paragraph.Text, paragraph.Status, paragraph.TextVersion, paragraph.NegotiationVersion, paragraph.Damage));
        Assert.Equal([new Bracket(BracketOne, 0, 12, BracketKind.Contentious, ["CAN"], "expert-can")],
            paragraph.Brackets.Select(b => b with { Holders = [.. b.Holders] }), new BracketComparer());
        Assert.Empty(paragraph.Options);
        Assert.Equal(paragraph.Text.Length, paragraph.Authorship.Sum(r => r.Length));
    }

    private static void AssertParagraphTwo(Paragraph paragraph)
    {
        Assert.Equal(("Capacity building matters most.", ParagraphStatus.UnderNegotiation, 5L, 7L, (ParagraphDamage?)null),
            (paragraph.Text, paragraph.Status, paragraph.TextVersion, paragraph.NegotiationVersion, paragraph.Damage));
        Assert.Equal([new ParagraphOption(OptionOne, 1, "Capacity matters.", "chair", null, Minute(7))], paragraph.Options);
        Assert.Equal([new AuthorshipRun(0, 31, "chair", null, Minute(6))], paragraph.Authorship);
    }

    /// <summary>Brackets compared by value, their holders too (records compare lists by reference).</summary>
    private sealed class BracketComparer : IEqualityComparer<Bracket>
    {
        public bool Equals(Bracket? x, Bracket? y) =>
            x is not null && y is not null && (x with { Holders = [] }) == (y with { Holders = [] }) && x.Holders.SequenceEqual(y.Holders);

        public int GetHashCode(Bracket obj) => obj.Id.GetHashCode();
    }

    /// <summary>Inserts the fixture's streams and rows as they were stored, and answers the last sequence.</summary>
    private async Task<long> LoadFixtureAsync()
    {
        await api.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        using var fixture = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "StoredEvents", "Fixtures", "stored-events.json")));
        var rows = fixture.RootElement.EnumerateArray().ToList();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        foreach (var stream in rows.GroupBy(r => r.GetProperty("streamId").GetGuid()))
        {
            await using var insert = new NpgsqlCommand("insert into mt_streams (id, version, tenant_id) values (@id, @version, '*DEFAULT*')", connection);
            insert.Parameters.AddWithValue("id", stream.Key);
            insert.Parameters.AddWithValue("version", stream.Max(r => r.GetProperty("version").GetInt64()));
            await insert.ExecuteNonQueryAsync();
        }
        long last = 0;
        foreach (var row in rows)
        {
            await using var insert = new NpgsqlCommand(
                "insert into mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type, tenant_id) " +
                "values (nextval('mt_events_sequence'), gen_random_uuid(), @stream, @version, @data::jsonb, @type, @dotnet, '*DEFAULT*') returning seq_id",
                connection);
            insert.Parameters.AddWithValue("stream", row.GetProperty("streamId").GetGuid());
            insert.Parameters.AddWithValue("version", row.GetProperty("version").GetInt64());
            insert.Parameters.AddWithValue("data", row.GetProperty("data").GetRawText());
            insert.Parameters.AddWithValue("type", row.GetProperty("type").GetString()!);
            insert.Parameters.AddWithValue("dotnet", row.GetProperty("dotnetType").GetString()!);
            last = (long)(await insert.ExecuteScalarAsync())!;
        }
        return last;
    }
}
