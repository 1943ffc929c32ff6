using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Infrastructure.Errors;
using Marten;

namespace GgeWorkspace.Api.Drafts;

/// <summary>Which version of a paragraph a write depends on (see <see cref="Paragraph"/>: text and negotiation move separately).</summary>
public enum ParagraphVersionKind
{
    Text,
    Negotiation,
}

public sealed record ParagraphGuard(ParagraphVersionKind Kind, long? Expected)
{
    public static ParagraphGuard None { get; } = new(ParagraphVersionKind.Negotiation, null);
}

/// <summary>
/// The write path shared by every draft and paragraph use case: fetch the stream for writing (checking it belongs to
/// the caller's group and, with If-Match, its version), check the consensus guards (adopted drafts are read-only, text
/// under silence is frozen, objections block agreement), decide, append, save, and answer with the state it produced.
/// </summary>
public sealed class DraftWriter(IDocumentSession session, GroupAccess access, TimeProvider time, CommentAnchorFollower anchors, ParagraphWriteGuards guards)
{
    public Actor Actor => Actor.From(access.Required.Member);

    public async Task<Draft> ExecuteAsync(Guid draftId, IDraftCommand command, long? expectedVersion, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Draft>(draftId, ct);
        var draft = InGroup(stream.Aggregate);
        if (expectedVersion is { } expected && stream.CurrentVersion != expected)
            throw new PreconditionFailedException(stream.CurrentVersion ?? 0);
        await guards.EnsureDraftMayChangeAsync(draftId, ct);
        var events = DraftDecisions.Decide(command, draft, Actor);
        var version = stream.CurrentVersion ?? 0;
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
        return Draft.After(draft, events, version + events.Length);
    }

    public async Task<Paragraph> ExecuteAsync(Guid draftId, IParagraphCommand command, ParagraphGuard guard, string? reason, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Paragraph>(command.ParagraphId, ct);
        var paragraph = stream.Aggregate.InDraft(access.Required.Group.Id, draftId);
        if (guard.Expected is { } expected)
        {
            var current = guard.Kind == ParagraphVersionKind.Text ? paragraph.TextVersion : paragraph.NegotiationVersion;
            if (current != expected) throw new PreconditionFailedException(current);
        }
        await guards.EnsureAllowedAsync(paragraph, command, ct);
        // A span or operation given against an older text version is brought forward over the operations since, read from the events.
        paragraph = await ParagraphHistory.WithOperationsSinceAsync(session, paragraph, command switch
        {
            ChangeParagraphText change => change.BaseTextVersion,
            AddBracket bracket => bracket.TextVersion,
            _ => null,
        }, ct);

        var events = ParagraphDecisions.Decide(command, paragraph, Actor, time.GetUtcNow());
        if (events.OfType<ParagraphDeleted>().Any())
        {
            var draft = await session.Events.FetchForWriting<Draft>(draftId, ct);
            draft.AppendMany(DraftDecisions.Decide(new WithdrawParagraph(draftId, command.ParagraphId), InGroup(draft.Aggregate), Actor));
        }
        if (events.OfType<ParagraphRestored>().Any())
        {
            var draft = await session.Events.FetchForWriting<Draft>(draftId, ct);
            draft.AppendMany(DraftDecisions.Decide(new ReturnParagraphToNumbering(draftId, command.ParagraphId), InGroup(draft.Aggregate), Actor));
        }
        if (!string.IsNullOrWhiteSpace(reason)) session.SetHeader(EventHeaders.Reason, reason);
        var version = stream.CurrentVersion ?? 0;
        stream.AppendMany(events);
        await anchors.FollowAsync(paragraph.Id, events, ct);
        await session.SaveChangesAsync(ct);
        return Paragraph.After(paragraph, events, version + events.Length);
    }

    /// <summary>Starts a paragraph stream and places it in the draft, in one transaction (the draft row is locked while placing).</summary>
    public async Task<Paragraph> CreateAsync(Guid draftId, IParagraphCommand start, PlaceParagraph place, CancellationToken ct)
    {
        var draftStream = await session.Events.FetchForExclusiveWriting<Draft>(draftId, ct);
        var draft = InGroup(draftStream.Aggregate);
        await guards.EnsureDraftMayChangeAsync(draftId, ct);
        var placed = DraftDecisions.Decide(place, draft, Actor);
        var events = ParagraphDecisions.Decide(start, null, Actor, time.GetUtcNow());
        session.Events.StartStream<Paragraph>(start.ParagraphId, events);
        draftStream.AppendMany(placed);
        await session.SaveChangesAsync(ct);
        return Paragraph.After(null, events, events.Length);
    }

    public async Task<Draft> LoadDraftAsync(Guid draftId, CancellationToken ct) =>
        InGroup(await session.LoadAsync<Draft>(draftId, ct));

    private Draft InGroup(Draft? draft) =>
        draft is not null && draft.GroupId == access.Required.Group.Id ? draft : throw new NotFoundException("No such draft in this group.");
}
