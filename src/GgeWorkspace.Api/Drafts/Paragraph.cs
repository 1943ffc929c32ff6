using System.Text.Json.Serialization;

namespace GgeWorkspace.Api.Drafts;

[JsonConverter(typeof(JsonStringEnumConverter<ParagraphStatus>))]
public enum ParagraphStatus
{
    Proposed,
    UnderNegotiation,
    AgreedAdReferendum,
    Agreed,
    Parked,
    Deleted,
}

[JsonConverter(typeof(JsonStringEnumConverter<BracketKind>))]
public enum BracketKind
{
    Alternative,
    Contentious,
    Trading,
    AwaitingInstructions,
}

/// <summary>Square brackets around [<see cref="Start"/>, <see cref="End"/>) of the current text, in code points, held by delegations.</summary>
public sealed record Bracket(Guid Id, int Start, int End, BracketKind Kind, IReadOnlyList<string> Holders, string AddedBySub)
{
    public int Length => End - Start;
}

/// <summary>An alternative text, shown as "Option <see cref="Number"/>". Numbers are positional: 1..n in the order added.</summary>
public sealed record ParagraphOption(Guid Id, int Number, string Text, string AuthorSub, string? AuthorState, DateTimeOffset AddedAt);

/// <summary>Who inserted [<see cref="Start"/>, Start + <see cref="Length"/>) of the text and when. The runs of a paragraph cover its text exactly.</summary>
public sealed record AuthorshipRun(int Start, int Length, string AuthorSub, string? AuthorState, DateTimeOffset At);

/// <summary>Which stored event of a paragraph could not be read or applied (<see cref="Sequence"/> is null when not known), and why.</summary>
public sealed record ParagraphDamage(long? Sequence, string Reason)
{
    public static ParagraphDamage Of(Infrastructure.Events.UnreadableEvent e) => new(e.Sequence, $"{e.Type}: {e.Reason}");
}

/// <summary>A text operation as sequenced: it turned text version <see cref="TextVersion"/> - 1 into <see cref="TextVersion"/>.</summary>
public sealed record SequencedOperation(long TextVersion, TextOperation Operation);

/// <summary>
/// One paragraph of a draft (one stream per paragraph): its text, status, brackets, options and authorship.
/// <para>
/// Two versions, so typing does not refuse negotiation: <see cref="TextVersion"/> counts text changes and is what
/// spans and live operations refer to; <see cref="NegotiationVersion"/> counts status, bracket and option changes and is
/// what negotiation writes name in If-Match. A bracket collapsing because its text was deleted is a bracket change.
/// </para>
/// </summary>
public sealed record Paragraph(
    Guid Id,
    Guid GroupId,
    Guid DraftId,
    string Text,
    ParagraphStatus Status,
    IReadOnlyList<Bracket> Brackets,
    IReadOnlyList<ParagraphOption> Options,
    IReadOnlyList<AuthorshipRun> Authorship,
    long TextVersion,
    long NegotiationVersion,
    Guid? SourceDraftId,
    Guid? SourceParagraphId)
{
    /// <summary>How many past text operations may be brought forward: a span or operation at most this many text versions old.</summary>
    public const int RecentOperationLimit = 1000;

    /// <summary>
    /// Operations of this paragraph up to its current text version (the newest at most <see cref="RecentOperationLimit"/>),
    /// held in memory only: a replay collects them, the live sequencer keeps them, and a reader that needs operations its copy
    /// does not hold reads them from the events (<see cref="ParagraphHistory"/>). Never stored in the snapshot, so a commit
    /// writes the text, brackets, options and authorship, not the operation log.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<SequencedOperation> RecentOperations { get; init; } = [];

    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    /// <summary>
    /// Set when a stored event of this stream cannot be read or applied: reads answer a paragraph-damaged problem and
    /// writes are refused. Every later event is held back (a replay gives the same result every time) until an operator's
    /// <see cref="ParagraphRepaired"/> restores the paragraph.
    /// </summary>
    public ParagraphDamage? Damage { get; init; }

    public bool IsDamaged => Damage is not null;

    /// <summary>The oldest text version a span or operation may still refer to with the operations this copy holds.</summary>
    [JsonIgnore]
    public long OldestTransformableTextVersion => TextVersion - RecentOperations.Count;

    public static Paragraph Create(ParagraphProposed e) =>
        New(e.GroupId, e.DraftId, e.ParagraphId, e.Text, AuthorshipRuns.Initial(e.Text, e.AuthorSub, e.AuthorState, e.ProposedAt), null, null);

    public static Paragraph Create(ParagraphAdded e) =>
        New(e.GroupId, e.DraftId, e.ParagraphId, e.Text,
            e.Authorship is { Count: > 0 } runs ? AuthorshipRuns.Normalize(runs) : AuthorshipRuns.Initial(e.Text, e.AuthorSub, e.AuthorState, e.AddedAt),
            e.SourceDraftId, e.SourceParagraphId);

    /// <summary>
    /// A stored text change, as every replay applies it: one that does not fit the text (a row edited by hand, a bug)
    /// damages the paragraph instead of failing the read.
    /// </summary>
    public Paragraph Apply(ParagraphTextChanged e) => ApplyStored(e);

    /// <summary>A live edit, applied like any other stored text change.</summary>
    public Paragraph Apply(ParagraphTextEdited e) => ApplyStored(e);

    /// <summary>A stored text change of either event type, as every replay applies it.</summary>
    public Paragraph ApplyStored(IParagraphTextChange e)
    {
        if (Held(e) is { } held) return held;
        try
        {
            return ApplyStrictly(e);
        }
        catch (Exception failure) when (failure is TextOperationException or ArgumentException or InvalidOperationException)
        {
            return this with { Damage = new ParagraphDamage(null, $"{e.GetType().Name}: {failure.Message}") };
        }
    }

    /// <summary>A text change about to be committed: one that does not fit the text throws (a 409 to its sender).</summary>
    public Paragraph ApplyStrictly(IParagraphTextChange e) => WithTextChange(e.Operation, e.AuthorSub, e.AuthorState, e.ChangedAt);

    public Paragraph Apply(ParagraphPutUnderNegotiation e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.UnderNegotiation });

    public Paragraph Apply(ParagraphAgreedAdReferendum e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.AgreedAdReferendum });

    public Paragraph Apply(ParagraphAgreed e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.Agreed, Options = [] });

    public Paragraph Apply(ParagraphParked e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.Parked });

    public Paragraph Apply(ParagraphResumed e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.UnderNegotiation });

    public Paragraph Apply(ParagraphReopened e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.UnderNegotiation });

    public Paragraph Apply(ParagraphDeleted e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.Deleted });

    public Paragraph Apply(BracketAdded e) =>
        Held(e) ?? Negotiated(this with { Brackets = [.. Brackets, new Bracket(e.BracketId, e.Start, e.End, e.Kind, e.Holders, e.AddedBySub)] });

    public Paragraph Apply(BracketRemoved e) =>
        Held(e) ?? Negotiated(this with { Brackets = [.. Brackets.Where(b => b.Id != e.BracketId)] });

    public Paragraph Apply(BracketCollapsed e) =>
        Held(e) ?? Negotiated(this with { Brackets = [.. Brackets.Where(b => b.Id != e.BracketId)] });

    public Paragraph Apply(ParagraphOptionAdded e) =>
        Held(e) ?? Negotiated(this with { Options = [.. Options, new ParagraphOption(e.OptionId, Options.Count + 1, e.Text, e.AuthorSub, e.AuthorState, e.AddedAt)] });

    public Paragraph Apply(ParagraphOptionRemoved e) =>
        Held(e) ?? Negotiated(this with { Options = [.. Options.Where(o => o.Id != e.OptionId).Select((o, i) => o with { Number = i + 1 })] });

    /// <summary>The whole state the operator restored, replacing whatever the damaged events left.</summary>
    public Paragraph Apply(ParagraphRepaired e) =>
        this with
        {
            Text = e.Text,
            Status = e.Status,
            Brackets = e.Brackets,
            Options = e.Options,
            Authorship = AuthorshipRuns.Normalize(e.Authorship),
            TextVersion = e.TextVersion,
            NegotiationVersion = e.NegotiationVersion,
            RecentOperations = [],
            Damage = null,
        };

    /// <summary>A fence changes nothing in the paragraph; it only moves the stream's version (see <see cref="IParagraphFence"/>).</summary>
    public Paragraph Apply(ParagraphPlacedUnderSilence e) => Held(e) ?? this;

    public Paragraph Apply(ParagraphAdopted e) => Held(e) ?? this;

    public Paragraph Apply(ParagraphQuoted e) => Held(e) ?? this;

    /// <summary>A row of an event type the service does not know: always damage.</summary>
    public Paragraph Apply(Infrastructure.Events.UnknownStoredEvent e) => Held(e) ?? this;

    /// <summary>This state unchanged when the paragraph is already damaged, damaged when <paramref name="e"/> is unreadable, else null.</summary>
    private Paragraph? Held(object e) =>
        Damage is not null ? this
        : Infrastructure.Events.UnreadableEvents.Of(e) is { } unreadable ? this with { Damage = ParagraphDamage.Of(unreadable) }
        : null;

    public bool IsDeleted => Status == ParagraphStatus.Deleted;

    public ParagraphOption? OptionFor(Guid optionId) => Options.FirstOrDefault(o => o.Id == optionId);

    public Bracket? BracketFor(Guid bracketId) => Brackets.FirstOrDefault(b => b.Id == bracketId);

    /// <summary>
    /// The one step every text change goes through: applies <paramref name="operation"/> to the text, moves every bracket
    /// with it and updates the authorship runs, together, so spans and text never disagree. Text inserted exactly at a
    /// bracket's edge falls outside the bracket; a bracket whose text is all deleted is left empty here and removed by the
    /// <see cref="BracketCollapsed"/> event that the decision appends.
    /// </summary>
    public Paragraph WithTextChange(TextOperation operation, string authorSub, string? authorState, DateTimeOffset at)
    {
        var text = TextOperation.Apply(Text, operation);
        var version = TextVersion + 1;
        var recent = RecentOperations.Count >= RecentOperationLimit
            ? RecentOperations.Skip(RecentOperations.Count - RecentOperationLimit + 1)
            : RecentOperations;
        return this with
        {
            Text = text,
            Brackets = [.. Brackets.Select(b => Move(b, operation))],
            Authorship = AuthorshipRuns.Transform(Authorship, operation, authorSub, authorState, at),
            TextVersion = version,
            RecentOperations = [.. recent, new SequencedOperation(version, operation)],
        };
    }

    private static Bracket Move(Bracket bracket, TextOperation operation)
    {
        var start = TextOperation.TransformPosition(bracket.Start, operation, stickToRight: true);
        var end = TextOperation.TransformPosition(bracket.End, operation, stickToRight: false);
        return bracket with { Start = start, End = Math.Max(start, end) };
    }

    private static Paragraph Negotiated(Paragraph p) => p with { NegotiationVersion = p.NegotiationVersion + 1 };

    private static Paragraph New(Guid groupId, Guid draftId, Guid id, string text, IReadOnlyList<AuthorshipRun> authorship, Guid? sourceDraftId, Guid? sourceParagraphId) =>
        new(id, groupId, draftId, text, ParagraphStatus.Proposed, [], [], authorship, 0, 0, sourceDraftId, sourceParagraphId);
}
