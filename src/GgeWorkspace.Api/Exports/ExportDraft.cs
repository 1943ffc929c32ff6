namespace GgeWorkspace.Api.Exports;

/// <summary>The export parameters as the HTTP API and the command line spell them.</summary>
public static class ExportParameters
{
    public const string Formats = "docx, akn, md, html, pdf";
    public const string Variants = "clean, negotiation, compilation, chairs-text, redline";

    /// <summary>docx (the default), akn, md, html or pdf; null for anything else.</summary>
    public static ExportFormat? Format(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "docx" => ExportFormat.Docx,
        "akn" => ExportFormat.AkomaNtoso,
        "md" => ExportFormat.Markdown,
        "html" => ExportFormat.Html,
        "pdf" => ExportFormat.Pdf,
        _ => null,
    };

    /// <summary>"docx", "akn", "md", "html": the format as the API spells it.</summary>
    public static string FormatToken(ExportFormat format) => format switch
    {
        ExportFormat.AkomaNtoso => "akn",
        ExportFormat.Markdown => "md",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>"clean", "chairs-text", ...: the variant as the API spells it.</summary>
    public static string VariantToken(ExportVariant variant) => variant == ExportVariant.ChairsText ? "chairs-text" : variant.ToString().ToLowerInvariant();

    /// <summary>clean (the default), negotiation, compilation, chairs-text or redline; null for anything else.</summary>
    public static ExportVariant? Variant(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "clean" => ExportVariant.Clean,
        "negotiation" => ExportVariant.Negotiation,
        "compilation" => ExportVariant.Compilation,
        "chairs-text" => ExportVariant.ChairsText,
        "redline" => ExportVariant.Redline,
        _ => null,
    };
}

/// <summary>A file exported from a draft, the version it shows and the global sequence it reflects (export again as of it for the same bytes).</summary>
public sealed record DraftExport(ExportedFile File, long Sequence, ExportVersion Version);

/// <summary>
/// Exports a draft in a format and variant: now, at revision <see cref="Revision"/>, or as of global sequence <see cref="AsOf"/>
/// (up to the high-water mark, as for reading a draft); a redline compares with revision <see cref="Against"/>. In
/// <see cref="Language"/> (ISO 639-1, one of the six) the text is the paragraphs' translations; without it, the working text.
/// </summary>
public sealed record ExportDraft(Guid GroupId, Guid DraftId, string? Format, string? Variant, int? Revision, string? AsOf, int? Against, string? Language = null)
    : IQuery<DraftExport>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles =>
        ExportParameters.Variant(Variant) is { } variant ? VariantReaders.Of(variant) : Roles.Anyone;
}

public sealed class ExportDraftValidator : AbstractValidator<ExportDraft>
{
    public ExportDraftValidator()
    {
        RuleFor(x => x.Format).Must(f => ExportParameters.Format(f) is not null).WithMessage($"The format is one of {ExportParameters.Formats}.");
        RuleFor(x => x.Variant).Must(v => ExportParameters.Variant(v) is not null).WithMessage($"The variant is one of {ExportParameters.Variants}.");
        RuleFor(x => x.Revision).GreaterThanOrEqualTo(0).WithMessage("A revision number is 0 (the zero draft) or more.");
        RuleFor(x => x.AsOf).Must(Drafts.AsOf.IsValid).WithMessage(Drafts.AsOf.Expected);
        RuleFor(x => x.AsOf).Null().When(x => x.Revision is not null).WithMessage("Export a revision or a state as of a sequence, not both.");
        RuleFor(x => x.Language).Must(OfficialLanguages.IsOfficial).When(x => x.Language is not null).WithMessage(OfficialLanguages.Message);
        RuleFor(x => x.Against).GreaterThanOrEqualTo(0).WithMessage("against is a revision number, 0 (the zero draft) or more.");
        RuleFor(x => x.Against).NotNull().When(x => ExportParameters.Variant(x.Variant) == ExportVariant.Redline)
            .WithMessage("A redline needs against: the number of the earlier revision to compare with.");
        RuleFor(x => x.Against).Null().When(x => ExportParameters.Variant(x.Variant) is { } v && v != ExportVariant.Redline)
            .WithMessage("against is only for the redline variant.");
        RuleFor(x => x.Against).LessThan(x => x.Revision).When(x => x.Revision is not null && x.Against is not null)
            .WithMessage("A redline compares with an earlier revision than the one exported.");
    }
}

public sealed class ExportDraftHandler(DraftExports exports) : IQueryHandler<ExportDraft, DraftExport>
{
    public async ValueTask<DraftExport> Handle(ExportDraft query, CancellationToken ct) => await exports.ExportAsync(query, ct);
}

/// <summary>Exports a draft once its parameters are valid and the caller may; shared by the endpoint and the command line.</summary>
public sealed class DraftExports(IDraftHistorySource histories, IQuerySession session, PdfRenderer pdf)
{
    /// <summary>Exports as <paramref name="query"/> asks, once validated: its <c>asOf</c> (a sequence or an instant) read as a sequence.</summary>
    /// <param name="preparedFor">For a recipient copy: the delegation named in its header and properties ("Canada").</param>
    public async Task<DraftExport> ExportAsync(ExportDraft query, CancellationToken ct, string? preparedFor = null)
    {
        long? asOf = Drafts.AsOf.Parse(query.AsOf) is { } point ? await point.ResolveAsync(session, "Export", ct) : null;
        return await ExportAsync(query.GroupId, query.DraftId, ExportParameters.Format(query.Format)!.Value,
            new ExportRequest(ExportParameters.Variant(query.Variant)!.Value, query.Revision, asOf, query.Against, query.Language), ct, preparedFor);
    }

    public async Task<DraftExport> ExportAsync(Guid groupId, Guid draftId, ExportFormat format, ExportRequest request, CancellationToken ct, string? preparedFor = null)
    {
        if (request.AsOf is { } asOf) await new Drafts.AsOf(asOf, null).ResolveAsync(session, "Export", ct);
        var history = await histories.LoadAsync(groupId, draftId, request.AsOf, ct, request.Language) ?? throw new NotFoundException("No such draft in this group.");
        var built = ExportBuilder.Build(history, request);
        var document = built.Document with { PreparedFor = preparedFor };
        var file = format == ExportFormat.Pdf
            ? new ExportedFile(DocumentExporter.FileName(document, format), PdfRenderer.ContentType,
                await pdf.RenderAsync(DocumentExporter.Export(document, ExportFormat.Docx).Content, ct))
            : DocumentExporter.Export(document, format);
        return new DraftExport(file, built.Sequence, document.Version);
    }
}

public static class ExportEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/drafts/{draftId:guid}/export", async (Guid groupId, Guid draftId, string? format, string? variant, int? revision, string? asOf,
                int? against, string? language, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var export = await mediator.Send(new ExportDraft(groupId, draftId, format, variant, revision, asOf, against, language), ct);
                http.Response.Headers["X-Event-Sequence"] = export.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
                // An HTML export is a download, never a page of this origin.
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.File(export.File.Content, export.File.ContentType, export.File.FileName);
            })
            .WithSummary($"A draft as a file: ?format={ExportParameters.Formats.Replace(", ", "|", StringComparison.Ordinal)}" +
                $"&variant={ExportParameters.Variants.Replace(", ", "|", StringComparison.Ordinal)}, now, at ?revision=n or ?asOf=sequence|instant; a redline needs ?against=n; " +
                "?language=ar|zh|en|fr|ru|es exports the translations into that language (a missing one marked as missing), else the working language.");
    }
}
