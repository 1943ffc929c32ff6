using System.Security.Cryptography;

namespace GgeWorkspace.Api.Infrastructure.Http;

/// <summary>A command that creates something and may carry an Idempotency-Key.</summary>
public interface IIdempotent
{
    [JsonIgnore]
    string? IdempotencyKey { get; }
}

/// <summary>
/// One use of an Idempotency-Key, keyed by caller, operation and key. It is inserted in the same
/// transaction as the command's events, so a repeat can never append twice; the response is filled
/// in right after the commit.
/// </summary>
public sealed record IdempotencyRecord(string Id, string Caller, string Operation, string Fingerprint, DateTimeOffset CreatedAt, string? Response);

public static class IdempotencyHeader
{
    public const string Name = "Idempotency-Key";

    public static string? Read(HttpContext http)
    {
        var value = http.Request.Headers[Name].ToString();
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (value.Length > 200) throw new BadHttpRequestException("Idempotency-Key is at most 200 characters.");
        return value;
    }
}

public sealed class IdempotencyBehavior<TMessage, TResponse>(IDocumentSession session, CallerAccessor callers, TimeProvider time)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IIdempotent { IdempotencyKey: { } key }) return await next(message, cancellationToken);

        var caller = callers.Current.Sub;
        var operation = typeof(TMessage).Name;
        var id = Hash($"{caller}\n{operation}\n{key}");
        var fingerprint = Hash(JsonSerializer.Serialize(message, Json));

        var existing = await session.LoadAsync<IdempotencyRecord>(id, cancellationToken);
        if (existing is not null) return await Replay(existing, fingerprint, cancellationToken);

        session.Insert(new IdempotencyRecord(id, caller, operation, fingerprint, time.GetUtcNow(), null));
        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another request with the same key committed first; nothing of ours was written.
            var winner = await LoadFresh(id, cancellationToken) ?? throw new ConflictException("A request with this Idempotency-Key is in progress.");
            return await Replay(winner, fingerprint, cancellationToken);
        }

        session.Store(new IdempotencyRecord(id, caller, operation, fingerprint, time.GetUtcNow(), JsonSerializer.Serialize(response, Json)));
        await session.SaveChangesAsync(cancellationToken);
        return response;
    }

    private async Task<TResponse> Replay(IdempotencyRecord record, string fingerprint, CancellationToken ct)
    {
        if (record.Fingerprint != fingerprint)
            throw new UnprocessableException("This Idempotency-Key was already used with a different request body.");
        for (var attempt = 0; record.Response is null && attempt < 50; attempt++)
        {
            await Task.Delay(100, ct);
            record = await LoadFresh(record.Id, ct) ?? record;
        }
        if (record.Response is null)
            throw new ConflictException("The first request with this Idempotency-Key was committed, but its response is not available yet; read the resource instead.");
        return JsonSerializer.Deserialize<TResponse>(record.Response, Json)!;
    }

    private async Task<IdempotencyRecord?> LoadFresh(string id, CancellationToken ct)
    {
        await using var fresh = session.DocumentStore.QuerySession();
        return await fresh.LoadAsync<IdempotencyRecord>(id, ct);
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
