using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Drafts;

/// <summary>The Chair or Secretariat replaces the whole text; stored as the diff from the text of <see cref="BaseTextVersion"/>, which must be current.</summary>
public sealed record ReplaceParagraphText(Guid ParagraphId, string NewText, long BaseTextVersion) : IParagraphCommand;

/// <summary>
/// Move to under negotiation: from proposed (Chair or Secretariat), from parked (Chair), or reopen agreed or ad ref text
/// (Chair, <see cref="Reason"/> required).
/// </summary>
public sealed record PutParagraphUnderNegotiation(Guid ParagraphId, string? Reason = null) : IParagraphCommand;

/// <summary>The Chair records agreement ad referendum.</summary>
public sealed record AgreeParagraphAdReferendum(Guid ParagraphId) : IParagraphCommand;

/// <summary>
/// The Chair (or, with <see cref="Procedure"/>, a procedure) declares the paragraph agreed. With options, exactly one must be
/// chosen and its text becomes the paragraph's text.
/// </summary>
public sealed record AgreeParagraph(Guid ParagraphId, Guid? ChosenOptionId = null, string? Procedure = null) : IParagraphCommand;

/// <summary>The Chair sets the paragraph aside.</summary>
public sealed record ParkParagraph(Guid ParagraphId) : IParagraphCommand;

/// <summary>
/// Deletes the paragraph; it stays in history and can be restored. The Secretariat deletes only proposed paragraphs; agreed
/// or ad ref text is deleted by the Chair with a <see cref="Reason"/>.
/// </summary>
public sealed record DeleteParagraph(Guid ParagraphId, string? Reason = null) : IParagraphCommand;

/// <summary>The Chair restores a deleted paragraph, with a reason, to the status it had before it was deleted.</summary>
public sealed record RestoreParagraph(Guid ParagraphId, string? Reason) : IParagraphCommand;

/// <summary>
/// Put [<see cref="Start"/>, <see cref="End"/>) of text version <see cref="TextVersion"/> in square brackets, held by
/// <see cref="Holders"/>: an Expert's own delegation (the default), or delegations the Chair or Secretariat records with
/// <see cref="Reason"/> (see <see cref="BracketRules"/>).
/// </summary>
public sealed record AddBracket(
    Guid ParagraphId, Guid BracketId, int Start, int End, long TextVersion, BracketKind Kind, IReadOnlyList<string> Holders, string? Reason = null)
    : IParagraphCommand;

/// <summary>
/// A holder withdraws from a bracket: an Expert for their own delegation, or the Chair or Secretariat recording
/// <see cref="Holder"/>'s withdrawal with <see cref="Reason"/>. A bracket with no holder left is lifted.
/// </summary>
public sealed record WithdrawFromBracket(Guid ParagraphId, Guid BracketId, string? Holder, string? Reason = null) : IParagraphCommand;

/// <summary>Clean a bracket: remove the brackets, keep the text.</summary>
public sealed record RemoveBracket(Guid ParagraphId, Guid BracketId) : IParagraphCommand;

/// <summary>Add an alternative text as the next option.</summary>
public sealed record AddParagraphOption(Guid ParagraphId, Guid OptionId, string Text) : IParagraphCommand;

/// <summary>Remove an option.</summary>
public sealed record RemoveParagraphOption(Guid ParagraphId, Guid OptionId) : IParagraphCommand;

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

/// <summary>A requested move of a paragraph's negotiation status; the state machine decides whether it is allowed.</summary>
public sealed record ChangeParagraphStatus(Guid ParagraphId, ParagraphStatus To, string? Reason, Guid? ChosenOptionId) : IParagraphCommand
{
    public IParagraphCommand ToDomainCommand() => To switch
    {
        ParagraphStatus.UnderNegotiation => new PutParagraphUnderNegotiation(ParagraphId, Reason),
        ParagraphStatus.AgreedAdReferendum => new AgreeParagraphAdReferendum(ParagraphId),
        ParagraphStatus.Agreed => new AgreeParagraph(ParagraphId, ChosenOptionId),
        ParagraphStatus.Parked => new ParkParagraph(ParagraphId),
        ParagraphStatus.Deleted => new DeleteParagraph(ParagraphId, Reason),
        _ => this,
    };
}

/// <summary>
/// Any change to one paragraph: its text (If-Match: text version), its status, brackets or options (If-Match: negotiation
/// version), so negotiation is never refused merely because someone is typing. The decisions check roles and rules.
/// </summary>
public sealed record ChangeParagraph(Guid GroupId, Guid DraftId, IParagraphCommand Change, ParagraphGuard Guard, string? IdempotencyKey = null)
    : ICommand<ParagraphView>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Drafters;
}

public sealed class ChangeParagraphValidator : AbstractValidator<ChangeParagraph>
{
    public ChangeParagraphValidator(IConfiguration configuration)
    {
        var max = configuration.GetValue("Limits:MaxParagraphCodePoints", 20_000);
        RuleFor(x => x.Change).SetInheritanceValidator(v =>
        {
            v.Add(new InlineValidator<ReplaceParagraphText>
            {
                r => r.RuleFor(x => x.NewText).ValidText().NotEmpty().Must(t => CodePoints.Length(t) <= max)
                    .WithMessage($"A paragraph has text of at most {max} characters.").OverridePropertyName("text"),
            });
            v.Add(new InlineValidator<ChangeParagraphStatus>
            {
                r => r.RuleFor(x => x.To).IsInEnum().OverridePropertyName("status"),
                r => r.RuleFor(x => x.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason"),
            });
            v.Add(new InlineValidator<RestoreParagraph>
            {
                r => r.RuleFor(x => x.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason"),
            });
            v.Add(new InlineValidator<AddBracket>
            {
                r => r.RuleFor(x => x.Start).GreaterThanOrEqualTo(0).OverridePropertyName("start"),
                r => r.RuleFor(x => x.End).GreaterThan(x => x.Start).OverridePropertyName("end"),
                r => r.RuleFor(x => x.TextVersion).GreaterThanOrEqualTo(0).OverridePropertyName("textVersion"),
                r => r.RuleFor(x => x.Kind).IsInEnum().OverridePropertyName("kind"),
                r => r.RuleFor(x => x.Holders).ValidText().Must(h => h.Count <= 60 && h.All(s => !string.IsNullOrWhiteSpace(s) && s.Length <= 255))
                    .WithMessage("Up to 60 holders, each a delegation: a State code or the sub of a member attributed personally.").OverridePropertyName("holders"),
                r => r.RuleFor(x => x.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason"),
            });
            v.Add(new InlineValidator<WithdrawFromBracket>
            {
                r => r.RuleFor(x => x.Holder).ValidText().MaximumLength(255).OverridePropertyName("holder"),
                r => r.RuleFor(x => x.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason"),
            });
            v.Add(new InlineValidator<AddParagraphOption>
            {
                r => r.RuleFor(x => x.Text).ValidText().NotEmpty().Must(t => CodePoints.Length(t) <= max).OverridePropertyName("text"),
            });
        });
    }
}

/// <summary>
/// Fetches the paragraph for writing, checks the text or negotiation version named (If-Match) and the guards other features
/// register (adopted drafts are read-only, text under silence is frozen, objections block agreement), decides, appends (the
/// append hooks let comment anchors follow the text) with the draft's numbering when the paragraph is deleted or restored,
/// saves, and answers with the paragraph and its number.
/// </summary>
public sealed class ChangeParagraphHandler(StreamWrite write, IQuerySession session, GroupAccess access, TimeProvider time)
    : ICommandHandler<ChangeParagraph, ParagraphView>
{
    public async ValueTask<ParagraphView> Handle(ChangeParagraph command, CancellationToken ct)
    {
        var actor = Actor.From(access.Required.Member);
        var (change, reason) = command.Change switch
        {
            ChangeParagraphStatus s => (s.ToDomainCommand(), s.Reason),
            RestoreParagraph r => (r, r.Reason),
            var other => (other, null),
        };
        if (change is ChangeParagraphStatus unreachable)
        {
            // No transition leads here (e.g. back to proposed): let the state machine name the current status.
            var current = await session.LoadAsync<Paragraph>(unreachable.ParagraphId, ct);
            if (current is not null && current.DraftId == command.DraftId)
                ParagraphStatusRules.Require(current.Status, unreachable.To, actor.Role);
        }

        // If-Match names the text or the negotiation version, not the stream's: checked here, the stream's by Marten at commit.
        var target = await write.FetchAsync<Paragraph>(change.ParagraphId, null, p => p.InDraft(command.GroupId, command.DraftId), ct);
        command.Guard.Ensure(target.State);
        await write.GuardAsync(target.State, change, ct);
        // A span or operation given against an older text version is brought forward over the operations since, read from the events.
        var since = change switch
        {
            ChangeParagraphText text => text.BaseTextVersion,
            AddBracket bracket => bracket.TextVersion,
            _ => (long?)null,
        };
        target = target with { State = await ParagraphHistory.WithOperationsSinceAsync(write.Session, target.State, since, ct) };

        var events = ParagraphDecisions.Decide(change, target.State, actor, time.GetUtcNow(), access.Required.Group.Delegations());
        IDraftCommand? numbering =
            events.OfType<ParagraphDeleted>().Any() ? new WithdrawParagraph(command.DraftId, change.ParagraphId)
            : events.OfType<ParagraphRestored>().Any() ? new ReturnParagraphToNumbering(command.DraftId, change.ParagraphId)
            : null;
        if (numbering is not null)
        {
            var draftTarget = await write.FetchAsync<Draft>(command.DraftId, null, d => Draft.InGroup(d, command.GroupId), ct);
            await write.AppendAsync(draftTarget, DraftDecisions.Decide(numbering, draftTarget.State, actor), ct);
        }
        if (!string.IsNullOrWhiteSpace(reason)) write.Session.SetHeader(EventHeaders.Reason, reason);
        var written = await write.AppendAsync(target, events, ct);
        await write.SaveAsync(ct);

        var draft = await session.LoadAsync<Draft>(command.DraftId, ct);
        return ParagraphView.In(written.State, draft is null ? null : DraftOutline.Of(draft), withAuthorship: true);
    }
}

public sealed record ReplaceTextRequest(string Text);

public sealed record StatusRequest(ParagraphStatus Status, string? Reason, Guid? ChosenOptionId);

public sealed record RestoreRequest(string? Reason);

public sealed record BracketRequest(int Start, int End, long TextVersion, BracketKind Kind, IReadOnlyList<string>? Holders, string? Reason = null);

public sealed record BracketWithdrawalRequest(string? Holder, string? Reason);

public sealed record OptionRequest(string Text);

public static class ParagraphEndpoints
{
    private static async Task<IResult> Send(IMediator m, HttpContext http, Guid groupId, Guid draftId, IParagraphCommand change, ParagraphGuard guard,
        CancellationToken ct, bool created = false)
    {
        var view = await m.Send(new ChangeParagraph(groupId, draftId, change, guard, created ? IdempotencyHeader.Read(http) : null), ct);
        Versions.SetETag(http, guard.Kind == ParagraphVersionKind.Text ? view.TextVersion : view.NegotiationVersion);
        return created ? Results.Created($"/api/groups/{groupId}/drafts/{draftId}/paragraphs/{view.Id}", view) : Results.Ok(view);
    }

    private static ParagraphGuard Negotiation(HttpContext http, bool required) =>
        new(ParagraphVersionKind.Negotiation, required ? Versions.RequireIfMatch(http) : Versions.ReadIfMatch(http));

    public static void Map(RouteGroupBuilder group)
    {
        const string paragraph = "/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}";
        group.MapPut(paragraph + "/text", (Guid groupId, Guid draftId, Guid paragraphId, ReplaceTextRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var textVersion = Versions.RequireIfMatch(http);
                return Send(m, http, groupId, draftId, new ReplaceParagraphText(paragraphId, r.Text ?? "", textVersion),
                    new ParagraphGuard(ParagraphVersionKind.Text, textVersion), ct);
            })
            .WithSummary("Replace the text (Chair or Secretariat). If-Match: the text version; brackets and authorship move with the change.");
        group.MapPost(paragraph + "/status", (Guid groupId, Guid draftId, Guid paragraphId, StatusRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new ChangeParagraphStatus(paragraphId, r.Status, r.Reason, r.ChosenOptionId), Negotiation(http, true), ct))
            .WithSummary("Move the negotiation status (If-Match: negotiation version). Refused transitions get 409 naming the current status.");
        group.MapPost(paragraph + "/restore", (Guid groupId, Guid draftId, Guid paragraphId, RestoreRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new RestoreParagraph(paragraphId, r.Reason), Negotiation(http, true), ct))
            .WithSummary("Restore a deleted paragraph to the status it had (the Chair, with a reason; If-Match: negotiation version).");
        group.MapPost(paragraph + "/brackets", (Guid groupId, Guid draftId, Guid paragraphId, BracketRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId,
                    new AddBracket(paragraphId, Guid.CreateVersion7(), r.Start, r.End, r.TextVersion, r.Kind, r.Holders ?? [], r.Reason),
                    Negotiation(http, false), ct, created: true))
            .WithSummary("Bracket [start, end) of the text at textVersion (code points, widened to whole grapheme clusters) for its holders; " +
                "an Expert for their own delegation, the Chair or Secretariat for delegations present, with a reason. Crossing another bracket is a 409.");
        group.MapPost(paragraph + "/brackets/{bracketId:guid}/withdraw",
                (Guid groupId, Guid draftId, Guid paragraphId, Guid bracketId, BracketWithdrawalRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
                    Send(m, http, groupId, draftId, new WithdrawFromBracket(paragraphId, bracketId, r?.Holder, r?.Reason), Negotiation(http, false), ct))
            .WithSummary("A holder withdraws from a bracket (an Expert for their delegation; the Chair or Secretariat for a named holder, with a reason). " +
                "The last holder's withdrawal lifts the bracket.");
        group.MapDelete(paragraph + "/brackets/{bracketId:guid}", (Guid groupId, Guid draftId, Guid paragraphId, Guid bracketId, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new RemoveBracket(paragraphId, bracketId), Negotiation(http, true), ct))
            .WithSummary("Clean a bracket (Chair or Secretariat; If-Match: negotiation version).");
        group.MapPost(paragraph + "/options", (Guid groupId, Guid draftId, Guid paragraphId, OptionRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new AddParagraphOption(paragraphId, Guid.CreateVersion7(), r.Text ?? ""), Negotiation(http, false), ct, created: true))
            .WithSummary("Add an option (Option 1, Option 2, ...; Chair or Secretariat).");
        group.MapDelete(paragraph + "/options/{optionId:guid}", (Guid groupId, Guid draftId, Guid paragraphId, Guid optionId, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new RemoveParagraphOption(paragraphId, optionId), Negotiation(http, true), ct))
            .WithSummary("Remove an option (Chair or Secretariat; If-Match: negotiation version).");
    }
}
