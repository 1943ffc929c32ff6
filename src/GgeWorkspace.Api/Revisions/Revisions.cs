namespace GgeWorkspace.Api.Revisions;

/// <summary>
/// The Chair issued revision <see cref="Number"/> of a draft (0 for the zero draft), labelled <see cref="Label"/>
/// ("Zero draft", "Rev.1", ...). <see cref="GlobalSequence"/> is the store's global event sequence the content reflects, and
/// <see cref="Snapshot"/> the whole content as it stood, so the revision can be read and compared without replaying.
/// </summary>
public sealed record RevisionIssued(
    Guid GroupId, Guid DraftId, Guid RevisionId, int Number, string Label, DateTimeOffset IssuedAt, long GlobalSequence, string? Note,
    RevisionSnapshot Snapshot) : IDraftEvent;

/// <summary>One issued revision without its content (the content is in the event and the revision read model).</summary>
public sealed record RevisionSummary(Guid RevisionId, int Number, string Label, DateTimeOffset IssuedAt, long GlobalSequence, string? Note);

/// <summary>
/// The revisions of one draft, in order (one stream per draft, with id <see cref="StreamIdFor"/>), so the next number is
/// decided against the ones already issued and two revisions can never get the same number. Holds summaries only. The stream
/// also records each copy prepared for a delegation (<see cref="Exports.RecipientCopyPrepared"/>), which changes no revision.
/// </summary>
public sealed record RevisionLog(Guid Id, Guid GroupId, Guid DraftId, IReadOnlyList<RevisionSummary> Revisions)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    /// <summary>The number the next revision gets: 0 (the zero draft) first.</summary>
    public int NextNumber => Revisions.Count;

    /// <summary>Every event type of a draft's revision log stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(RevisionIssued), typeof(Exports.RecipientCopyPrepared), typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a revision log changes by an event: Marten's snapshot uses it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static RevisionLog? Evolve(RevisionLog? state, object e) => (state, e) switch
    {
        (null, RevisionIssued x) => From(x),
        // A copy prepared for a delegation before the zero draft starts the log without a revision.
        (null, Exports.RecipientCopyPrepared x) => new RevisionLog(StreamIdFor(x.DraftId), x.GroupId, x.DraftId, []),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, RevisionIssued x) => state.With(x),
        // A recipient copy is history of the draft's circulation; the revisions stay as they are.
        (not null, Exports.RecipientCopyPrepared) => state,
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(RevisionLog), e),
    };

    public static RevisionLog From(RevisionIssued e) =>
        new(StreamIdFor(e.DraftId), e.GroupId, e.DraftId, [Summary(e)]);

    public RevisionLog With(RevisionIssued e) => this with { Revisions = [.. Revisions, Summary(e)] };

    /// <summary>
    /// The id of a draft's revision stream: a name-based id (UUID version 8, from SHA-256) derived from the draft's, since stream ids are
    /// shared by every kind of stream and the draft's own id is taken.
    /// </summary>
    public static Guid StreamIdFor(Guid draftId) => StreamIds.NameBased($"gge-workspace/revisions/{draftId:D}");

    /// <summary>"Zero draft" for 0, "Rev.n" after.</summary>
    public static string LabelFor(int number) => number == 0 ? "Zero draft" : $"Rev.{number}";

    private static RevisionSummary Summary(RevisionIssued e) => new(e.RevisionId, e.Number, e.Label, e.IssuedAt, e.GlobalSequence, e.Note);
}

public static class RevisionDecisions
{
    /// <summary>
    /// Only the Chair issues revisions; the first is the zero draft, then Rev.1, Rev.2, ... The content is the snapshot of
    /// <paramref name="draft"/> and <paramref name="paragraphs"/> as they stand at <paramref name="globalSequence"/>.
    /// <paramref name="log"/> is null before the first revision.
    /// </summary>
    public static object[] Issue(
        IssueRevision command, RevisionLog? log, Draft draft, IReadOnlyDictionary<Guid, Paragraph> paragraphs, long globalSequence, Actor actor, DateTimeOffset now,
        IReadOnlyDictionary<Guid, Paragraph>? translations = null)
    {
        if (actor.Role != MemberRole.Chair) throw new ForbiddenException("Only the Chair can issue revisions.");
        if (draft.Id != command.DraftId) throw new ArgumentException("The draft is not the command's draft.", nameof(draft));
        if (log?.Revisions.Any(r => r.RevisionId == command.RevisionId) == true) throw new ConflictException("This revision already exists.");
        if (log is { Revisions.Count: > 0 } && log.Revisions[^1] is var last && globalSequence < last.GlobalSequence)
            throw new ConflictException($"{last.Label} already reflects a later state of the draft.",
                new Dictionary<string, object?> { ["globalSequence"] = last.GlobalSequence });

        var number = log?.NextNumber ?? 0;
        return
        [
            new RevisionIssued(draft.GroupId, draft.Id, command.RevisionId, number, RevisionLog.LabelFor(number), now, globalSequence,
                string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(), RevisionSnapshot.From(draft, paragraphs, translations ?? new Dictionary<Guid, Paragraph>())),
        ];
    }
}
