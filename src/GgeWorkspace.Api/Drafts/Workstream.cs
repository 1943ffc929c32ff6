using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Sources;

namespace GgeWorkspace.Api.Drafts;

/// <summary>A task of the group (such as the UK's "(a) identify the verification challenges"), owning a draft of its own.</summary>
public sealed record WorkstreamCreated(Guid GroupId, Guid WorkstreamId, string Title, string Mandate, string? Label, Guid DraftId) : IGroupEvent;

public sealed record WorkstreamRevised(Guid GroupId, Guid WorkstreamId, string Title, string Mandate, string? Label) : IGroupEvent;

public sealed record Workstream(Guid Id, Guid GroupId, string Title, string Mandate, string? Label, Guid DraftId)
{
    public long Version { get; set; }

    /// <summary>The reply paragraphs that asked for this task, with the evidence quoted (see <see cref="WorkstreamSourceLinked"/>).</summary>
    public IReadOnlyList<WorkstreamSourceLink> Sources { get; init; } = [];

    public static Workstream Create(WorkstreamCreated e) => new(e.WorkstreamId, e.GroupId, e.Title, e.Mandate, e.Label, e.DraftId);

    public Workstream Apply(WorkstreamRevised e) => this with { Title = e.Title, Mandate = e.Mandate, Label = e.Label };

    public Workstream Apply(WorkstreamSourceLinked e) =>
        this with { Sources = [.. Sources, new WorkstreamSourceLink(e.SourceParagraphId, e.Code, e.SubmitterEnglish, e.Evidence, e.SuggestedBy)] };

    public Workstream Apply(WorkstreamSourceUnlinked e) => this with { Sources = [.. Sources.Where(s => s.SourceParagraphId != e.SourceParagraphId)] };
}
