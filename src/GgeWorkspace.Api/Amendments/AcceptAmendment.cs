using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Amendments;

/// <summary>
/// The Chair accepts the amendment: its change is applied to the paragraph (see <see cref="AmendmentDecisions.Accept"/>).
/// Over standing objections only with <see cref="OverrideObjections"/> and a <see cref="Reason"/>: a deliberate act, never an accident.
/// </summary>
public sealed record AcceptAmendment(Guid AmendmentId, bool OverrideObjections = false, string? Reason = null) : IAmendmentCommand;

/// <summary>Accepting: <see cref="OverrideObjections"/> acknowledges standing objections, with <see cref="Reason"/>.</summary>
public sealed record AcceptRequest(bool OverrideObjections, string? Reason);

/// <summary>What accepting answers: the amendment, and the paragraph it changed or created.</summary>
public sealed record AmendmentAcceptedView(Amendment Amendment, ParagraphView Paragraph);

/// <summary>
/// The Chair accepts an amendment at the version they read (If-Match); over standing objections only with
/// <see cref="OverrideObjections"/> and a <see cref="Reason"/>.
/// </summary>
public sealed record AcceptAmendmentIntoText(
    Guid GroupId, Guid DraftId, Guid AmendmentId, long ExpectedVersion, bool OverrideObjections = false, string? Reason = null)
    : ICommand<AmendmentAcceptedView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Chair;
}

public sealed class AcceptAmendmentIntoTextValidator : AbstractValidator<AcceptAmendmentIntoText>
{
    public AcceptAmendmentIntoTextValidator()
    {
        RuleFor(x => x.Reason).ValidText().NotEmpty().When(x => x.OverrideObjections)
            .WithMessage("Accepting over objections needs a reason.").OverridePropertyName("reason");
        RuleFor(x => x.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason");
    }
}

/// <summary>
/// The amendment, its paragraph (through the paragraph's text sequencing, or a new paragraph stream for an insertion) and,
/// when the structure changes, the draft are written in one transaction. The paragraph is fetched for writing so its
/// inline snapshot stays right and a text change committed meanwhile fails the commit (412) instead of being merged over
/// blindly; comment anchors in the paragraph follow the text change in the same transaction (the paragraph's append hooks).
/// </summary>
public sealed class AcceptAmendmentIntoTextHandler(StreamWrite write, GroupAccess access, TimeProvider time)
    : ICommandHandler<AcceptAmendmentIntoText, AmendmentAcceptedView>
{
    public async ValueTask<AmendmentAcceptedView> Handle(AcceptAmendmentIntoText command, CancellationToken ct)
    {
        var actor = Actor.From(access.Required.Member);
        var target = await write.FetchAsync<Amendment>(command.AmendmentId, command.ExpectedVersion,
            a => Amendment.InDraft(a, command.GroupId, command.DraftId), ct);
        var paragraph = await write.FetchAsync<Paragraph>(target.State.ParagraphId, null,
            p => p ?? throw new NotFoundException("The amendment's paragraph no longer exists."), ct);
        var draft = await write.Session.LoadAsync<Draft>(command.DraftId, ct) ?? throw new NotFoundException("No such draft in this group.");
        // Text under silence is frozen and an adopted draft is read-only, whatever the change comes through.
        await write.GuardAsync(paragraph.State, new ParagraphTextWrite(paragraph.Id), ct);

        var acceptance = AmendmentDecisions.Accept(new AcceptAmendment(command.AmendmentId, command.OverrideObjections, command.Reason),
            target.State, paragraph.State, draft, actor, time.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(command.Reason)) write.Session.SetHeader(EventHeaders.Reason, command.Reason.Trim());
        if (acceptance.DraftCommand is { } structural)
        {
            // The draft row is locked while placing or withdrawing, as when a paragraph is created.
            var draftTarget = await write.FetchExclusiveAsync<Draft>(command.DraftId, d => d!, ct);
            await write.AppendAsync(draftTarget, DraftDecisions.Decide(structural, draftTarget.State, actor), ct);
        }
        var changed = acceptance.ParagraphStreamId == paragraph.Id
            ? await write.AppendAsync(paragraph, acceptance.ParagraphEvents, ct)
            : await write.StartAsync<Paragraph>(acceptance.ParagraphStreamId, acceptance.ParagraphEvents, ct);
        var accepted = await write.AppendAsync(target, acceptance.AmendmentEvents, ct);
        await write.SaveAsync(ct);

        var after = await write.Session.LoadAsync<Draft>(command.DraftId, ct);
        return new AmendmentAcceptedView(accepted.State,
            ParagraphView.From(changed.State, after is null ? null : DraftOutline.Of(after).NumberOf(changed.State.Id), withAuthorship: true));
    }
}

public static class AcceptAmendmentEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost(AmendmentRoutes.AmendmentPath + "/accept",
                async (Guid groupId, Guid draftId, Guid amendmentId, AcceptRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
                {
                    var accepted = await m.Send(new AcceptAmendmentIntoText(groupId, draftId, amendmentId, Versions.RequireIfMatch(http),
                        r?.OverrideObjections ?? false, r?.Reason), ct);
                    Versions.SetETag(http, accepted.Amendment.Version);
                    return accepted;
                })
            .WithSummary("Accept (the Chair; If-Match: the amendment version); over objections only with {overrideObjections: true, reason} (409 naming them otherwise). Merges three-way with changes since its base; overlapping changes are 409 with base, current and proposed.");
}
