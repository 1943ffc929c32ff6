namespace GgeWorkspace.Api.Drafts;

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

public sealed class ChangeParagraphHandler(DraftWriter writer, IQuerySession session) : ICommandHandler<ChangeParagraph, ParagraphView>
{
    public async ValueTask<ParagraphView> Handle(ChangeParagraph command, CancellationToken ct)
    {
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
                ParagraphStatusRules.Require(current.Status, unreachable.To, writer.Actor.Role);
        }
        var paragraph = await writer.ExecuteAsync(command.DraftId, change, command.Guard, reason, ct);
        var draft = await session.LoadAsync<Draft>(command.DraftId, ct);
        return ParagraphView.From(paragraph, draft is null ? null : DraftOutline.Of(draft).NumberOf(paragraph.Id), withAuthorship: true);
    }
}

public sealed record ReplaceTextRequest(string Text);

public sealed record StatusRequest(ParagraphStatus Status, string? Reason, Guid? ChosenOptionId);

public sealed record RestoreRequest(string? Reason);

public sealed record BracketRequest(int Start, int End, long TextVersion, BracketKind Kind, IReadOnlyList<string>? Holders, string? Reason = null);

public sealed record BracketWithdrawalRequest(string? Holder, string? Reason);

public sealed record OptionRequest(string Text);

public sealed record GetParagraph(Guid GroupId, Guid DraftId, Guid ParagraphId) : IQuery<ParagraphView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetParagraphHandler(IQuerySession session) : IQueryHandler<GetParagraph, ParagraphView>
{
    public async ValueTask<ParagraphView> Handle(GetParagraph query, CancellationToken ct)
    {
        var paragraph = await session.LoadParagraphInDraftAsync(query.GroupId, query.DraftId, query.ParagraphId, ct);
        var draft = await session.LoadAsync<Draft>(query.DraftId, ct);
        return ParagraphView.From(paragraph, draft is null ? null : DraftOutline.Of(draft).NumberOf(paragraph.Id), withAuthorship: true);
    }
}

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
        group.MapGet(paragraph, async (Guid groupId, Guid draftId, Guid paragraphId, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new GetParagraph(groupId, draftId, paragraphId), ct);
                Versions.SetETag(http, view.NegotiationVersion);
                return view;
            })
            .WithSummary("One paragraph with its authorship; ETag is its negotiation version, textVersion is in the body.");
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
