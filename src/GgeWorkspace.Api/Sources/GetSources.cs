namespace GgeWorkspace.Api.Sources;

/// <summary>A document of views: <see cref="Language"/> is its own; <see cref="Languages"/> every language it is held in, its own first.</summary>
public sealed record SourceDocumentSummary(
    Guid Id, string Symbol, string Title, string Language, DateTimeOffset ImportedAt, int Replies, int Paragraphs, int UnclassifiedLines, long Version,
    IReadOnlyList<string> Languages);

/// <summary>
/// A reply as read in <see cref="Language"/>: <see cref="Submitter"/> is the name in that language (null when the version lacks the
/// reply: <see cref="Missing"/>); <see cref="Official"/> is false for a working translation.
/// </summary>
public sealed record ReplySummary(
    string Code, string? Submitter, string SubmitterEnglish, string? OriginalLanguage, DateOnly? Date, int Paragraphs,
    string Language, bool Official, bool Missing);

public sealed record ReplyView(
    Guid DocumentId, string Symbol, string Code, string? Submitter, string SubmitterEnglish, string? OriginalLanguage, DateOnly? Date,
    IReadOnlyList<SourceParagraphView> Paragraphs, string Language, bool Official, bool Missing);

/// <summary>A language asked for with <c>?language=</c>: one of the six, else 400 (a language the document is not held in is 404).</summary>
public interface IInLanguage
{
    string? Language { get; }
}

public sealed class InLanguageValidator : AbstractValidator<IInLanguage>
{
    public InLanguageValidator() =>
        RuleFor(x => x.Language).Must(UnLanguages.IsOne).When(x => x.Language is not null).OverridePropertyName("language")
            .WithMessage($"The language is one of the six of the United Nations: {UnLanguages.Listed}.");
}

public sealed record SuggestedWorkstreamView(
    string Key, string Title, string Label, string ProposedBy, string Mandate, IReadOnlyList<SuggestedSourceLink> Evidence);

public sealed record SuggestedSourceLink(string SourceParagraphId, string Code, string SubmitterEnglish, string Evidence);

public sealed record ListSourceDocuments(Guid GroupId) : IQuery<IReadOnlyList<SourceDocumentSummary>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListSourceDocumentsHandler(IQuerySession session) : IQueryHandler<ListSourceDocuments, IReadOnlyList<SourceDocumentSummary>>
{
    public async ValueTask<IReadOnlyList<SourceDocumentSummary>> Handle(ListSourceDocuments query, CancellationToken ct) =>
        [.. (await session.Query<GroupSourceDocument>().Where(d => d.GroupId == query.GroupId).ToListAsync(ct))
            .OrderBy(d => d.Symbol, StringComparer.Ordinal)
            .Select(d => new SourceDocumentSummary(d.Id, d.Symbol, d.Title, d.Language, d.ImportedAt, d.Replies.Count,
                d.Replies.Sum(r => r.Paragraphs.Count), d.UnclassifiedLines, d.Version, d.Languages))];
}

public sealed record ListReplies(Guid GroupId, Guid DocumentId, string? Language = null) : IQuery<IReadOnlyList<ReplySummary>>, IGroupScoped, IInLanguage
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListRepliesValidator : AbstractValidator<ListReplies>
{
    public ListRepliesValidator() => Include(new InLanguageValidator());
}

public sealed class ListRepliesHandler(IQuerySession session) : IQueryHandler<ListReplies, IReadOnlyList<ReplySummary>>
{
    public async ValueTask<IReadOnlyList<ReplySummary>> Handle(ListReplies query, CancellationToken ct)
    {
        var reading = (await SourceReads.DocumentAsync(session, query.GroupId, query.DocumentId, ct)).In(query.Language);
        return [.. reading.Document.Replies.Select(r => new ReplySummary(r.Code, reading.SubmitterOf(r), r.SubmitterEnglish, r.OriginalLanguage, r.Date,
            r.Paragraphs.Count, reading.Language, reading.Official, reading.IsMissing(r)))];
    }
}

public sealed record GetReply(Guid GroupId, Guid DocumentId, string Code, string? Language = null) : IQuery<ReplyView>, IGroupScoped, IInLanguage
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetReplyValidator : AbstractValidator<GetReply>
{
    public GetReplyValidator() => Include(new InLanguageValidator());
}

public sealed class GetReplyHandler(IQuerySession session) : IQueryHandler<GetReply, ReplyView>
{
    public async ValueTask<ReplyView> Handle(GetReply query, CancellationToken ct)
    {
        var document = await SourceReads.DocumentAsync(session, query.GroupId, query.DocumentId, ct);
        var reply = document.ReplyFor(query.Code) ?? throw new NotFoundException($"No reply with code {query.Code} in {document.Symbol}.");
        var reading = document.In(query.Language);
        return new ReplyView(document.Id, document.Symbol, reply.Code, reading.SubmitterOf(reply), reply.SubmitterEnglish, reply.OriginalLanguage, reply.Date,
            reading.ParagraphsOf(reply), reading.Language, reading.Official, reading.IsMissing(reply));
    }
}

/// <summary>What the rules (Data/workstream-rules.json) suggest from the replies of a document; nothing is stored.</summary>
public sealed record GetSuggestedWorkstreams(Guid GroupId, Guid DocumentId) : IQuery<IReadOnlyList<SuggestedWorkstreamView>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetSuggestedWorkstreamsHandler(IQuerySession session) : IQueryHandler<GetSuggestedWorkstreams, IReadOnlyList<SuggestedWorkstreamView>>
{
    public async ValueTask<IReadOnlyList<SuggestedWorkstreamView>> Handle(GetSuggestedWorkstreams query, CancellationToken ct) =>
        SourceSuggestions.For(await SourceReads.DocumentAsync(session, query.GroupId, query.DocumentId, ct), WorkstreamSuggestions.EmbeddedRules());
}

/// <summary>The workstream rules applied to a stored document, naming each piece of evidence by its stable paragraph id.</summary>
public static class SourceSuggestions
{
    public static IReadOnlyList<SuggestedWorkstreamView> For(GroupSourceDocument document, IReadOnlyList<WorkstreamRule> rules) =>
        [.. rules.Select(rule => new SuggestedWorkstreamView(rule.Key, rule.Title, rule.Label, rule.ProposedBy, rule.Mandate,
            [.. from reply in document.Replies
                from paragraph in reply.Paragraphs
                let sentence = WorkstreamSuggestions.Evidence(rule, paragraph.Text)
                where sentence is not null
                select new SuggestedSourceLink(paragraph.Id, reply.Code, reply.SubmitterEnglish, sentence)]))];
}

public static class SourceReads
{
    public static async Task<GroupSourceDocument> DocumentAsync(IQuerySession session, Guid groupId, Guid documentId, CancellationToken ct)
    {
        var document = await session.LoadAsync<GroupSourceDocument>(documentId, ct);
        return document is not null && document.GroupId == groupId ? document : throw new NotFoundException("No such source document in this group.");
    }

    /// <summary>Finds a source paragraph by its stable id (<c>A/72/304:CAN:3</c>) among the group's documents.</summary>
    public static async Task<(GroupSourceDocument Document, StoredReply Reply, StoredSourceParagraph Paragraph)> ParagraphAsync(
        IQuerySession session, Guid groupId, string paragraphId, CancellationToken ct)
    {
        var symbol = paragraphId.Split(':')[0];
        var document = await session.LoadAsync<GroupSourceDocument>(GroupSourceDocument.StreamIdFor(groupId, symbol), ct);
        if (document?.Find(paragraphId) is { } found) return (document, found.Reply, found.Paragraph);
        throw new NotFoundException($"No source paragraph {paragraphId} in this group.");
    }
}

public static class GetSourcesEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/sources", (Guid groupId, IMediator m, CancellationToken ct) => m.Send(new ListSourceDocuments(groupId), ct))
            .WithSummary("The documents of views imported into the group.");
        group.MapGet("/sources/{documentId:guid}/replies", (Guid groupId, Guid documentId, string? language, IMediator m, CancellationToken ct) =>
                m.Send(new ListReplies(groupId, documentId, language), ct))
            .WithSummary("The replies of a document in document order: submitter, code, original language, date, paragraph count; ?language= reads them in a language the document is held in.");
        group.MapGet("/sources/{documentId:guid}/replies/{code}", (Guid groupId, Guid documentId, string code, string? language, IMediator m, CancellationToken ct) =>
                m.Send(new GetReply(groupId, documentId, code, language), ct))
            .WithSummary("One reply with its paragraphs, each with its stable id (symbol:code:ordinal); ?language= reads it in a language the document is held in (a paragraph it lacks there is missing).");
        group.MapGet("/sources/{documentId:guid}/suggested-workstreams", (Guid groupId, Guid documentId, IMediator m, CancellationToken ct) =>
                m.Send(new GetSuggestedWorkstreams(groupId, documentId), ct))
            .WithSummary("The workstreams the rules suggest from the replies, each with the paragraphs and sentences that suggest it.");
    }
}
