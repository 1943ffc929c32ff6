namespace GgeWorkspace.Api.Consensus;

/// <summary>How many paragraphs are in each status (deleted ones are not counted).</summary>
public sealed record StatusCounts(int Proposed, int UnderNegotiation, int AgreedAdReferendum, int Agreed, int Parked)
{
    public static StatusCounts None { get; } = new(0, 0, 0, 0, 0);

    public int Total => Proposed + UnderNegotiation + AgreedAdReferendum + Agreed + Parked;

    public int this[ParagraphStatus status] => status switch
    {
        ParagraphStatus.Proposed => Proposed,
        ParagraphStatus.UnderNegotiation => UnderNegotiation,
        ParagraphStatus.AgreedAdReferendum => AgreedAdReferendum,
        ParagraphStatus.Agreed => Agreed,
        ParagraphStatus.Parked => Parked,
        _ => 0,
    };

    public StatusCounts With(ParagraphStatus status) => status switch
    {
        ParagraphStatus.Proposed => this with { Proposed = Proposed + 1 },
        ParagraphStatus.UnderNegotiation => this with { UnderNegotiation = UnderNegotiation + 1 },
        ParagraphStatus.AgreedAdReferendum => this with { AgreedAdReferendum = AgreedAdReferendum + 1 },
        ParagraphStatus.Agreed => this with { Agreed = Agreed + 1 },
        ParagraphStatus.Parked => this with { Parked = Parked + 1 },
        _ => this,
    };

    public StatusCounts Plus(StatusCounts other) => new(
        Proposed + other.Proposed, UnderNegotiation + other.UnderNegotiation, AgreedAdReferendum + other.AgreedAdReferendum,
        Agreed + other.Agreed, Parked + other.Parked);
}

/// <summary>The running silence procedure a paragraph is under.</summary>
public sealed record SilenceMark(Guid ProcedureId, DateTimeOffset Deadline);

/// <summary>An amendment to the paragraph the Chair accepted over objections: whose, and the Chair's reason.</summary>
public sealed record AcceptedOverObjections(Guid AmendmentId, IReadOnlyList<string> ObjectingDelegations, string? Reason, DateTimeOffset? AcceptedAt)
{
    public static AcceptedOverObjections Of(Amendments.Amendment amendment) =>
        new(amendment.Id, [.. amendment.Objections.Select(o => o.State ?? o.Sub)], amendment.DecisionReason, amendment.DecidedAt);
}

/// <summary>One paragraph on the dashboard.</summary>
public sealed record ParagraphConsensus(
    Guid ParagraphId, int Number, ParagraphStatus Status, PositionCounts Positions, IReadOnlyList<StandingObjection> Objections,
    IReadOnlyList<Hold> Holds, IReadOnlyList<EnteredReservation> Reservations, int Brackets, int Options, int OpenAmendments,
    SilenceMark? UnderSilence, bool AutoAgreeOnHoldsLifted, bool ReadyToAgree, IReadOnlyList<AcceptedOverObjections> AcceptedOverObjections,
    IReadOnlyList<PositionOnEarlierText> GivenOnEarlierText);

/// <summary>Totals over a set of paragraphs.</summary>
public sealed record ConsensusTotals(
    int Paragraphs, StatusCounts Statuses, PositionCounts Positions, int Objections, int ParagraphsWithObjections, int Holds, int OverdueHolds,
    int Brackets, int OpenAmendments, int ReadyToAgree, int UnderSilence)
{
    public static ConsensusTotals None { get; } = new(0, StatusCounts.None, PositionCounts.None, 0, 0, 0, 0, 0, 0, 0, 0);

    public static ConsensusTotals Of(IEnumerable<ParagraphConsensus> paragraphs) => paragraphs.Aggregate(None, (t, p) => new(
        t.Paragraphs + 1, t.Statuses.With(p.Status), t.Positions.Plus(p.Positions), t.Objections + p.Objections.Count,
        t.ParagraphsWithObjections + (p.Objections.Count > 0 ? 1 : 0), t.Holds + p.Holds.Count, t.OverdueHolds + p.Holds.Count(h => h.IsOverdue),
        t.Brackets + p.Brackets, t.OpenAmendments + p.OpenAmendments, t.ReadyToAgree + (p.ReadyToAgree ? 1 : 0),
        t.UnderSilence + (p.UnderSilence is null ? 0 : 1)));
}

/// <summary>A section (level 1) or sub-section (level 2) on the dashboard: its own paragraphs, their totals, and totals including sub-sections.</summary>
public sealed record SectionConsensus(
    Guid SectionId, string Number, string Heading, int Level, Guid? ParentSectionId, IReadOnlyList<ParagraphConsensus> Paragraphs,
    ConsensusTotals Totals, ConsensusTotals TotalsIncludingSubSections);

/// <summary>A paragraph the Chair could declare agreed now.</summary>
public sealed record ReadyParagraph(Guid ParagraphId, int Number, string SectionNumber);

/// <summary>The Chair's consensus dashboard for one draft. Sections are flat, in document order (a section, then its sub-sections).</summary>
public sealed record ConsensusDashboardView(
    Guid DraftId, DateTimeOffset GeneratedAt, IReadOnlyList<SectionConsensus> Sections, ConsensusTotals Totals, IReadOnlyList<ReadyParagraph> ReadyToAgree)
{
    /// <summary>Per language other than the working language: current, stale and missing translations of the numbered paragraphs, and per section.</summary>
    public IReadOnlyList<Translations.TranslationCounts>? Translations { get; init; }
}

/// <summary>Builds the consensus dashboard from the draft's state; pure, so a projection or a query can call it.</summary>
public static class ConsensusDashboard
{
    public static ConsensusDashboardView Build(
        Draft draft, IReadOnlyDictionary<Guid, Paragraph> paragraphs, IReadOnlyDictionary<Guid, ParagraphPositions> positions,
        IReadOnlyDictionary<Guid, int> openAmendments, IReadOnlyList<SilenceProcedure> procedures, DateTimeOffset now,
        IReadOnlyDictionary<Guid, IReadOnlyList<AcceptedOverObjections>>? acceptedOverObjections = null) =>
        Build(draft.Id, DraftOutline.Of(draft), paragraphs, positions, openAmendments, procedures, now, acceptedOverObjections);

    /// <summary>
    /// Per paragraph (numbered, not deleted, with a known state): status, counts of each position, blocking objections and
    /// who holds them, holds (overdue flagged against <paramref name="now"/>), reservations, brackets, options, open
    /// amendments (missing: 0), the running silence it is under. A paragraph is ready to agree when it is under negotiation
    /// or agreed ad referendum, nobody objects, nobody awaits instructions, it has no brackets, at most one option and no open
    /// amendment (the Chair decides on proposals before declaring the text agreed). Amendments accepted over objections
    /// are listed per paragraph, so the record shows every objection overridden.
    /// </summary>
    public static ConsensusDashboardView Build(
        Guid draftId, DraftOutline outline, IReadOnlyDictionary<Guid, Paragraph> paragraphs, IReadOnlyDictionary<Guid, ParagraphPositions> positions,
        IReadOnlyDictionary<Guid, int> openAmendments, IReadOnlyList<SilenceProcedure> procedures, DateTimeOffset now,
        IReadOnlyDictionary<Guid, IReadOnlyList<AcceptedOverObjections>>? acceptedOverObjections = null)
    {
        // A paragraph's points share its status: open amendments of its points hold its agreement back as its own do.
        int OpenAmendments(OutlineParagraph p) =>
            p.Points.SelectMany(point => point.SubPoints.Prepend(point)).Select(point => point.PointId).Prepend(p.ParagraphId)
                .Sum(id => openAmendments.GetValueOrDefault(id));

        List<ParagraphConsensus> Rows(OutlineSection section) =>
        [
            .. section.Paragraphs
                .Where(p => paragraphs.TryGetValue(p.ParagraphId, out var paragraph) && !paragraph.IsDeleted)
                .Select(p => Row(paragraphs[p.ParagraphId], p.Number, positions.GetValueOrDefault(p.ParagraphId),
                    OpenAmendments(p), procedures, now, acceptedOverObjections?.GetValueOrDefault(p.ParagraphId))),
        ];

        var sections = new List<SectionConsensus>();
        var ready = new List<ReadyParagraph>();
        foreach (var section in outline.Sections)
        {
            var own = Rows(section);
            var subs = section.SubSections.Select(sub => (Section: sub, Rows: Rows(sub))).ToList();
            var all = own.Concat(subs.SelectMany(s => s.Rows)).ToList();
            sections.Add(new(section.SectionId, section.Number, section.Heading, 1, null, own, ConsensusTotals.Of(own), ConsensusTotals.Of(all)));
            ready.AddRange(own.Where(r => r.ReadyToAgree).Select(r => new ReadyParagraph(r.ParagraphId, r.Number, section.Number)));
            foreach (var (sub, rows) in subs)
            {
                var totals = ConsensusTotals.Of(rows);
                sections.Add(new(sub.SectionId, sub.Number, sub.Heading, 2, section.SectionId, rows, totals, totals));
                ready.AddRange(rows.Where(r => r.ReadyToAgree).Select(r => new ReadyParagraph(r.ParagraphId, r.Number, $"{section.Number}{sub.Number}")));
            }
        }
        return new(draftId, now, sections, ConsensusTotals.Of(sections.SelectMany(s => s.Paragraphs)), ready);
    }

    /// <summary>One paragraph's row.</summary>
    public static ParagraphConsensus Row(
        Paragraph paragraph, int number, ParagraphPositions? positions, int openAmendments, IEnumerable<SilenceProcedure> procedures, DateTimeOffset now,
        IReadOnlyList<AcceptedOverObjections>? acceptedOverObjections = null)
    {
        var standing = ConsensusRules.Standing(positions, now);
        var silence = SilenceRules.RunningFor(paragraph.Id, procedures) is { } running ? new SilenceMark(running.Id, running.Deadline) : null;
        var ready = paragraph.Status is ParagraphStatus.UnderNegotiation or ParagraphStatus.AgreedAdReferendum
            && !standing.HasObjections && !standing.HasHolds && paragraph.Brackets.Count == 0 && paragraph.Options.Count <= 1 && openAmendments == 0;
        return new(paragraph.Id, number, paragraph.Status, standing.Counts, standing.Objections, standing.Holds, standing.Reservations,
            paragraph.Brackets.Count, paragraph.Options.Count, openAmendments, silence, positions?.AutoAgree is not null, ready, acceptedOverObjections ?? [],
            EarlierText.In(positions?.Positions, paragraph.Text));
    }
}
