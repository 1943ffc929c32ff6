using GgeWorkspace.Api.Infrastructure.Writes;

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

    /// <summary>412 naming the current text or negotiation version when it is not the one expected.</summary>
    public void Ensure(Paragraph paragraph)
    {
        if (Expected is not { } expected) return;
        var current = Kind == ParagraphVersionKind.Text ? paragraph.TextVersion : paragraph.NegotiationVersion;
        if (current != expected) throw new PreconditionFailedException(current);
    }
}

/// <summary>
/// The draft and paragraph commands on the write path (<see cref="StreamWrite"/>): fetch the stream for writing (checking it
/// belongs to the caller's group and, with If-Match, its version), run the guards other features register (adopted drafts are
/// read-only, text under silence is frozen, objections block agreement), decide, append (the append hooks let comment anchors
/// follow the text), save, and answer with the state it produced.
/// </summary>
public sealed class DraftWriter(StreamWrite write, GroupAccess access, TimeProvider time)
{
    public Actor Actor => Actor.From(access.Required.Member);

    public async Task<Draft> ExecuteAsync(Guid draftId, IDraftCommand command, long? expectedVersion, CancellationToken ct)
    {
        var target = await write.FetchAsync<Draft>(draftId, expectedVersion, InGroup, ct);
        await write.GuardAsync(target.State, command, ct);
        var written = await write.AppendAsync(target, DraftDecisions.Decide(command, target.State, Actor), ct);
        await write.SaveAsync(ct);
        return written.State;
    }

    public async Task<Paragraph> ExecuteAsync(Guid draftId, IParagraphCommand command, ParagraphGuard guard, string? reason, CancellationToken ct)
    {
        // If-Match names the text or the negotiation version, not the stream's: checked here, the stream's by Marten at commit.
        var target = await write.FetchAsync<Paragraph>(command.ParagraphId, null, p => p.InDraft(access.Required.Group.Id, draftId), ct);
        guard.Ensure(target.State);
        await write.GuardAsync(target.State, command, ct);
        // A span or operation given against an older text version is brought forward over the operations since, read from the events.
        target = target with
        {
            State = await ParagraphHistory.WithOperationsSinceAsync(write.Session, target.State, command switch
            {
                ChangeParagraphText change => change.BaseTextVersion,
                AddBracket bracket => bracket.TextVersion,
                _ => null,
            }, ct),
        };

        var events = ParagraphDecisions.Decide(command, target.State, Actor, time.GetUtcNow(), access.Required.Group.Delegations());
        if (events.OfType<ParagraphDeleted>().Any())
        {
            var draft = await write.FetchAsync<Draft>(draftId, null, InGroup, ct);
            await write.AppendAsync(draft, DraftDecisions.Decide(new WithdrawParagraph(draftId, command.ParagraphId), draft.State, Actor), ct);
        }
        if (events.OfType<ParagraphRestored>().Any())
        {
            var draft = await write.FetchAsync<Draft>(draftId, null, InGroup, ct);
            await write.AppendAsync(draft, DraftDecisions.Decide(new ReturnParagraphToNumbering(draftId, command.ParagraphId), draft.State, Actor), ct);
        }
        if (!string.IsNullOrWhiteSpace(reason)) write.Session.SetHeader(EventHeaders.Reason, reason);
        var written = await write.AppendAsync(target, events, ct);
        await write.SaveAsync(ct);
        return written.State;
    }

    /// <summary>Starts a paragraph stream and places it in the draft, in one transaction (the draft row is locked while placing).</summary>
    public async Task<Paragraph> CreateAsync(Guid draftId, IParagraphCommand start, PlaceParagraph place, CancellationToken ct)
    {
        var draft = await write.FetchExclusiveAsync<Draft>(draftId, InGroup, ct);
        await write.GuardAsync(draft.State, place, ct);
        var placed = DraftDecisions.Decide(place, draft.State, Actor);
        var paragraph = await write.StartAsync<Paragraph>(start.ParagraphId, ParagraphDecisions.Decide(start, null, Actor, time.GetUtcNow()), ct);
        await write.AppendAsync(draft, placed, ct);
        await write.SaveAsync(ct);
        return paragraph.State;
    }

    private Draft InGroup(Draft? draft) =>
        draft is not null && draft.GroupId == access.Required.Group.Id ? draft : throw new NotFoundException("No such draft in this group.");
}
