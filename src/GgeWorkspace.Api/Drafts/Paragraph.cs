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

    /// <summary>
    /// While deleted, the status it had before (what restoring brings back). Null otherwise, and in a snapshot written
    /// before it was kept: restoring such a paragraph puts it under negotiation, and a replay of its events knows better.
    /// </summary>
    public ParagraphStatus? StatusBeforeDeletion { get; init; }

    /// <summary>
    /// Set when this text stream is a translation: the paragraph it translates. A translation is never in the draft's outline,
    /// status machine or consensus; its status is its paragraph's.
    /// </summary>
    public Guid? TranslationOf { get; init; }

    /// <summary>The language of a translation (ISO 639-1); null for a paragraph, which is in its draft's working language.</summary>
    public string? Language { get; init; }

    /// <summary>The working text version a translation is current as of, and that text (staleness compares texts, not versions).</summary>
    public long? SourceTextVersion { get; init; }

    /// <summary>The working text as it was at <see cref="SourceTextVersion"/>.</summary>
    public string? SourceText { get; init; }

    [JsonIgnore]
    public bool IsTranslation => TranslationOf is not null;

    /// <summary>
    /// For a point (a) or sub-point (i): the paragraph it belongs to, whose status it shares. Null for a paragraph (and in a
    /// snapshot written before points existed, which holds paragraphs only).
    /// </summary>
    public Guid? ParentParagraphId { get; init; }

    public bool IsPoint => ParentParagraphId is not null;

    /// <summary>The oldest text version a span or operation may still refer to with the operations this copy holds.</summary>
    [JsonIgnore]
    public long OldestTransformableTextVersion => TextVersion - RecentOperations.Count;

    public static Paragraph From(ParagraphProposed e) =>
        New(e.GroupId, e.DraftId, e.ParagraphId, e.Text, AuthorshipRuns.Initial(e.Text, e.AuthorSub, e.AuthorState, e.ProposedAt), null, null)
            with { ParentParagraphId = e.ParentParagraphId };

    public static Paragraph From(Translations.TranslationStarted e) =>
        New(e.GroupId, e.DraftId, e.ParagraphId, e.Text, AuthorshipRuns.Initial(e.Text, e.AuthorSub, null, e.StartedAt), null, null) with
        {
            TranslationOf = e.TranslationOf,
            Language = e.Language,
            SourceTextVersion = e.SourceTextVersion,
            SourceText = e.SourceText,
        };

    public static Paragraph From(ParagraphAdded e) =>
        New(e.GroupId, e.DraftId, e.ParagraphId, e.Text,
            e.Authorship is { Count: > 0 } runs ? AuthorshipRuns.Normalize(runs) : AuthorshipRuns.Initial(e.Text, e.AuthorSub, e.AuthorState, e.AddedAt),
            e.SourceDraftId, e.SourceParagraphId) with { ParentParagraphId = e.ParentParagraphId };

    /// <summary>Every event type of a paragraph's stream; <see cref="Evolve"/> applies each (fences change nothing but the version).</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(ParagraphProposed), typeof(ParagraphAdded), typeof(ParagraphTextChanged), typeof(ParagraphTextEdited),
        typeof(ParagraphPutUnderNegotiation), typeof(ParagraphAgreedAdReferendum), typeof(ParagraphAgreed), typeof(ParagraphParked),
        typeof(ParagraphResumed), typeof(ParagraphReopened), typeof(ParagraphDeleted), typeof(ParagraphRestored), typeof(BracketAdded), typeof(BracketRemoved),
        typeof(BracketCollapsed), typeof(BracketHolderWithdrawn), typeof(BracketLifted), typeof(ParagraphOptionAdded), typeof(ParagraphOptionRemoved),
        typeof(ParagraphRepaired), typeof(ParagraphPlacedUnderSilence), typeof(ParagraphAdopted), typeof(ParagraphQuoted), typeof(PointFollowedParagraph),
        typeof(Translations.TranslationStarted), typeof(Translations.TranslationMadeCurrent), typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>
    /// The one way a paragraph changes by an event. Writes and sequencing apply text changes strictly (a misfit throws, a 409
    /// to its sender); a replay of history goes through <see cref="Replay"/>, which turns a misfit into damage.
    /// </summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static Paragraph? Evolve(Paragraph? state, object e) => (state, e) switch
    {
        (null, ParagraphProposed x) => From(x),
        (null, ParagraphAdded x) => From(x),
        (null, Translations.TranslationStarted x) => From(x),
        // Nothing to change before the stream's first event (an unreadable first event is damage; see Replay).
        (null, _) => null,
        (not null, IParagraphTextChange x) => state.IsDamaged || Infrastructure.Events.UnreadableEvents.IsUnreadable(x) ? state.ApplyStored(x) : state.ApplyStrictly(x),
        (not null, ParagraphPutUnderNegotiation x) => state.With(x),
        (not null, ParagraphAgreedAdReferendum x) => state.With(x),
        (not null, ParagraphAgreed x) => state.With(x),
        (not null, ParagraphParked x) => state.With(x),
        (not null, ParagraphResumed x) => state.With(x),
        (not null, ParagraphReopened x) => state.With(x),
        (not null, ParagraphDeleted x) => state.With(x),
        (not null, ParagraphRestored x) => state.With(x),
        (not null, BracketAdded x) => state.With(x),
        (not null, BracketRemoved x) => state.With(x),
        (not null, BracketCollapsed x) => state.With(x),
        (not null, BracketHolderWithdrawn x) => state.With(x),
        (not null, BracketLifted x) => state.With(x),
        (not null, ParagraphOptionAdded x) => state.With(x),
        (not null, ParagraphOptionRemoved x) => state.With(x),
        (not null, ParagraphRepaired x) => state.With(x),
        (not null, ParagraphPlacedUnderSilence x) => state.With(x),
        (not null, ParagraphAdopted x) => state.With(x),
        (not null, ParagraphQuoted x) => state.With(x),
        (not null, Translations.TranslationMadeCurrent x) => state.With(x),
        (not null, PointFollowedParagraph x) => state.With(x),
        (not null, Infrastructure.Events.UnknownStoredEvent x) => state.With(x),
        // A second first event is not a change of this paragraph.
        (not null, ParagraphProposed or ParagraphAdded or Translations.TranslationStarted) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(Paragraph), e),
    };

    /// <summary>
    /// A stored event applied in a replay of history (Marten's snapshot, as-of reads, exports, repair): one that cannot be
    /// applied damages its paragraph (naming its sequence) instead of failing the read, and the paragraph holds until it is
    /// repaired, so every replay agrees.
    /// </summary>
    public static Paragraph? Replay(Paragraph? state, Guid streamId, long sequence, object data)
    {
        Paragraph? next;
        try
        {
            next = Evolve(state, data);
        }
        catch (Exception failure) when (failure is TextOperationException or InvalidOperationException or ArgumentException or NullReferenceException)
        {
            var reason = Infrastructure.Events.UnreadableEvents.Of(data) is { } unreadable ? unreadable.Reason : failure.Message;
            // Without a first event there is no paragraph to mark: the stream itself answers as damaged.
            if (state is null) throw new Infrastructure.Errors.ParagraphDamagedException(streamId, sequence, $"{data.GetType().Name}: {reason}");
            return state with { Damage = new ParagraphDamage(sequence, $"{data.GetType().Name}: {reason}") };
        }
        return next?.Damage is { Sequence: null } damage ? next with { Damage = damage with { Sequence = sequence } } : next;
    }

    /// <summary>A stored text change of either event type, as every replay applies it: a misfit damages the paragraph.</summary>
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

    public Paragraph With(ParagraphPutUnderNegotiation e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.UnderNegotiation });

    public Paragraph With(ParagraphAgreedAdReferendum e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.AgreedAdReferendum });

    public Paragraph With(ParagraphAgreed e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.Agreed, Options = [] });

    public Paragraph With(ParagraphParked e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.Parked });

    public Paragraph With(ParagraphResumed e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.UnderNegotiation });

    public Paragraph With(ParagraphReopened e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.UnderNegotiation });

    public Paragraph With(ParagraphDeleted e) =>
        Held(e) ?? Negotiated(this with { Status = ParagraphStatus.Deleted, StatusBeforeDeletion = Status });

    public Paragraph With(ParagraphRestored e) =>
        Held(e) ?? Negotiated(this with { Status = e.Status, StatusBeforeDeletion = null });

    public Paragraph With(BracketAdded e) =>
        Held(e) ?? Negotiated(this with { Brackets = [.. Brackets, new Bracket(e.BracketId, e.Start, e.End, e.Kind, e.Holders, e.AddedBySub)] });

    public Paragraph With(BracketRemoved e) =>
        Held(e) ?? Negotiated(this with { Brackets = [.. Brackets.Where(b => b.Id != e.BracketId)] });

    public Paragraph With(BracketCollapsed e) =>
        Held(e) ?? Negotiated(this with { Brackets = [.. Brackets.Where(b => b.Id != e.BracketId)] });

    public Paragraph With(BracketHolderWithdrawn e) =>
        Held(e) ?? Negotiated(this with
        {
            Brackets = [.. Brackets.Select(b => b.Id == e.BracketId ? b with { Holders = [.. b.Holders.Where(h => h != e.Holder)] } : b)],
        });

    public Paragraph With(BracketLifted e) =>
        Held(e) ?? Negotiated(this with { Brackets = [.. Brackets.Where(b => b.Id != e.BracketId)] });

    public Paragraph With(ParagraphOptionAdded e) =>
        Held(e) ?? Negotiated(this with { Options = [.. Options, new ParagraphOption(e.OptionId, Options.Count + 1, e.Text, e.AuthorSub, e.AuthorState, e.AddedAt)] });

    public Paragraph With(ParagraphOptionRemoved e) =>
        Held(e) ?? Negotiated(this with { Options = [.. Options.Where(o => o.Id != e.OptionId).Select((o, i) => o with { Number = i + 1 })] });

    /// <summary>The whole state the operator restored, replacing whatever the damaged events left.</summary>
    public Paragraph With(ParagraphRepaired e) =>
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
    public Paragraph With(ParagraphPlacedUnderSilence e) => Held(e) ?? this;

    public Paragraph With(ParagraphAdopted e) => Held(e) ?? this;

    public Paragraph With(ParagraphQuoted e) => Held(e) ?? this;

    public Paragraph With(Translations.TranslationMadeCurrent e) =>
        Held(e) ?? this with { SourceTextVersion = e.SourceTextVersion, SourceText = e.SourceText };

    /// <summary>
    /// The point takes its paragraph's status; a point deleted on its own stays deleted and comes back, when restored, with the
    /// status its paragraph has by then. The paragraph's own deletion withdraws it, with its points, from the draft's numbering.
    /// </summary>
    public Paragraph With(PointFollowedParagraph e) =>
        Held(e) ?? (Status, e.Status) switch
        {
            (ParagraphStatus.Deleted, ParagraphStatus.Deleted) => this with { ParentParagraphId = e.ParentParagraphId },
            (ParagraphStatus.Deleted, _) => this with { ParentParagraphId = e.ParentParagraphId, StatusBeforeDeletion = e.Status },
            (_, ParagraphStatus.Deleted) => this with { ParentParagraphId = e.ParentParagraphId },
            _ when e.Status == Status => this with { ParentParagraphId = e.ParentParagraphId },
            _ => Negotiated(this with { ParentParagraphId = e.ParentParagraphId, Status = e.Status }),
        };

    /// <summary>A row of an event type the service does not know: always damage.</summary>
    public Paragraph With(Infrastructure.Events.UnknownStoredEvent e) => Held(e) ?? this;

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
