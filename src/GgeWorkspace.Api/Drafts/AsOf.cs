namespace GgeWorkspace.Api.Drafts;

/// <summary>
/// A point in the past a draft is read or exported as of: a global event sequence (<c>asOf=1234</c>) or an ISO 8601 instant
/// with an offset (<c>asOf=2026-06-01T10:00:00Z</c>), which means the state after the last event stored at or before it.
/// Every reader of <c>asOf</c> parses it here, so one rule holds for draft reads and exports alike.
/// </summary>
public readonly record struct AsOf(long? Sequence, DateTimeOffset? Instant)
{
    public const string Expected = "asOf is a global event sequence (zero or more) or an ISO 8601 instant with an offset, such as 2026-06-01T10:00:00Z.";

    /// <summary>The point <paramref name="raw"/> names, or null when it names none (a negative number, a date without a time or offset, anything else).</summary>
    public static AsOf? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) return new AsOf(sequence, null);
        // An instant must say where it is in time: a time of day and an offset (Z or +hh:mm), never the server's local time.
        if (text.Length > 10 && text[10] is 'T' or 't' && (text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text))
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return new AsOf(null, instant.ToUniversalTime());
        return null;
    }

    public static bool IsValid(string? raw) => raw is null || Parse(raw) is not null;

    private static bool HasOffset(string text) => text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';

    /// <summary>
    /// The global sequence this point reads as: the sequence itself, or that of the last event stored at or before the instant
    /// (zero when there is none, so a draft is not found). A sequence above the high-water mark, an instant in the future or
    /// one at or after an event above the mark, is a conflict carrying the mark: events below it may still be committing.
    /// </summary>
    public async Task<long> ResolveAsync(IQuerySession session, string verb, CancellationToken ct)
    {
        var highWater = await DraftSequences.HighWaterMarkAsync(session, ct);
        if (Sequence is { } sequence)
        {
            if (sequence > highWater) throw AboveHighWater($"Sequence {sequence}", highWater, verb);
            return sequence;
        }
        var instant = Instant!.Value;
        // An instant in the future, or one at or after an event the daemon has not yet passed, may still gain events.
        var now = await session.AdvancedSql.QueryAsync<DateTimeOffset>("select now()", ct);
        var pending = await session.AdvancedSql.QueryAsync<DateTimeOffset>(
            "select min(timestamp) from mt_events where seq_id > ? having count(*) > 0", ct, highWater);
        if (instant > now[0] || (pending.Count > 0 && instant >= pending[0])) throw AboveHighWater($"Instant {instant:O}", highWater, verb);
        var found = await session.AdvancedSql.QueryAsync<long>(
            "select coalesce(max(seq_id), 0) from mt_events where timestamp <= ? and seq_id <= ?", ct, instant, highWater);
        return found[0];
    }

    private static ConflictException AboveHighWater(string point, long highWater, string verb) =>
        new($"{point} is above the high-water mark {highWater}: events below it may still be committing. {verb} as of {highWater} or earlier.",
            new Dictionary<string, object?> { ["highWaterMark"] = highWater });
}
