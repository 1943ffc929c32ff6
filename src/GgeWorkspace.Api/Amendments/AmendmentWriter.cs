using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Infrastructure.Errors;
using Marten;

namespace GgeWorkspace.Api.Amendments;

/// <summary>What accepting answers: the amendment, and the paragraph it changed or created.</summary>
public sealed record AmendmentAcceptedView(Amendment Amendment, ParagraphView Paragraph);

/// <summary>
/// The write path of amendments, as <see cref="DraftWriter"/> is for drafts: fetch for writing (the amendment must be in the
/// caller's group and the draft named in the route), check If-Match, decide, append, save, and answer with the state produced.
/// </summary>
public sealed class AmendmentWriter(IDocumentSession session, GroupAccess access, TimeProvider time, CommentAnchorFollower anchors, Consensus.ParagraphWriteGuards guards)
{
    private Actor Actor => Actor.From(access.Required.Member);

    /// <summary>Starts the amendment's stream, based on the paragraph's text at <paramref name="baseTextVersion"/> (now, when null).</summary>
    public async Task<Amendment> ProposeAsync(ProposeAmendment command, long? baseTextVersion, CancellationToken ct)
    {
        var paragraph = await session.LoadParagraphInDraftAsync(command.GroupId, command.DraftId, command.ParagraphId, ct);
        if (baseTextVersion is { } version && version != paragraph.TextVersion)
            paragraph = await AtTextVersionAsync(paragraph, version, ct);

        var events = AmendmentDecisions.Propose(command, null, paragraph, Actor, time.GetUtcNow());
        session.Events.StartStream<Amendment>(command.AmendmentId, events);
        await session.SaveChangesAsync(ct);
        return Amendment.After(null, events, events.Length);
    }

    /// <summary>Support, objection, withdrawing a position, rejection or withdrawal: events on the amendment's stream only.</summary>
    public async Task<Amendment> ExecuteAsync(Guid draftId, IAmendmentCommand command, long? expectedVersion, string? reason, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Amendment>(command.AmendmentId, ct);
        var amendment = InDraft(stream.Aggregate, draftId);
        RequireVersion(stream.CurrentVersion, expectedVersion);
        var events = AmendmentDecisions.Decide(command, amendment, Actor, time.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(reason)) session.SetHeader(EventHeaders.Reason, reason.Trim());
        var version = stream.CurrentVersion ?? 0;
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
        return Amendment.After(amendment, events, version + events.Length);
    }

    /// <summary>
    /// The Chair accepts: the amendment, its paragraph (through the paragraph's text sequencing, or a new paragraph stream for
    /// an insertion) and, when the structure changes, the draft are written in one transaction. The paragraph is fetched for
    /// writing so its inline snapshot stays right and a text change committed meanwhile fails the commit (412) instead of
    /// being merged over blindly; comment anchors in the paragraph follow the text change in the same transaction.
    /// </summary>
    public async Task<AmendmentAcceptedView> AcceptAsync(
        Guid draftId, Guid amendmentId, long expectedVersion, CancellationToken ct, bool overrideObjections = false, string? reason = null)
    {
        var stream = await session.Events.FetchForWriting<Amendment>(amendmentId, ct);
        var amendment = InDraft(stream.Aggregate, draftId);
        RequireVersion(stream.CurrentVersion, expectedVersion);
        var paragraphStream = await session.Events.FetchForWriting<Paragraph>(amendment.ParagraphId, ct);
        var paragraph = paragraphStream.Aggregate ?? throw new NotFoundException("The amendment's paragraph no longer exists.");
        var draft = await session.LoadAsync<Draft>(draftId, ct) ?? throw new NotFoundException("No such draft in this group.");
        // Text under silence is frozen and an adopted draft is read-only, whatever the change comes through.
        await guards.EnsureTextMayChangeAsync(paragraph, ct);

        var now = time.GetUtcNow();
        var acceptance = AmendmentDecisions.Accept(new AcceptAmendment(amendmentId, overrideObjections, reason), amendment, paragraph, draft, Actor, now);
        if (!string.IsNullOrWhiteSpace(reason)) session.SetHeader(EventHeaders.Reason, reason.Trim());
        if (acceptance.DraftCommand is { } structural)
        {
            // The draft row is locked while placing or withdrawing, as when a paragraph is created.
            var draftStream = await session.Events.FetchForExclusiveWriting<Draft>(draftId, ct);
            draftStream.AppendMany(DraftDecisions.Decide(structural, draftStream.Aggregate!, Actor));
        }

        Paragraph changed;
        if (acceptance.ParagraphStreamId == paragraph.Id)
        {
            var paragraphVersion = paragraphStream.CurrentVersion ?? 0;
            paragraphStream.AppendMany(acceptance.ParagraphEvents);
            await anchors.FollowAsync(paragraph.Id, acceptance.ParagraphEvents, ct);
            changed = Paragraph.After(paragraph, acceptance.ParagraphEvents, paragraphVersion + acceptance.ParagraphEvents.Length);
        }
        else
        {
            session.Events.StartStream<Paragraph>(acceptance.ParagraphStreamId, acceptance.ParagraphEvents);
            changed = Paragraph.After(null, acceptance.ParagraphEvents, acceptance.ParagraphEvents.Length);
        }

        var version = stream.CurrentVersion ?? 0;
        stream.AppendMany(acceptance.AmendmentEvents);
        await session.SaveChangesAsync(ct);

        var after = await session.LoadAsync<Draft>(draftId, ct);
        return new AmendmentAcceptedView(
            Amendment.After(amendment, acceptance.AmendmentEvents, version + acceptance.AmendmentEvents.Length),
            ParagraphView.From(changed, after is null ? null : DraftOutline.Of(after).NumberOf(changed.Id), withAuthorship: true));
    }

    /// <summary>The paragraph as it stood at an earlier text version (its text, and that version), replayed from its stream.</summary>
    private async Task<Paragraph> AtTextVersionAsync(Paragraph current, long textVersion, CancellationToken ct)
    {
        if (textVersion > current.TextVersion || textVersion < 0)
            throw new ConflictException($"The paragraph has no text version {textVersion}.",
                new Dictionary<string, object?> { ["textVersion"] = current.TextVersion });
        Paragraph? replayed = null;
        foreach (var e in await session.Events.FetchStreamAsync(current.Id, token: ct))
        {
            if (replayed is not null && e.Data is IParagraphTextChange changed && changed.BaseTextVersion >= textVersion) break;
            replayed = Paragraph.Evolve(replayed, e.Data);
        }
        return current with { Text = replayed!.Text, TextVersion = textVersion };
    }

    private Amendment InDraft(Amendment? amendment, Guid draftId) =>
        amendment is not null && amendment.GroupId == access.Required.Group.Id && amendment.DraftId == draftId
            ? amendment
            : throw new NotFoundException("No such amendment in this draft.");

    private static void RequireVersion(long? current, long? expected)
    {
        if (expected is { } e && (current ?? 0) != e) throw new PreconditionFailedException(current ?? 0);
    }
}
