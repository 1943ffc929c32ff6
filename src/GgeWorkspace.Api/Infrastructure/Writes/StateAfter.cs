using System.Reflection;
using GgeWorkspace.Api.Sources;

namespace GgeWorkspace.Api.Infrastructure.Writes;

/// <summary>
/// The state a write produced, computed in memory from the state it decided on and the events it appended (nothing is read
/// back), stamped with the stream's version after them. Folds with each aggregate's one Evolve, the function Marten's
/// inline snapshots and every replay use (docs/architecture.md, "Aggregates and Evolve").
/// </summary>
public static class StateAfter
{
    private static readonly Dictionary<Type, Func<object?, object, object?>> Evolvers = new()
    {
        [typeof(Group)] = (s, e) => Group.Evolve((Group?)s, e),
        [typeof(Workstream)] = (s, e) => Workstream.Evolve((Workstream?)s, e),
        [typeof(Draft)] = (s, e) => Draft.Evolve((Draft?)s, e),
        [typeof(Paragraph)] = (s, e) => Paragraph.Evolve((Paragraph?)s, e),
        [typeof(Amendment)] = (s, e) => Amendment.Evolve((Amendment?)s, e),
        [typeof(CommentThread)] = (s, e) => CommentThread.Evolve((CommentThread?)s, e),
        [typeof(ParagraphPositions)] = (s, e) => ParagraphPositions.Evolve((ParagraphPositions?)s, e),
        [typeof(SilenceProcedure)] = (s, e) => SilenceProcedure.Evolve((SilenceProcedure?)s, e),
        [typeof(DraftAdoption)] = (s, e) => DraftAdoption.Evolve((DraftAdoption?)s, e),
        [typeof(RevisionLog)] = (s, e) => RevisionLog.Evolve((RevisionLog?)s, e),
        [typeof(DraftCitations)] = (s, e) => DraftCitations.Evolve((DraftCitations?)s, e),
        [typeof(GroupSourceDocument)] = (s, e) => GroupSourceDocument.Evolve((GroupSourceDocument?)s, e),
    };

    // A shallow copy, as a record's `with { }` makes, so stamping the version never changes the state decided on.
    private static readonly MethodInfo ShallowCopy = typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!;

    public static T Events<T>(T? state, IReadOnlyList<object> events, long version) where T : class
    {
        if (!Evolvers.TryGetValue(typeof(T), out var evolve))
            throw new NotSupportedException($"The write path does not know how events change a {typeof(T).Name}.");
        var result = events.Aggregate((object?)state, (s, e) => evolve(s, e)) as T
            ?? throw new InvalidOperationException($"No {typeof(T).Name} after the events written.");
        var copy = (T)ShallowCopy.Invoke(result, null)!;
        var property = typeof(T).GetProperty("Version") ?? throw new NotSupportedException($"{typeof(T).Name} has no Version.");
        property.SetValue(copy, version);
        return copy;
    }
}
