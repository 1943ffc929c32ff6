using FluentValidation.Results;
using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Sources;

public sealed record ImportSourceRequest(string? Text, string? BuiltIn);

/// <summary>What an import did: <see cref="Imported"/> is false when the group already held exactly this text.</summary>
public sealed record SourceImportResult(
    Guid DocumentId, string Symbol, bool Imported, int Replies, int Paragraphs, int Unclassified, long Version);

/// <summary>
/// The Secretariat imports a document of views into the group: its text (as extracted from the PDF), or the copy of
/// A/72/304 the service carries (<see cref="BuiltIn"/>). Importing the same text again is a no-op.
/// </summary>
public sealed record ImportSourceDocument(Guid GroupId, string? Text, string? BuiltIn, string? IdempotencyKey = null)
    : ICommand<SourceImportResult>, IGroupScoped, IIdempotent
{
    public const int MaxTextLength = 1_000_000;

    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Secretariat;
}

public sealed class ImportSourceDocumentValidator : AbstractValidator<ImportSourceDocument>
{
    public ImportSourceDocumentValidator()
    {
        RuleFor(x => x.Text).NotEmpty().When(x => x.BuiltIn is null).WithMessage("Send the document's text, or builtIn: \"A/72/304\".");
        RuleFor(x => x.Text).Null().When(x => x.BuiltIn is not null).WithMessage("Send either the text or builtIn, not both.");
        RuleFor(x => x.Text).MaximumLength(ImportSourceDocument.MaxTextLength);
        RuleFor(x => x.BuiltIn).Equal(SourceDocumentReader.Symbol).When(x => x.BuiltIn is not null)
            .WithMessage($"The only document the service carries is {SourceDocumentReader.Symbol}.");
    }
}

public sealed class ImportSourceDocumentHandler(StreamWrite write, TimeProvider time) : ICommandHandler<ImportSourceDocument, SourceImportResult>
{
    public async ValueTask<SourceImportResult> Handle(ImportSourceDocument command, CancellationToken ct)
    {
        var text = command.Text ?? SourceDocumentReader.EmbeddedText();
        var document = SourceDocumentReader.Read(text);
        if (document.Replies.Count == 0)
            throw new ValidationException([new ValidationFailure("text", "No reply was found in the text: is it the extracted text of A/72/304?")]);

        var stream = await write.FetchMaybeNewAsync<GroupSourceDocument>(GroupSourceDocument.StreamIdFor(command.GroupId, document.Symbol), exclusive: false, ct);
        var events = SourceDecisions.Import(command.GroupId, document, SourceDecisions.ContentHash(text), stream.Aggregate, time.GetUtcNow());
        var written = await write.AppendAsync(stream, events, ct);
        if (events.Count > 0) await write.SaveAsync(ct);
        return new SourceImportResult(GroupSourceDocument.StreamIdFor(command.GroupId, document.Symbol), document.Symbol, events.Count > 0,
            document.Replies.Count, document.Replies.Sum(r => r.Paragraphs.Count()), document.Unclassified.Count, written.Version);
    }
}

public static class ImportSourceDocumentEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/sources/import", async (Guid groupId, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var request = await ReadAsync(http.Request, ct);
                var result = await mediator.Send(new ImportSourceDocument(groupId, request.Text, request.BuiltIn, IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, result.Version);
                return result.Imported
                    ? Results.Created($"/api/groups/{groupId}/sources/{result.DocumentId}", result)
                    : Results.Ok(result);
            })
            .Accepts<ImportSourceRequest>("application/json", "text/plain")
            .WithSummary("Import a document of views (Secretariat): the text as text/plain, or JSON {\"builtIn\":\"A/72/304\"} for the copy the service carries. 201 when imported, 200 when the group already holds this text.")
            .Produces<SourceImportResult>(StatusCodes.Status201Created)
            .Produces<SourceImportResult>();

    /// <summary>The body is the document itself (text/plain) or JSON naming the text or the built-in copy.</summary>
    private static async Task<ImportSourceRequest> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasJsonContentType())
            return await request.ReadFromJsonAsync<ImportSourceRequest>(ct)
                ?? throw new BadHttpRequestException("The body is empty.");
        if (request.ContentType is { } type && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            throw new BadHttpRequestException("Send text/plain or application/json.", StatusCodes.Status415UnsupportedMediaType);
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        return new ImportSourceRequest(await reader.ReadToEndAsync(ct), null);
    }
}
