namespace GgeWorkspace.Api.Drafts;

/// <summary>The paragraph a route names, only if it belongs to that draft of that group: anything else is 404, no hint.</summary>
public static class ParagraphLookup
{
    /// <remarks>A damaged paragraph answers 503 naming its stream and sequence, to members only (a non-member still gets 404).</remarks>
    public static Paragraph InDraft(this Paragraph? paragraph, Guid groupId, Guid draftId) =>
        paragraph is { IsTranslation: true } ? throw new NotFoundException("No such paragraph in this draft.") : paragraph.TextInDraft(groupId, draftId);

    /// <summary>A paragraph or a translation of one (a text stream that live editing addresses alike) of that draft of that group.</summary>
    public static Paragraph TextInDraft(this Paragraph? paragraph, Guid groupId, Guid draftId) =>
        paragraph is null || paragraph.DraftId != draftId || paragraph.GroupId != groupId
            ? throw new NotFoundException("No such paragraph in this draft.")
            : paragraph.Damage is { } damage
                ? throw new ParagraphDamagedException(paragraph.Id, damage.Sequence ?? 0, damage.Reason)
                : paragraph;

    public static async Task<Paragraph> LoadParagraphInDraftAsync(this IQuerySession session, Guid groupId, Guid draftId, Guid paragraphId, CancellationToken ct) =>
        (await session.LoadAsync<Paragraph>(paragraphId, ct)).InDraft(groupId, draftId);

    public static async Task<Paragraph> LoadTextInDraftAsync(this IQuerySession session, Guid groupId, Guid draftId, Guid textId, CancellationToken ct) =>
        (await session.LoadAsync<Paragraph>(textId, ct)).TextInDraft(groupId, draftId);
}
