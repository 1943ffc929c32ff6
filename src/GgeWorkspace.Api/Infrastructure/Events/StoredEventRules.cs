using System.Reflection;
using GgeWorkspace.Text;

namespace GgeWorkspace.Api.Infrastructure.Events;

/// <summary>
/// The structural rules every stored event must meet to be read and applied: the same rules on the write path (before a
/// commit) and on the read path (after deserialization), so nothing the service cannot read is ever committed.
/// JSON deserialization is lenient where the domain is not: a missing field becomes null, a text operation can hold counts
/// that no text fits. These rules close that gap.
/// </summary>
public static class StoredEventRules
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> RequiredByType = new();
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Whether a stored type is one of the product's events (the only ones these rules and the containment cover).</summary>
    public static bool IsProductEvent(Type type) =>
        type == typeof(UnknownStoredEvent) || typeof(IGroupEvent).IsAssignableFrom(type) && !type.IsInterface && !type.IsAbstract;

    /// <summary>Why <paramref name="e"/> cannot be applied as stored, or null when it can.</summary>
    public static string? Problem(object e)
    {
        if (e is UnknownStoredEvent) return "the service knows no event of this type";
        foreach (var property in RequiredProperties(e.GetType()))
        {
            var value = property.GetValue(e);
            if (value is null) return $"{property.Name} is missing";
            if (value is TextOperation operation && OperationProblem(operation) is { } problem) return $"{property.Name}: {problem}";
        }
        return null;
    }

    /// <summary>Counts are positive and their sums fit; inserted text is not empty.</summary>
    private static string? OperationProblem(TextOperation operation)
    {
        long baseLength = 0, targetLength = 0;
        foreach (var component in operation.Components)
        {
            switch (component)
            {
                case null:
                    return "a component is missing";
                case TextComponent.Retain { Count: > 0 } r:
                    baseLength += r.Count;
                    targetLength += r.Count;
                    break;
                case TextComponent.Delete { Count: > 0 } d:
                    baseLength += d.Count;
                    break;
                case TextComponent.Insert { Text.Length: > 0 } i:
                    targetLength += i.Length;
                    break;
                default:
                    return $"component {component} is empty or negative";
            }
        }
        if (baseLength > int.MaxValue || targetLength > int.MaxValue) return "its lengths overflow";
        if (baseLength != operation.BaseLength || targetLength != operation.TargetLength) return "its lengths do not add up";
        return null;
    }

    /// <summary>Properties declared non-nullable (reference types) or holding a text operation.</summary>
    private static PropertyInfo[] RequiredProperties(Type type) => RequiredByType.GetOrAdd(type, t =>
    {
        lock (Nullability)
        {
            return [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && !p.PropertyType.IsValueType)
                .Where(p => Nullability.Create(p).ReadState == NullabilityState.NotNull)];
        }
    });
}
