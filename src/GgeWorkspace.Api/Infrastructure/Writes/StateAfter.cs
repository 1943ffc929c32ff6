using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Revisions;

namespace GgeWorkspace.Api.Infrastructure.Writes;

/// <summary>
/// The state a write produced, computed in memory from the state it decided on and the events it appended (nothing is read
/// back), stamped with the stream's version after them. The one place the write path folds events into an aggregate.
/// </summary>
public static class StateAfter
{
    public static T Events<T>(T? state, IReadOnlyList<object> events, long version) where T : class => (T)(object)(state switch
    {
        Paragraph or null when typeof(T) == typeof(Paragraph) => DraftReplay.After(state as Paragraph, events, version),
        Draft or null when typeof(T) == typeof(Draft) => DraftReplay.After(state as Draft, events, version),
        Amendment or null when typeof(T) == typeof(Amendment) => AmendmentReplay.After(state as Amendment, events, version),
        CommentThread or null when typeof(T) == typeof(CommentThread) => CommentThreadReplay.After(state as CommentThread, events, version),
        Group or null when typeof(T) == typeof(Group) => GroupAfter(state as Group, events, version),
        ParagraphPositions positions => Stamped(events.Aggregate(positions, (p, e) => p.Advance(e)), version),
        SilenceProcedure or null when typeof(T) == typeof(SilenceProcedure) => Stamped(SilenceAfter(state as SilenceProcedure, events), version),
        Sources.DraftCitations citations => Stamped(events.Aggregate(citations, (c, e) => e switch
        {
            Sources.ParagraphCitedSource cited => c.Apply(cited),
            Sources.ParagraphCitationRemoved removed => c.Apply(removed),
            _ => c,
        }), version),
        DraftAdoption or null when typeof(T) == typeof(DraftAdoption) =>
            Stamped(state as DraftAdoption ?? DraftAdoption.Create(events.OfType<DraftAdopted>().First()), version),
        RevisionLog or null when typeof(T) == typeof(RevisionLog) => Stamped(events.OfType<RevisionIssued>()
            .Aggregate(state as RevisionLog, (log, e) => log is null ? RevisionLog.Create(e) : log.Apply(e))!, version),
        Sources.GroupSourceDocument or null when typeof(T) == typeof(Sources.GroupSourceDocument) => Stamped(events.OfType<Sources.SourceDocumentImported>()
            .Aggregate(state as Sources.GroupSourceDocument, (d, e) => d is null ? Sources.GroupSourceDocument.Create(e) : d.Apply(e))!, version),
        Workstream or null when typeof(T) == typeof(Workstream) => Stamped(WorkstreamAfter(state as Workstream, events), version),
        _ => throw new NotSupportedException($"The write path does not know how events change a {typeof(T).Name}."),
    });

    private static Group GroupAfter(Group? group, IReadOnlyList<object> events, long version) =>
        events.Skip(group is null ? 1 : 0)
            .Aggregate(group ?? Group.Create((GroupCreated)events[0]), (g, e) => g.Advance(e, version))
            .Advance(new object(), version);

    private static SilenceProcedure SilenceAfter(SilenceProcedure? procedure, IReadOnlyList<object> events) =>
        events.Skip(procedure is null ? 1 : 0).Aggregate(procedure ?? SilenceProcedure.Create((SilenceProcedureStarted)events[0]), (p, e) => p.Advance(e));

    private static Workstream WorkstreamAfter(Workstream? workstream, IReadOnlyList<object> events) =>
        events.Aggregate(workstream, (w, e) => (w, e) switch
        {
            (null, WorkstreamCreated x) => Workstream.Create(x),
            (not null, WorkstreamRevised x) => w.Apply(x),
            (not null, Sources.WorkstreamSourceLinked x) => w.Apply(x),
            (not null, Sources.WorkstreamSourceUnlinked x) => w.Apply(x),
            _ => w,
        }) ?? throw new InvalidOperationException("No workstream.");

    private static Workstream Stamped(Workstream workstream, long version)
    {
        var copy = workstream with { };
        copy.Version = version;
        return copy;
    }

    private static Sources.DraftCitations Stamped(Sources.DraftCitations citations, long version)
    {
        var copy = citations with { };
        copy.Version = version;
        return copy;
    }

    private static Sources.GroupSourceDocument Stamped(Sources.GroupSourceDocument document, long version)
    {
        var copy = document with { };
        copy.Version = version;
        return copy;
    }

    private static DraftAdoption Stamped(DraftAdoption adoption, long version)
    {
        var copy = adoption with { };
        copy.Version = version;
        return copy;
    }

    private static RevisionLog Stamped(RevisionLog log, long version)
    {
        var copy = log with { };
        copy.Version = version;
        return copy;
    }

    private static ParagraphPositions Stamped(ParagraphPositions positions, long version)
    {
        var copy = positions with { };
        copy.Version = version;
        return copy;
    }

    private static SilenceProcedure Stamped(SilenceProcedure procedure, long version)
    {
        var copy = procedure with { };
        copy.Version = version;
        return copy;
    }
}
