using GgeWorkspace.Api.Infrastructure.Errors;
using Marten;

namespace GgeWorkspace.Api.Drafts;

/// <summary>The paragraph a route names, only if it belongs to that draft of that group: anything else is 404, no hint.</summary>
public static class ParagraphLookup
{
    public static Paragraph InDraft(this Paragraph? paragraph, Guid groupId, Guid draftId) =>
        paragraph is not null && paragraph.DraftId == draftId && paragraph.GroupId == groupId
            ? paragraph
            : throw new NotFoundException("No such paragraph in this draft.");

    public static async Task<Paragraph> LoadParagraphInDraftAsync(this IQuerySession session, Guid groupId, Guid draftId, Guid paragraphId, CancellationToken ct) =>
        (await session.LoadAsync<Paragraph>(paragraphId, ct)).InDraft(groupId, draftId);
}
