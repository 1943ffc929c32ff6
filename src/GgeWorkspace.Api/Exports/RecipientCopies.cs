using FluentValidation.Results;
using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Exports;

/// <summary>
/// The Chair or the Secretariat prepared a copy of a version of the draft for one delegation (<see cref="Delegation"/>: the
/// State's code, or EU): which version (<see cref="Version"/> as the file names it, <see cref="Revision"/> when it is one,
/// <see cref="Sequence"/> the global event sequence it reflects), in which variant and format. Recorded in the draft's revision
/// log, so the draft's history says who circulated which version to whom.
/// </summary>
public sealed record RecipientCopyPrepared(
    Guid GroupId, Guid DraftId, Guid CopyId, string Delegation, string Version, int? Revision, long Sequence, string Variant, string Format,
    DateTimeOffset PreparedAt) : IDraftEvent;

public sealed record PrepareRecipientCopyRequest(string? Delegation, string? Variant, string? Format, int? Revision, string? AsOf, int? Against);

/// <summary>A copy of the draft for one delegation, as <see cref="ExportDraft"/> would export it, with the delegation named in it.</summary>
public sealed record PrepareRecipientCopy(
    Guid GroupId, Guid DraftId, string? Delegation, string? Format, string? Variant, int? Revision, string? AsOf, int? Against, string? IdempotencyKey = null)
    : ICommand<RecipientCopy>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.ChairOrSecretariat;

    public ExportDraft ToExport() => new(GroupId, DraftId, Format, Variant, Revision, AsOf, Against);
}

/// <summary>The copy as recorded (<see cref="CopyId"/>) and its file.</summary>
public sealed record RecipientCopy(Guid CopyId, string Delegation, string Version, long Sequence, ExportedFile File);

public sealed class PrepareRecipientCopyValidator : AbstractValidator<PrepareRecipientCopy>
{
    public PrepareRecipientCopyValidator()
    {
        RuleFor(x => x.Delegation).NotEmpty().WithMessage("Name the delegation: the code of a State of the Group's members (such as CAN), or EU.")
            .MaximumLength(10);
        RuleFor(x => x).Custom((command, context) =>
        {
            foreach (var failure in new ExportDraftValidator().Validate(command.ToExport()).Errors) context.AddFailure(failure);
        });
    }
}

public static class RecipientCopies
{
    /// <summary>
    /// The delegations a copy can be prepared for: the States (and EU) that nominated the Group's Chair and Experts, by code.
    /// Anything else is 400, listing them.
    /// </summary>
    public static string Delegation(string requested, Group group)
    {
        var valid = group.Members.Select(m => m.NominatingState).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var code = requested.Trim().ToUpperInvariant();
        if (valid.Contains(code)) return code;
        var listed = valid.Count == 0 ? "none: no member of the Group is nominated by a State" : string.Join(", ", valid);
        throw new ValidationException([new ValidationFailure("delegation",
            $"'{requested.Trim()}' is not a delegation of this Group; the delegations are {listed}.")]);
    }

    /// <summary>"Rev.2, clean, docx, for the delegation of Canada": the activity feed's words for a copy.</summary>
    public static string Summary(RecipientCopyPrepared e) => $"{e.Version}, {e.Variant}, {e.Format}, for the delegation of {DelegationName(e.Delegation)}";

    /// <summary>"Canada", "the Russian Federation", "the European Union": the name after "the delegation of".</summary>
    public static string DelegationName(string code)
    {
        var name = StateNames.Of(code);
        string[] withArticle = ["Russian ", "Republic ", "United ", "European ", "Netherlands", "Philippines", "Democratic ", "Czech ", "Islamic ",
            "Syrian ", "Lao ", "Dominican ", "Central African ", "Plurinational ", "Bolivarian ", "Holy ", "State of ", "Marshall ", "Solomon ",
            "Comoros", "Gambia", "Bahamas", "Maldives", "Niger", "Sudan"];
        return withArticle.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !name.StartsWith("Nigeria", StringComparison.Ordinal)
            ? $"the {name}" : name;
    }
}

public sealed class PrepareRecipientCopyHandler(DraftExports exports, StreamWrite write, GroupAccess access, TimeProvider time)
    : ICommandHandler<PrepareRecipientCopy, RecipientCopy>
{
    public async ValueTask<RecipientCopy> Handle(PrepareRecipientCopy command, CancellationToken ct)
    {
        var code = RecipientCopies.Delegation(command.Delegation!, access.Required.Group);
        var export = await exports.ExportAsync(command.ToExport(), ct, preparedFor: RecipientCopies.DelegationName(code));

        var prepared = new RecipientCopyPrepared(command.GroupId, command.DraftId, Guid.CreateVersion7(), code, export.Version.Label,
            export.Version.RevisionNumber, export.Sequence, ExportParameters.VariantToken(ExportParameters.Variant(command.Variant)!.Value),
            ExportParameters.FormatToken(ExportParameters.Format(command.Format)!.Value), time.GetUtcNow());
        // The log is locked while appending, as when a revision is issued, so the two never conflict.
        var log = await write.FetchMaybeNewAsync<RevisionLog>(RevisionLog.StreamIdFor(command.DraftId), exclusive: true, ct);
        await write.AppendAsync(log, [prepared], ct);
        await write.SaveAsync(ct);
        return new RecipientCopy(prepared.CopyId, code, prepared.Version, prepared.Sequence, export.File);
    }
}

public static class RecipientCopyEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/drafts/{draftId:guid}/exports/recipient-copies", async (Guid groupId, Guid draftId, PrepareRecipientCopyRequest? r,
                IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var copy = await mediator.Send(new PrepareRecipientCopy(groupId, draftId, r?.Delegation, r?.Format, r?.Variant, r?.Revision, r?.AsOf,
                    r?.Against, IdempotencyHeader.Read(http)), ct);
                http.Response.Headers["X-Event-Sequence"] = copy.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.Headers["X-Recipient-Copy-Id"] = copy.CopyId.ToString();
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.File(copy.File.Content, copy.File.ContentType, copy.File.FileName);
            })
            .WithSummary("A copy for one delegation (the Chair or the Secretariat): {delegation, variant, format, revision|asOf, against}, " +
                "\"Prepared for the delegation of ...\" in its header and properties, recorded in the draft's history. Accepts Idempotency-Key.");
    }
}
