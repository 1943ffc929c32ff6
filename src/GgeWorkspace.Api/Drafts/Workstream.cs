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

    /// <summary>Every event type of a workstream's stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(WorkstreamCreated), typeof(WorkstreamRevised), typeof(WorkstreamSourceLinked), typeof(WorkstreamSourceUnlinked),
        typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a workstream changes by an event: Marten's snapshot and the writers use it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static Workstream? Evolve(Workstream? state, object e) => (state, e) switch
    {
        (null, WorkstreamCreated x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, WorkstreamRevised x) => state.With(x),
        (not null, WorkstreamSourceLinked x) => state.With(x),
        (not null, WorkstreamSourceUnlinked x) => state.With(x),
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent or WorkstreamCreated) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(Workstream), e),
    };

    public static Workstream From(WorkstreamCreated e) => new(e.WorkstreamId, e.GroupId, e.Title, e.Mandate, e.Label, e.DraftId);

    public Workstream With(WorkstreamRevised e) => this with { Title = e.Title, Mandate = e.Mandate, Label = e.Label };

    public Workstream With(WorkstreamSourceLinked e) =>
        this with { Sources = [.. Sources, new WorkstreamSourceLink(e.SourceParagraphId, e.Code, e.SubmitterEnglish, e.Evidence, e.SuggestedBy)] };

    public Workstream With(WorkstreamSourceUnlinked e) => this with { Sources = [.. Sources.Where(s => s.SourceParagraphId != e.SourceParagraphId)] };
}
