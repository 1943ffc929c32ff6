namespace GgeWorkspace.Api.Exports;

[JsonConverter(typeof(JsonStringEnumConverter<ExportVariant>))]
public enum ExportVariant
{
    /// <summary>The current text with no marks: no brackets, options, statuses or proposals.</summary>
    Clean,

    /// <summary>Brackets, options ("Option 1: [...] / Option 2: [...]") and each paragraph's status visible.</summary>
    Negotiation,

    /// <summary>Each paragraph with its proposals and "Proposed by ...; supported by ...; objected to by ...".</summary>
    Compilation,

    /// <summary>The compilation without attribution.</summary>
    ChairsText,

    /// <summary>Changes against an earlier version: insertions and deletions with their authors and times, and renumbering.</summary>
    Redline,
}

[JsonConverter(typeof(JsonStringEnumConverter<ExportFormat>))]
public enum ExportFormat
{
    Docx,
    AkomaNtoso,
    Markdown,
    Html,

    /// <summary>The DOCX rendered by LibreOffice (<see cref="PdfRenderer"/>).</summary>
    Pdf,
}

/// <summary>
/// Everything an exporter needs, independent of storage: built from the events as of one version, so exporting the same
/// document always gives the same bytes. Paragraphs marked <see cref="ParagraphStatus.Deleted"/> are left out of every
/// variant except <see cref="ExportVariant.Redline"/>, where they show as removed.
/// </summary>
/// <param name="GroupName">E.g. "Group of Governmental Experts on nuclear disarmament verification".</param>
/// <param name="MandateReference">E.g. "General Assembly resolution 71/67".</param>
/// <param name="ProvisionalSymbol">E.g. "GGE/NDV/2019/CRP.1"; empty when the draft has none.</param>
/// <param name="CreatedAt">When the draft was created (FRBR work date, docProps created).</param>
/// <param name="Date">The date of this version (FRBR expression date, document date, docProps modified).</param>
/// <param name="Language">ISO 639-1 code of the document language ("en", "ar", "zh", "fr", "ru", "es").</param>
/// <param name="Workflow">Steps from the events, in the order they happened.</param>
/// <param name="Participants">The States (TLCOrganization) and experts (TLCPerson) the document refers to.</param>
/// <param name="Renumbering">For a redline: which old paragraph number became which new one.</param>
/// <param name="Sequence">The global event sequence the document reflects: in document properties and metadata, not in the text.</param>
/// <param name="Against">For a redline: the version it compares with (its base).</param>
/// <param name="TimeZone">The group's IANA time zone, in which printed dates and version times are given.</param>
/// <param name="PreparedFor">The delegation a recipient copy is prepared for ("Canada"); null for the copy of the whole Group.</param>
/// <param name="OriginalLanguage">The draft's working language, the text's original (the "Original:" line); null: <see cref="Language"/>.</param>
public sealed record ExportDocument(
    ExportVariant Variant,
    string GroupName,
    string MandateReference,
    string ProvisionalSymbol,
    string Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset Date,
    ExportVersion Version,
    bool Adopted,
    string Language,
    IReadOnlyList<ExportSection> Sections,
    IReadOnlyList<ExportWorkflowStep> Workflow,
    IReadOnlyList<ExportParticipant> Participants,
    IReadOnlyList<ExportNumberMapping> Renumbering,
    long? Sequence = null,
    string? PreparedFor = null,
    ExportVersion? Against = null,
    string? TimeZone = null,
    string? OriginalLanguage = null)
{
    /// <summary>"24 May 2019": the document's date as printed, in the group's time zone (<see cref="TimeZone"/>, else UTC).</summary>
    public string LongDate => ExportText.LongDate(TimeZone is null ? Date : ExportText.InTimeZone(Date, TimeZone));

    /// <summary>
    /// The distribution line's value: "Restricted" while the Group negotiates, "General" once the report is adopted (the
    /// default of a Group's working documents, which circulate to its members only until adoption).
    /// </summary>
    public string Distribution => Adopted ? "General" : "Restricted";

    /// <summary>"Prepared for the delegation of Canada", or null for the copy of the whole Group.</summary>
    public string? PreparedForLine => PreparedFor is { Length: > 0 } delegation ? $"Prepared for the delegation of {delegation}" : null;

    /// <summary>Every paragraph in document order, sub-sections after their section's own paragraphs.</summary>
    public IEnumerable<ExportParagraph> AllParagraphs() =>
        Sections.SelectMany(s => s.Paragraphs.Concat(s.SubSections.SelectMany(sub => sub.Paragraphs)));
}

/// <summary>
/// Which version is exported: the zero draft, a revision (Rev.n) or the state as of a global sequence. <see cref="Label"/> names
/// it as the Group does ("Zero draft", "Rev.2", "Rev.2 + changes to 3 June 2026 10:00"); the sequence stays in metadata.
/// </summary>
public sealed record ExportVersion(string Label, int? RevisionNumber, long? AsOfSequence)
{
    public static ExportVersion ZeroDraft { get; } = new("Zero draft", 0, null);

    public static ExportVersion Revision(int number) => new($"Rev.{number}", number, null);

    /// <summary>
    /// The draft as of global sequence <paramref name="sequence"/>, named after the last revision issued by then
    /// (<paramref name="lastRevision"/>) and, when the draft changed after it, the time of its last change
    /// (<paramref name="lastChange"/>) in the group's IANA time zone: "Rev.2 + changes to 3 June 2026 10:00", "Rev.2" when
    /// nothing changed since, "Draft as of 3 June 2026 10:00" before the zero draft.
    /// </summary>
    public static ExportVersion AsOf(long sequence, int? lastRevision, DateTimeOffset? lastChange, string timeZone)
    {
        var label = (lastRevision, lastChange) switch
        {
            ({ } n, { } at) => $"{Revisions.RevisionLog.LabelFor(n)} + changes to {ExportText.GroupTime(at, timeZone)}",
            ({ } n, null) => Revisions.RevisionLog.LabelFor(n),
            (null, { } at) => $"Draft as of {ExportText.GroupTime(at, timeZone)}",
            (null, null) => "Draft",
        };
        return new(label, null, sequence);
    }

    /// <summary>The FRBRversionNumber: "0" for the zero draft, "n" for Rev.n, "seq-N" for a state as of a sequence.</summary>
    public string FrbrVersionNumber => RevisionNumber is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"seq-{AsOfSequence}";
}

/// <summary>
/// A section ("I.") with its heading, its own paragraphs and its sub-sections ("A."). In a redline <see cref="Change"/> says
/// whether it was added, removed or renamed since the earlier version.
/// </summary>
public sealed record ExportSection(
    Guid Id, string Number, string Heading, IReadOnlyList<ExportParagraph> Paragraphs, IReadOnlyList<ExportSection> SubSections,
    ExportSectionChange? Change = null);

/// <summary>
/// For a redline: what happened to a section since the earlier version: <see cref="PreviousNumber"/> and
/// <see cref="PreviousHeading"/> as they were (null for an added section), and who made the change and when.
/// </summary>
public sealed record ExportSectionChange(ParagraphChangeKind Kind, string? PreviousNumber, string? PreviousHeading, ExportCredit? By, ExportCredit? NumberBy);

/// <summary>Who made a change shown in a redline (as a tracked change's author: "Canada", "Chair (Ingrid Halvorsen)") and when.</summary>
public sealed record ExportCredit(string Author, DateTimeOffset At);

/// <summary>
/// A paragraph. <see cref="Id"/> is stable across versions (AKN wId); <see cref="Number"/> is its position (null for a paragraph
/// removed in a redline, and for a point). Its lettered points (a), (b) are in <see cref="Points"/>. Brackets are code-point
/// spans of the text. <see cref="Language"/> overrides the document language (e.g. an Arabic paragraph in an English
/// document). In an export in another language than the working language, <see cref="Translation"/> says whether the text
/// is a current or stale translation, or missing (the text is then the missing mark); null in the working language.
/// </summary>
public sealed record ExportParagraph(
    Guid Id,
    int? Number,
    string Text,
    ParagraphStatus Status,
    IReadOnlyList<ExportBracket> Brackets,
    IReadOnlyList<ExportOption> Options,
    IReadOnlyList<ExportReservation> Reservations,
    IReadOnlyList<ExportProposal> Proposals,
    ExportParagraphChange? Change = null,
    string? Language = null,
    Translations.TranslationStatus? Translation = null)
{
    /// <summary>Its points (a), (b), ... with their sub-points (i), (ii), in order.</summary>
    public IReadOnlyList<ExportPoint> Points { get; init; } = [];
}

/// <summary>
/// A point "(a)" or sub-point "(i)": <see cref="Number"/> as printed, <see cref="Path"/> the numbers from its paragraph down
/// ("a", "ii": the AKN eId), <see cref="Content"/> its text, brackets and options (its id is the AKN wId; its status is its paragraph's).
/// </summary>
public sealed record ExportPoint(string Number, IReadOnlyList<string> Path, ExportParagraph Content, IReadOnlyList<ExportPoint> SubPoints)
{
    /// <summary>This point and its sub-points, in document order.</summary>
    public IEnumerable<ExportPoint> WithSubPoints() => SubPoints.Prepend(this);
}

/// <summary>Square brackets around code points [<see cref="Start"/>, <see cref="End"/>) of the paragraph text.</summary>
public sealed record ExportBracket(int Start, int End, BracketKind Kind);

public sealed record ExportOption(int Number, string Text);

/// <summary>A reservation entered by a delegation; exported as a footnote to the paragraph.</summary>
public sealed record ExportReservation(string Delegation, string Text);

/// <summary>
/// A proposal on a paragraph for the compilation: <see cref="Kind"/> e.g. "Replace", "Insert", "Delete", "Add option";
/// <see cref="Resolution"/> e.g. "Accepted" when it was already decided, null while open.
/// </summary>
public sealed record ExportProposal(
    string Kind, string Text, string ProposedBy, IReadOnlyList<string> SupportedBy, IReadOnlyList<string> ObjectedBy, string? Resolution)
{
    /// <summary>"Proposed by Canada; supported by Japan, Mexico; objected to by Cuba".</summary>
    public string Attribution
    {
        get
        {
            var parts = new List<string> { $"Proposed by {ProposedBy}" };
            if (SupportedBy.Count > 0) parts.Add($"supported by {string.Join(", ", SupportedBy)}");
            if (ObjectedBy.Count > 0) parts.Add($"objected to by {string.Join(", ", ObjectedBy)}");
            return string.Join("; ", parts);
        }
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<ParagraphChangeKind>))]
public enum ParagraphChangeKind
{
    Unchanged,
    Changed,
    Added,
    Removed,
    Moved,

    /// <summary>Where a moved paragraph stood in the earlier version: shown there as moved away, with its old number and text.</summary>
    MovedAway,
}

/// <summary>
/// For a redline: what happened to the paragraph since the earlier version, its old number, and its text as segments.
/// <see cref="By"/> made the paragraph's own change (added, removed, moved); <see cref="NumberBy"/> the change that renumbered it.
/// <see cref="MoveName"/> pairs a moved paragraph with where it stood; <see cref="PreviousReservations"/> are the footnotes it
/// had in the earlier version.
/// </summary>
public sealed record ExportParagraphChange(
    ParagraphChangeKind Kind, int? PreviousNumber, IReadOnlyList<RedlineSegment> Segments, ExportCredit? By = null, ExportCredit? NumberBy = null,
    string? MoveName = null, IReadOnlyList<ExportReservation>? PreviousReservations = null);

[JsonConverter(typeof(JsonStringEnumConverter<SegmentKind>))]
public enum SegmentKind
{
    Unchanged,
    Inserted,
    Deleted,
}

/// <summary>A piece of redline text; inserted and deleted pieces carry the display name of who changed them and when.</summary>
public sealed record RedlineSegment(SegmentKind Kind, string Text, string? Author = null, DateTimeOffset? At = null);

/// <summary>Paragraph <see cref="ParagraphId"/> was number <see cref="OldNumber"/> and is now <see cref="NewNumber"/> (null: added / removed).</summary>
public sealed record ExportNumberMapping(Guid ParagraphId, int? OldNumber, int? NewNumber);

/// <summary>A step of the document's life from the events: e.g. "Rev.1 issued" by the Chair.</summary>
/// <param name="ActorId">The <see cref="ExportParticipant.Id"/> of who acted, or null for the Secretariat.</param>
/// <param name="IsVersion">True for steps that issued a version (zero draft, Rev.n, adoption): they become AKN lifecycle events.</param>
public sealed record ExportWorkflowStep(DateTimeOffset At, string? ActorId, string What, bool IsVersion = false);

[JsonConverter(typeof(JsonStringEnumConverter<ParticipantKind>))]
public enum ParticipantKind
{
    State,
    Expert,
}

/// <summary>A State (Id: ISO 3166-1 alpha-3 or "EU") or an expert (Id: a stable slug), as referenced in AKN.</summary>
public sealed record ExportParticipant(string Id, ParticipantKind Kind, string Name);
