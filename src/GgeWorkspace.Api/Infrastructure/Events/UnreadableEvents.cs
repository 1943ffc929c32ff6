using System.Buffers;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Weasel.Core;
using ISerializer = Marten.ISerializer;

namespace GgeWorkspace.Api.Infrastructure.Events;

/// <summary>Where a stored event could not be read, and why.</summary>
public sealed record UnreadableEvent(Guid? StreamId, long? Sequence, string Type, string Reason);

/// <summary>
/// Stand-ins for stored events that cannot be read. Marten turns a row into an event object before any projection or
/// read code sees it, and a failure there stops the async daemon for every group (the skip settings stay off: nothing is
/// ever skipped silently). So an unreadable row becomes a stand-in of its type, with every field empty, known by
/// identity: every consumer of events asks <see cref="Of"/> and treats it as damage of its stream instead of throwing.
/// </summary>
public static class UnreadableEvents
{
    private static readonly ConditionalWeakTable<object, UnreadableEvent> StandIns = new();

    /// <summary>What is known about <paramref name="data"/> when it stands in for an unreadable event, else null.</summary>
    public static UnreadableEvent? Of(object? data) => data is not null && StandIns.TryGetValue(data, out var found) ? found : null;

    public static bool IsUnreadable(object? data) => Of(data) is not null;

    internal static object StandIn(Type type, UnreadableEvent what)
    {
        var standIn = RuntimeHelpers.GetUninitializedObject(type);
        StandIns.AddOrUpdate(standIn, what);
        return standIn;
    }
}

/// <summary>
/// Marten's serializer, with one difference for the product's events read from the database: a row that does not
/// deserialize, or breaks <see cref="StoredEventRules"/>, yields a stand-in (<see cref="UnreadableEvents"/>) and is
/// reported to <see cref="DamagedStreams"/>, instead of an exception that would stop whichever reader met it.
/// Documents and everything written are handled by the inner serializer unchanged.
/// </summary>
public sealed class ContainingSerializer(ISerializer inner, DamagedStreams damaged) : ISerializer
{
    public EnumStorage EnumStorage => inner.EnumStorage;

    public Casing Casing => inner.Casing;

    public ValueCasting ValueCasting => inner.ValueCasting;

    public string ToJson(object? document) => inner.ToJson(document);

    public void WriteTo(IBufferWriter<byte> writer, object? value) => inner.WriteTo(writer, value);

    public void WriteToParameter(NpgsqlParameter parameter, object? value) => inner.WriteToParameter(parameter, value);

    public string ToCleanJson(object? document) => inner.ToCleanJson(document);

    public void WriteToCleanJson(IBufferWriter<byte> writer, object? value) => inner.WriteToCleanJson(writer, value);

    public string ToJsonWithTypes(object document) => inner.ToJsonWithTypes(document);

    public void WriteToJsonWithTypes(IBufferWriter<byte> writer, object value) => inner.WriteToJsonWithTypes(writer, value);

    public T FromJson<T>(Stream stream) => inner.FromJson<T>(stream);

    public ValueTask<T> FromJsonAsync<T>(Stream stream, CancellationToken cancellationToken = default) => inner.FromJsonAsync<T>(stream, cancellationToken);

    public object FromJson(Type type, Stream stream) => inner.FromJson(type, stream);

    public ValueTask<object> FromJsonAsync(Type type, Stream stream, CancellationToken cancellationToken = default) =>
        inner.FromJsonAsync(type, stream, cancellationToken);

    public T FromJson<T>(DbDataReader reader, int index) =>
        StoredEventRules.IsProductEvent(typeof(T)) ? (T)Contain(typeof(T), reader, () => inner.FromJson<T>(reader, index)!) : inner.FromJson<T>(reader, index);

    public async ValueTask<T> FromJsonAsync<T>(DbDataReader reader, int index, CancellationToken cancellationToken = default)
    {
        if (!StoredEventRules.IsProductEvent(typeof(T))) return await inner.FromJsonAsync<T>(reader, index, cancellationToken);
        object? read;
        Exception? failure = null;
        try
        {
            read = await inner.FromJsonAsync<T>(reader, index, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            read = null;
            failure = e;
        }
        return (T)Checked(typeof(T), reader, read, failure);
    }

    public object FromJson(Type type, DbDataReader reader, int index) =>
        StoredEventRules.IsProductEvent(type) ? Contain(type, reader, () => inner.FromJson(type, reader, index)) : inner.FromJson(type, reader, index);

    public async ValueTask<object> FromJsonAsync(Type type, DbDataReader reader, int index, CancellationToken cancellationToken = default)
    {
        if (!StoredEventRules.IsProductEvent(type)) return await inner.FromJsonAsync(type, reader, index, cancellationToken);
        object? read;
        Exception? failure = null;
        try
        {
            read = await inner.FromJsonAsync(type, reader, index, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            read = null;
            failure = e;
        }
        return Checked(type, reader, read, failure);
    }

    private object Contain(Type type, DbDataReader reader, Func<object> read)
    {
        try
        {
            return Checked(type, reader, read(), null);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not InvalidCastException)
        {
            return Checked(type, reader, null, e);
        }
    }

    private object Checked(Type type, DbDataReader reader, object? read, Exception? failure)
    {
        var reason = failure is not null ? $"{failure.GetType().Name}: {failure.Message}"
            : read is null ? "the stored data is null"
            : StoredEventRules.Problem(read);
        if (reason is null) return read!;
        // A row of an unknown type is named by its stored type name, which is all there is to know about it.
        var name = type == typeof(UnknownStoredEvent) ? Text(reader, "type") ?? type.Name : type.Name;
        var what = new UnreadableEvent(Column<Guid>(reader, "stream_id"), Column<long>(reader, "seq_id"), name, reason);
        damaged.Found(what);
        return UnreadableEvents.StandIn(type, what);
    }

    private static string? Text(DbDataReader reader, string name)
    {
        try
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.GetName(i) == name && !reader.IsDBNull(i)) return reader.GetString(i);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidCastException or IndexOutOfRangeException)
        {
        }
        return null;
    }

    /// <summary>A column of the row being read, when the query selected it (raw-data queries select only the data).</summary>
    private static T? Column<T>(DbDataReader reader, string name) where T : struct
    {
        try
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.GetName(i) == name && !reader.IsDBNull(i)) return reader.GetFieldValue<T>(i);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidCastException or IndexOutOfRangeException)
        {
        }
        return null;
    }
}
