namespace GgeWorkspace.Api.Amendments;

public sealed record SubmitAmendmentRequest(AmendmentKind? Kind, Guid? ParagraphId, string? Text, string? Explanation, long? BaseTextVersion);

/// <summary>
/// An Expert submits an amendment to a paragraph of the draft, based on its current text version unless
/// <see cref="BaseTextVersion"/> names an earlier one (the text they were reading).
/// </summary>
public sealed record SubmitAmendment(
    Guid GroupId, Guid DraftId, AmendmentKind Kind, Guid ParagraphId, string? Text, string? Explanation, long? BaseTextVersion, string? IdempotencyKey = null)
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
    }
}

public sealed class SubmitAmendmentHandler(AmendmentWriter writer) : ICommandHandler<SubmitAmendment, Amendment>
{
    public async ValueTask<Amendment> Handle(SubmitAmendment command, CancellationToken ct) =>
        await writer.ProposeAsync(
            new ProposeAmendment(command.GroupId, command.DraftId, Guid.CreateVersion7(), command.ParagraphId, command.Kind, command.Text, command.Explanation),
            command.BaseTextVersion, ct);
}
