using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Amendments;

/// <summary>What accepting answers: the amendment, and the paragraph it changed or created.</summary>
public sealed record AmendmentAcceptedView(Amendment Amendment, ParagraphView Paragraph);

/// <summary>
/// The amendment commands on the write path (<see cref="StreamWrite"/>): fetch for writing with If-Match (the amendment must be
/// in the caller's group and the draft named in the route), decide, append, save, and answer with the state produced.
/// </summary>
public sealed class AmendmentWriter(StreamWrite write, GroupAccess access, TimeProvider time)
{
    private Actor Actor => Actor.From(access.Required.Member);

    private IDocumentSession Session => write.Session;

    /// <summary>Starts the amendment's stream, based on the paragraph's text at <paramref name="baseTextVersion"/> (now, when null).</summary>
    public async Task<Amendment> ProposeAsync(ProposeAmendment command, long? baseTextVersion, CancellationToken ct)
    {
        var paragraph = await Session.LoadParagraphInDraftAsync(command.GroupId, command.DraftId, command.ParagraphId, ct);
        if (baseTextVersion is { } version && version != paragraph.TextVersion)
            paragraph = await AtTextVersionAsync(paragraph, version, ct);

        var events = AmendmentDecisions.Propose(command, null, paragraph, Actor, time.GetUtcNow());
        return (await write.CreateAsync<Amendment>(command.AmendmentId, events, ct)).State;
    }

    /// <summary>Support, objection, withdrawing a position, rejection or withdrawal: events on the amendment's stream only.</summary>
    public async Task<Amendment> ExecuteAsync(Guid draftId, IAmendmentCommand command, long? expectedVersion, string? reason, CancellationToken ct)
    {
        var target = await write.FetchAsync<Amendment>(command.AmendmentId, expectedVersion, a => InDraft(a, draftId), ct);
        var events = AmendmentDecisions.Decide(command, target.State, Actor, time.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(reason)) Session.SetHeader(EventHeaders.Reason, reason.Trim());
        var written = await write.AppendAsync(target, events, ct);
        await write.SaveAsync(ct);
        return written.State;
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
        var target = await write.FetchAsync<Amendment>(amendmentId, expectedVersion, a => InDraft(a, draftId), ct);
        var paragraphTarget = await write.FetchAsync<Paragraph>(target.State.ParagraphId, null,
            p => p ?? throw new NotFoundException("The amendment's paragraph no longer exists."), ct);
        var paragraph = paragraphTarget.State;
        var draft = await Session.LoadAsync<Draft>(draftId, ct) ?? throw new NotFoundException("No such draft in this group.");
        // Text under silence is frozen and an adopted draft is read-only, whatever the change comes through.
        await write.GuardAsync(paragraph, new ParagraphTextWrite(paragraph.Id), ct);

        var now = time.GetUtcNow();
        var acceptance = AmendmentDecisions.Accept(new AcceptAmendment(amendmentId, overrideObjections, reason), target.State, paragraph, draft, Actor, now);
        if (!string.IsNullOrWhiteSpace(reason)) Session.SetHeader(EventHeaders.Reason, reason.Trim());
        if (acceptance.DraftCommand is { } structural)
        {
            // The draft row is locked while placing or withdrawing, as when a paragraph is created.
            var draftTarget = await write.FetchExclusiveAsync<Draft>(draftId, d => d!, ct);
            await write.AppendAsync(draftTarget, DraftDecisions.Decide(structural, draftTarget.State, Actor), ct);
        }

        // Comment anchors in the paragraph follow the text change in the same transaction (the paragraph's append hooks).
        var changed = acceptance.ParagraphStreamId == paragraph.Id
            ? await write.AppendAsync(paragraphTarget, acceptance.ParagraphEvents, ct)
            : await write.StartAsync<Paragraph>(acceptance.ParagraphStreamId, acceptance.ParagraphEvents, ct);
        var accepted = await write.AppendAsync(target, acceptance.AmendmentEvents, ct);
        await write.SaveAsync(ct);

        var after = await Session.LoadAsync<Draft>(draftId, ct);
        return new AmendmentAcceptedView(accepted.State,
            ParagraphView.From(changed.State, after is null ? null : DraftOutline.Of(after).NumberOf(changed.State.Id), withAuthorship: true));
    }

    /// <summary>The paragraph as it stood at an earlier text version (its text, and that version), replayed from its stream.</summary>
    private async Task<Paragraph> AtTextVersionAsync(Paragraph current, long textVersion, CancellationToken ct)
    {
        if (textVersion > current.TextVersion || textVersion < 0)
            throw new ConflictException($"The paragraph has no text version {textVersion}.",
                new Dictionary<string, object?> { ["textVersion"] = current.TextVersion });
        Paragraph? replayed = null;
        foreach (var e in await Session.Events.FetchStreamAsync(current.Id, token: ct))
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
}
