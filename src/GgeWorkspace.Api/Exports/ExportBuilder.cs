using FluentValidation.Results;

namespace GgeWorkspace.Api.Exports;

/// <summary>
/// One stored event as an export needs it: its place in the global order, when, on which stream, and who acted (with the role
/// and State recorded with the event, when it was made).
/// </summary>
public sealed record ExportEvent(
    long Sequence, DateTimeOffset Timestamp, Guid StreamId, object Data, string? ActorSub = null, string? ActorName = null,
    string? ActorRole = null, string? ActorState = null);

/// <summary>
/// Every event of a group's stream and of one draft (its paragraphs, amendments, positions, revisions and adoption), in
/// global order. It may stop at a sequence: nothing after it is needed to export the draft as of that sequence.
/// </summary>
public sealed record DraftHistory(Guid GroupId, Guid DraftId, IReadOnlyList<ExportEvent> Events);

/// <summary>
/// What to export: the draft now (no <see cref="Revision"/> or <see cref="AsOf"/>), at revision <see cref="Revision"/>, or as
/// of global sequence <see cref="AsOf"/>; a redline compares that with revision <see cref="Against"/>. <see cref="Language"/>
/// (ISO 639-1) exports the translations into that language; null or the working language exports the working text.
/// </summary>
public sealed record ExportRequest(ExportVariant Variant, int? Revision = null, long? AsOf = null, int? Against = null, string? Language = null);

/// <summary>The document to export and the global sequence it reflects.</summary>
public sealed record BuiltExport(ExportDocument Document, long Sequence);

/// <summary>
/// Builds the <see cref="ExportDocument"/> of a draft from its events alone: the same history and request give the same
/// document, so an export as of a sequence is the same file every time. Dates come from the events, never the clock.
/// Amendments, positions, revisions and adoption are folded from their events, so nothing depends on which read models exist.
/// </summary>
public static partial class ExportBuilder
{
    public static BuiltExport Build(DraftHistory history, ExportRequest request)
    {
        var point = PointOf(history, request);
        var group = GroupAt(history, point.Cutoff) ?? throw new NotFoundException("No such group at that sequence.");
        if (point.Revision is null) point = point with { Version = VersionAsOf(history, point.Cutoff, group.TimeZone) };
        var names = new DisplayNames(history, group, point.Cutoff);
        var reservations = ReservationsAt(history, point.Cutoff, names);
        var workingLanguage = WorkingLanguageAt(history, point.Cutoff);
        var language = request.Language ?? workingLanguage;
        IReadOnlyDictionary<Guid, Translations.TranslationStatus>? translations = null;
        if (language != workingLanguage) (point, translations) = InLanguage(history, point, language);

        var sections = request.Variant switch
        {
            ExportVariant.Redline => RedlineSections(history, point, request.Against!.Value, reservations, names, translations is null ? null : language),
            ExportVariant.Compilation or ExportVariant.ChairsText =>
                Sections(point, reservations, ProposalsAt(history, point, request.Variant == ExportVariant.Compilation, names)),
            _ => Sections(point, reservations, new Dictionary<Guid, IReadOnlyList<ExportProposal>>()),
        };
        var participants = Participants(group, names);
        var document = new ExportDocument(
            request.Variant,
            group.Name,
            group.MandateReference,
            point.Draft.ProvisionalSymbol ?? "",
            point.Draft.Title,
            CreatedAt(history),
            point.Date,
            point.Version,
            history.Events.Any(e => e.Sequence <= point.Cutoff && e.Data is DraftAdopted a && a.DraftId == history.DraftId),
            language,
            translations is null ? sections.Sections : WithTranslations(sections.Sections, translations),
            Workflow(history, point.Cutoff, participants),
            participants,
            sections.Renumbering,
            point.Cutoff,
            Against: request.Variant == ExportVariant.Redline ? VersionOf(request.Against!.Value) : null,
            TimeZone: group.TimeZone,
            OriginalLanguage: workingLanguage);
        return new BuiltExport(document, point.Cutoff);
    }

    /// <summary>
    /// The version exported: <see cref="ContentSequence"/> is the sequence its text reflects, <see cref="Cutoff"/> the last
    /// event that counts for it (for a revision, the event that issued it).
    /// </summary>
    private sealed record Point(
        Draft Draft, IReadOnlyDictionary<Guid, Paragraph> Paragraphs, RevisionSnapshot Snapshot, long ContentSequence, long Cutoff,
        ExportVersion Version, DateTimeOffset Date, RevisionIssued? Revision);

    private sealed record BuiltSections(IReadOnlyList<ExportSection> Sections, IReadOnlyList<ExportNumberMapping> Renumbering);

    private static Point PointOf(DraftHistory history, ExportRequest request)
    {
        if (request.Revision is { } number)
        {
            var (issued, sequence) = RevisionNumbered(history, number);
            var (draft, paragraphs) = FromSnapshot(history, issued.Snapshot);
            var version = VersionOf(number);
            return new Point(draft, paragraphs, issued.Snapshot, issued.GlobalSequence, sequence, version, issued.IssuedAt, issued);
        }

        var cutoff = request.AsOf ?? (history.Events.Count == 0 ? 0 : history.Events.Max(e => e.Sequence));
        var (replayed, replayedParagraphs) = Replay(history, cutoff) ?? throw new NotFoundException("No such draft at that sequence.");
        var date = history.Events.Last(e => e.Sequence <= cutoff && e.StreamId != history.GroupId).Timestamp;
        // Named once the group's time zone is known (VersionAsOf).
        return new Point(replayed, replayedParagraphs, RevisionSnapshot.From(replayed, replayedParagraphs), cutoff, cutoff,
            new ExportVersion("", null, cutoff), date, null);
    }

    private static ExportVersion VersionOf(int revision) => revision == 0 ? ExportVersion.ZeroDraft : ExportVersion.Revision(revision);

    private static (RevisionIssued Issued, long Sequence) RevisionNumbered(DraftHistory history, int number)
    {
        foreach (var e in history.Events)
            if (e.Data is RevisionIssued issued && issued.DraftId == history.DraftId && issued.Number == number) return (issued, e.Sequence);
        throw new NotFoundException($"The draft has no {RevisionLog.LabelFor(number)}{(number == 0 ? "" : $" (revision {number})")} at that point.");
    }

    /// <summary>The draft and its paragraphs after every event up to <paramref name="cutoff"/>; null before the draft was created.</summary>
    private static (Draft Draft, IReadOnlyDictionary<Guid, Paragraph> Paragraphs)? Replay(DraftHistory history, long cutoff)
    {
        Draft? draft = null;
        var paragraphs = new Dictionary<Guid, Paragraph>();
        foreach (var e in history.Events.TakeWhile(e => e.Sequence <= cutoff))
        {
            if (e.StreamId == history.DraftId) draft = Draft.Evolve(draft, e.Data);
            else if (e.Data is IParagraphEvent && e.Data is not IAmendmentEvent)
            {
                paragraphs.TryGetValue(e.StreamId, out var current);
                if (Drafts.Paragraph.Replay(current, e.StreamId, e.Sequence, e.Data) is { } next) paragraphs[e.StreamId] = next;
            }
        }
        if (draft is null) return null;
        // Translations are exported in their language (ExportLanguage), never as paragraphs of the working text.
        foreach (var translation in paragraphs.Values.Where(p => p.IsTranslation).ToList()) paragraphs.Remove(translation.Id);
        // An export never leaves out or guesses text: a damaged paragraph answers 503 naming it until it is repaired.
        if (DraftReplay.DamageIn(paragraphs.Values) is { } damaged) throw damaged;
        // A paragraph placed at the cutoff whose own first event came just after it is not part of the text yet.
        var placed = draft with
        {
            Sections = [.. draft.Sections.Select(s => s with { Paragraphs = [.. s.Paragraphs.Where(p => paragraphs.ContainsKey(p.ParagraphId))] })],
        };
        return (placed, paragraphs);
    }

    /// <summary>The draft as a revision recorded it, in the shape the drafting model has, so every variant reads one shape.</summary>
    private static (Draft Draft, IReadOnlyDictionary<Guid, Paragraph> Paragraphs) FromSnapshot(DraftHistory history, RevisionSnapshot snapshot)
    {
        var created = history.Events.Select(e => e.Data).OfType<DraftCreated>().First(c => c.DraftId == history.DraftId);
        static PlacedPoint PlacedPoint(SnapshotPoint p) => new(p.PointId, false) { SubPoints = [.. p.SubPoints.Select(PlacedPoint)] };
        static PlacedParagraph Placed(SnapshotParagraph p) => new(p.ParagraphId, false, null, null) { Points = [.. p.Points.Select(PlacedPoint)] };
        var sections = snapshot.Sections.SelectMany(s => s.SubSections
                .Select(sub => new Section(sub.SectionId, sub.Heading, s.SectionId, false, [.. sub.Paragraphs.Select(Placed)]))
                .Prepend(new Section(s.SectionId, s.Heading, null, false, [.. s.Paragraphs.Select(Placed)])))
            .ToList();
        var draft = new Draft(history.DraftId, history.GroupId, snapshot.Title, snapshot.ProvisionalSymbol, created.Kind, created.WorkstreamId, sections);
        var paragraphs = snapshot.Paragraphs().ToDictionary(p => p.ParagraphId, p => new Paragraph(
            p.ParagraphId, history.GroupId, history.DraftId, p.Text, p.Status, p.Brackets, p.Options, p.Authorship, p.TextVersion, 0, null, null));
        foreach (var paragraph in snapshot.Paragraphs())
            foreach (var point in paragraph.Points.SelectMany(p => p.SubPoints.Prepend(p)))
                paragraphs[point.PointId] = new Paragraph(point.PointId, history.GroupId, history.DraftId, point.Text, paragraph.Status, point.Brackets,
                    point.Options, point.Authorship, point.TextVersion, 0, null, null) { ParentParagraphId = paragraph.ParagraphId };
        return (draft, paragraphs);
    }

    private static Group? GroupAt(DraftHistory history, long cutoff)
    {
        Group? group = null;
        foreach (var e in history.Events.Where(e => e.StreamId == history.GroupId && e.Sequence <= cutoff)) group = Group.Evolve(group, e.Data);
        return group;
    }

    private static DateTimeOffset CreatedAt(DraftHistory history) =>
        history.Events.First(e => e.StreamId == history.DraftId && e.Data is DraftCreated).Timestamp;

    private static BuiltSections Sections(
        Point point, IReadOnlyDictionary<Guid, IReadOnlyList<ExportReservation>> reservations, IReadOnlyDictionary<Guid, IReadOnlyList<ExportProposal>> proposals)
    {
        ExportSection Section(OutlineSection s) => new(s.SectionId, s.Number, s.Heading,
            [.. s.Paragraphs.Select(p => Paragraph(point.Paragraphs[p.ParagraphId], p.Number, reservations, proposals.GetValueOrDefault(p.ParagraphId, []))
                with { Points = Points(p.Points, point.Paragraphs, point.Paragraphs[p.ParagraphId].Status, reservations, proposals) })],
            [.. s.SubSections.Select(Section)]);
        return new BuiltSections([.. DraftOutline.Of(point.Draft).Sections.Select(Section)], []);
    }

    /// <summary>A paragraph's points and sub-points as exported: each with its number, its text, and its paragraph's status.</summary>
    private static List<ExportPoint> Points(
        IReadOnlyList<OutlinePoint> points, IReadOnlyDictionary<Guid, Paragraph> paragraphs, ParagraphStatus status,
        IReadOnlyDictionary<Guid, IReadOnlyList<ExportReservation>> reservations, IReadOnlyDictionary<Guid, IReadOnlyList<ExportProposal>> proposals) =>
    [
        .. points.Where(o => paragraphs.ContainsKey(o.PointId)).Select(o => new ExportPoint(o.Number, o.Path,
            Paragraph(paragraphs[o.PointId], null, reservations, proposals.GetValueOrDefault(o.PointId, [])) with { Status = status },
            Points(o.SubPoints, paragraphs, status, reservations, proposals))),
    ];

    private static ExportParagraph Paragraph(
        Paragraph p, int? number, IReadOnlyDictionary<Guid, IReadOnlyList<ExportReservation>> reservations, IReadOnlyList<ExportProposal> proposals,
        ExportParagraphChange? change = null) =>
        new(p.Id, number, p.Text, p.Status, Brackets(p.Brackets), [.. p.Options.Select(o => new ExportOption(o.Number, o.Text))],
            reservations.GetValueOrDefault(p.Id, []), proposals, change, LanguageOf(p.Text));

    private static List<ExportBracket> Brackets(IEnumerable<Bracket> brackets) =>
        [.. brackets.OrderBy(b => b.Start).ThenByDescending(b => b.End).ThenBy(b => b.Id).Select(b => new ExportBracket(b.Start, b.End, b.Kind))];

    /// <summary>The submitted amendments of each paragraph as <see cref="Compilation"/> compiles them, with or without attribution.</summary>
    private static Dictionary<Guid, IReadOnlyList<ExportProposal>> ProposalsAt(DraftHistory history, Point point, bool attributed, DisplayNames names)
    {
        var amendments = new Dictionary<Guid, Amendment>();
        foreach (var e in history.Events.TakeWhile(e => e.Sequence <= point.Cutoff))
        {
            if (e.Data is not IAmendmentEvent a || a.DraftId != history.DraftId) continue;
            amendments.TryGetValue(a.AmendmentId, out var current);
            if (Amendment.Evolve(current, e.Data) is { } next) amendments[a.AmendmentId] = next;
        }
        var compiled = attributed
            ? Compilation.WithAttribution(point.Draft, point.Paragraphs, amendments.Values, names.Members)
            : Compilation.ChairsText(point.Draft, point.Paragraphs, amendments.Values);
        return compiled.Sections.SelectMany(s => s.SubSections.Prepend(s)).SelectMany(s => s.Paragraphs).ToDictionary(
            p => p.ParagraphId,
            p => (IReadOnlyList<ExportProposal>)[.. p.Proposals.Select(c => new ExportProposal(
                KindLabel(c.Kind), c.Text ?? "", c.ProposedBy ?? "", c.SupportedBy, c.ObjectedToBy, null))]);
    }

    private static string KindLabel(AmendmentKind kind) => kind switch
    {
        AmendmentKind.ReplaceText => "Replace",
        AmendmentKind.InsertParagraphAfter => "Insert after",
        AmendmentKind.DeleteParagraph => "Delete",
        AmendmentKind.AddOption => "Add option",
        _ => kind.ToString(),
    };

    /// <summary>Positions of kind reservation held on each paragraph at <paramref name="sequence"/>, in the order they were stated.</summary>
    private static Dictionary<Guid, IReadOnlyList<ExportReservation>> ReservationsAt(DraftHistory history, long sequence, DisplayNames names)
    {
        var positions = new Dictionary<Guid, ParagraphPositions>();
        foreach (var e in history.Events.TakeWhile(e => e.Sequence <= sequence))
        {
            if (e.Data is not IPositionsEvent p || p.DraftId != history.DraftId) continue;
            var current = positions.GetValueOrDefault(p.ParagraphId) ?? ParagraphPositions.Empty(history.GroupId, history.DraftId, p.ParagraphId);
            positions[p.ParagraphId] = ParagraphPositions.Evolve(current, e.Data)!;
        }
        return positions.ToDictionary(
            p => p.Key,
            p => (IReadOnlyList<ExportReservation>)[.. p.Value.OfKind(PositionKind.Reservation)
                .Select(r => new ExportReservation(names.Delegation(r.Delegation.Sub, r.Delegation.State), r.Position.ReservationText ?? ""))]);
    }

    /// <summary>
    /// The States the Chair's and Experts' contributions are attributed to (TLCOrganization: a Chair presiding in a
    /// personal capacity brings none) and the Chair and Experts themselves (TLCPerson).
    /// </summary>
    private static List<ExportParticipant> Participants(Group group, DisplayNames names)
    {
        var speaking = group.Members.Where(m => m.Role is MemberRole.Chair or MemberRole.Expert).ToList();
        var states = speaking.Select(m => m.AttributedState).OfType<string>().Distinct().Order(StringComparer.Ordinal)
            .Select(code => new ExportParticipant(code, ParticipantKind.State, StateNames.Of(code)));
        var experts = speaking.OrderBy(m => m.Sub, StringComparer.Ordinal)
            .Select(m => new ExportParticipant(m.Sub, ParticipantKind.Expert, names.Of(m.Sub)));
        return [.. states.Concat(experts)];
    }

    /// <summary>The draft's life in event order: created, each revision issued, adopted. Steps by others than the Chair and Experts are the Secretariat's.</summary>
    private static List<ExportWorkflowStep> Workflow(DraftHistory history, long cutoff, IReadOnlyList<ExportParticipant> participants)
    {
        string? ActorId(string? sub) => sub is not null && participants.Any(p => p.Kind == ParticipantKind.Expert && p.Id == sub) ? sub : null;
        var steps = new List<ExportWorkflowStep>();
        foreach (var e in history.Events.TakeWhile(e => e.Sequence <= cutoff))
        {
            switch (e.Data)
            {
                case DraftCreated c when c.DraftId == history.DraftId:
                    steps.Add(new ExportWorkflowStep(e.Timestamp, ActorId(e.ActorSub), "Draft created", IsVersion: true));
                    break;
                case RevisionIssued r when r.DraftId == history.DraftId:
                    steps.Add(new ExportWorkflowStep(r.IssuedAt, ActorId(e.ActorSub), $"{r.Label} issued", IsVersion: true));
                    break;
                case DraftAdopted a when a.DraftId == history.DraftId:
                    steps.Add(new ExportWorkflowStep(a.AdoptedAt, ActorId(a.AdoptedBySub), "Adopted", IsVersion: true));
                    break;
            }
        }
        return steps;
    }

    /// <summary>
    /// The language of a paragraph written in another script than the document's: "ar" for Arabic, "zh" for Han, "ru" for
    /// Cyrillic, when most of its letters are in that script; null otherwise (the document language).
    /// </summary>
    public static string? LanguageOf(string text)
    {
        int letters = 0, arabic = 0, han = 0, cyrillic = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune)) continue;
            letters++;
            var v = rune.Value;
            if (v is >= 0x0600 and <= 0x06FF or >= 0x0750 and <= 0x077F or >= 0x08A0 and <= 0x08FF or >= 0xFB50 and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF) arabic++;
            else if (v is >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3FFFF) han++;
            else if (v is >= 0x0400 and <= 0x052F) cyrillic++;
        }
        if (letters == 0) return null;
        if (arabic * 2 > letters) return "ar";
        if (han * 2 > letters) return "zh";
        if (cyrillic * 2 > letters) return "ru";
        return null;
    }

    /// <summary>
    /// Who is who: a member's display name from the group, else the name stamped on their events, else their id. A delegation
    /// is named by its State when its contributions are attributed to one.
    /// </summary>
    private sealed class DisplayNames
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

        public DisplayNames(DraftHistory history, Group group, long cutoff)
        {
            foreach (var e in history.Events.TakeWhile(e => e.Sequence <= cutoff))
                if (e.ActorSub is { } sub && !string.IsNullOrWhiteSpace(e.ActorName)) _names[sub] = e.ActorName;
            foreach (var m in group.Members)
                if (!string.IsNullOrWhiteSpace(m.DisplayName)) _names[m.Sub] = m.DisplayName;
            Members = [.. group.Members.Select(m => m with { DisplayName = Of(m.Sub) })];
        }

        public IReadOnlyList<Member> Members { get; }

        public string Of(string sub) => _names.GetValueOrDefault(sub, sub);

        public string Delegation(string sub, string? state) => state is not null ? StateNames.Of(state) : Of(sub);
    }
}
