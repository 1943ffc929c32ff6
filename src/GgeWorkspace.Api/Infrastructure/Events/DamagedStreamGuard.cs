using System.Reflection;

namespace GgeWorkspace.Api.Infrastructure.Events;

/// <summary>
/// Every group-scoped request naming a damaged stream of its group (a draft, amendment, comment thread, silence
/// procedure, workstream, ...: any id the request carries) answers 503 <c>stream-damaged</c> naming the stream and the
/// first damaged sequence, before any reader folds the stand-in into an answer. Runs after the group gate, and only
/// damage recorded for the caller's group counts, so a non-member still gets 404 and another group's ids tell nothing.
/// Paragraph ids are left to the paragraph's own damage (<c>paragraph-damaged</c>), which also keeps the draft view
/// answering with the damaged paragraph marked; a request naming a paragraph is not refused for its draft's damage.
/// The damage is known from memory (<see cref="DamagedStreams.FirstUnrepairedAsync"/>), so the check costs no round trip.
/// </summary>
public sealed class DamagedStreamGuardBehavior<TMessage, TResponse>(DamagedStreams damage)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IGroupScoped scoped && StreamIds.Of(message) is { Length: > 0 } ids)
        {
            var damaged = await damage.FirstUnrepairedAsync(scoped.GroupId, ids, cancellationToken);
            if (damaged is not null) throw new StreamDamagedException(damaged.StreamId, damaged.Id, $"{damaged.Type}: {damaged.Reason}");
        }
        return await next(message, cancellationToken);
    }

    /// <summary>
    /// The stream ids a message names: its Guid properties but the group's and paragraphs', and those of a command it
    /// carries (an amendment change names its amendment inside).
    /// </summary>
    private static class StreamIds
    {
        private static readonly ConcurrentDictionary<Type, (PropertyInfo[] Ids, PropertyInfo[] Nested)> ByType = new();

        public static Guid[] Of(object message) => [.. Collect(message, nested: true).Distinct()];

        private static IEnumerable<Guid> Collect(object value, bool nested)
        {
            var (ids, inner) = ByType.GetOrAdd(value.GetType(), Describe);
            foreach (var p in ids)
            {
                if (p.GetValue(value) is Guid id && id != Guid.Empty) yield return id;
            }
            if (!nested) yield break;
            foreach (var p in inner)
            {
                if (p.GetValue(value) is { } carried)
                {
                    foreach (var id in Collect(carried, nested: false)) yield return id;
                }
            }
        }

        private static (PropertyInfo[], PropertyInfo[]) Describe(Type type)
        {
            var properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetIndexParameters().Length == 0).ToArray();
            // A request about a paragraph is decided by the paragraph's own stream; its draft only scopes the route.
            var namesParagraph = properties.Any(p => p.Name.EndsWith("ParagraphId", StringComparison.Ordinal));
            return (
                [.. properties.Where(p => (p.PropertyType == typeof(Guid) || p.PropertyType == typeof(Guid?))
                    && p.Name is not nameof(IGroupScoped.GroupId) && !p.Name.EndsWith("ParagraphId", StringComparison.Ordinal)
                    && !(namesParagraph && p.Name == "DraftId"))],
                [.. properties.Where(p => !p.PropertyType.IsValueType && p.PropertyType != typeof(string)
                    && p.PropertyType.Assembly == typeof(StreamIds).Assembly)]);
        }
    }
}
