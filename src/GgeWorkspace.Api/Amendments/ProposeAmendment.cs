using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Amendments;

/// <summary>
/// An Expert proposes an amendment to <see cref="ParagraphId"/> as it stands at its base text version (what
/// <see cref="AmendmentDecisions.Propose"/> decides on). <see cref="Text"/> is the new text (replace), the new paragraph's
/// text (insert after), or the option's text (add option); it is null for a deletion.
/// </summary>
public sealed record ProposeAmendment(
    Guid GroupId, Guid DraftId, Guid AmendmentId, Guid ParagraphId, AmendmentKind Kind, string? Text, string? Explanation = null, string? Language = null)
    : IAmendmentCommand;

public sealed record SubmitAmendmentRequest(AmendmentKind? Kind, Guid? ParagraphId, string? Text, string? Explanation, long? BaseTextVersion, string? Language = null);

/// <summary>
/// An Expert submits an amendment to a paragraph of the draft, based on its current text version unless
/// <see cref="BaseTextVersion"/> names an earlier one (the text they were reading). The amendment's id is given by the
/// handler, so a repeated request with the same Idempotency-Key is the same request.
/// </summary>
public sealed record SubmitAmendment(
    Guid GroupId, Guid DraftId, AmendmentKind Kind, Guid ParagraphId, string? Text, string? Explanation, long? BaseTextVersion, string? IdempotencyKey = null,
    string? Language = null)
    : ICommand<Amendment>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Experts;
}

public sealed class SubmitAmendmentValidator : AbstractValidator<SubmitAmendment>
{
    public SubmitAmendmentValidator(IConfiguration configuration)
    {
        var max = configuration.GetValue("Limits:MaxParagraphCodePoints", 20_000);
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.ParagraphId).NotEmpty();
        RuleFor(x => x.Text).ValidText().NotEmpty().When(x => x.Kind != AmendmentKind.DeleteParagraph)
            .WithMessage("The amendment needs the text it proposes.");
        RuleFor(x => x.Text).ValidText().Null().When(x => x.Kind == AmendmentKind.DeleteParagraph)
            .WithMessage("An amendment deleting a paragraph has no text.");
        RuleFor(x => x.Text).ValidText().Must(t => t is null || CodePoints.Length(t) <= max).WithMessage($"A text is at most {max} characters.");
        RuleFor(x => x.Explanation).ValidText().MaximumLength(4000);
        RuleFor(x => x.BaseTextVersion).GreaterThanOrEqualTo(0);
        RuleFor(x => x.Language).Must(l => l is null || OfficialLanguages.IsOfficial(l)).WithMessage(OfficialLanguages.Message).OverridePropertyName("language");
    }
}

/// <summary>Starts the amendment's stream, based on the paragraph's text at the base text version (now, when none is named).</summary>
public sealed class SubmitAmendmentHandler(StreamWrite write, GroupAccess access, TimeProvider time) : ICommandHandler<SubmitAmendment, Amendment>
{
    public async ValueTask<Amendment> Handle(SubmitAmendment command, CancellationToken ct)
    {
        // The paragraph, and the draft's working language unless the proposer names another, in one round trip.
        var batch = write.Session.CreateBatchQuery();
        var loadParagraph = batch.Load<Paragraph>(command.ParagraphId);
        var loadDraft = command.Language is null ? batch.Load<Draft>(command.DraftId) : Task.FromResult<Draft?>(null);
        await batch.Execute(ct);
        var paragraph = (await loadParagraph).InDraft(command.GroupId, command.DraftId);
        if (command.BaseTextVersion is { } version && version != paragraph.TextVersion)
            paragraph = await AtTextVersionAsync(write.Session, paragraph, version, ct);

        var language = command.Language ?? (await loadDraft)?.WorkingLanguage ?? OfficialLanguages.DefaultWorkingLanguage;
        var propose = new ProposeAmendment(command.GroupId, command.DraftId, Guid.CreateVersion7(), command.ParagraphId, command.Kind, command.Text,
            command.Explanation, language);
        var events = AmendmentDecisions.Propose(propose, null, paragraph, Actor.From(access.Required.Member), time.GetUtcNow());
        return (await write.CreateAsync<Amendment>(propose.AmendmentId, events, ct)).State;
    }

    /// <summary>The paragraph as it stood at an earlier text version (its text, and that version), replayed from its stream.</summary>
    private static async Task<Paragraph> AtTextVersionAsync(IQuerySession session, Paragraph current, long textVersion, CancellationToken ct)
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
}

public static class ProposeAmendmentEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost(AmendmentRoutes.AmendmentsPath, async (Guid groupId, Guid draftId, SubmitAmendmentRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var created = await m.Send(new SubmitAmendment(groupId, draftId, r.Kind ?? (AmendmentKind)(-1), r.ParagraphId ?? Guid.Empty, r.Text,
                    r.Explanation, r.BaseTextVersion, IdempotencyHeader.Read(http), r.Language), ct);
                Versions.SetETag(http, created.Version);
                return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/amendments/{created.Id}", created);
            })
            .WithSummary("Propose an amendment (Experts), in the working language unless language names another: replace the text, insert a paragraph after, delete the paragraph, or add an option. Accepts Idempotency-Key.")
            .Produces<Amendment>(StatusCodes.Status201Created);
}
