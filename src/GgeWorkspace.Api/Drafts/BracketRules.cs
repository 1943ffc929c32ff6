namespace GgeWorkspace.Api.Drafts;

/// <summary>
/// Who a bracket speaks for, and where it may stand. A bracket is held by delegations (<see cref="Delegation.Label"/>: a
/// State code, or the sub of an Expert attributed personally): an Expert brackets text for their own delegation only; the
/// Chair and Secretariat record holders for delegations present in the group, with a reason. Brackets nest but never
/// cross, and never split a grapheme cluster: their ends are widened to whole clusters.
/// </summary>
public static class BracketRules
{
    /// <summary>
    /// The holders of a new bracket: for an Expert their own delegation (named or not); for the Chair or Secretariat the
    /// named delegations, each present in <paramref name="present"/>, with a reason. 400 naming the valid holders
    /// (extension <c>validHolders</c>), 422 without the reason.
    /// </summary>
    public static IReadOnlyList<string> HoldersOf(AddBracket command, Actor actor, IReadOnlyList<Delegation> present)
    {
        var named = command.Holders.Select(h => h.Trim()).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (actor.Role == MemberRole.Expert)
        {
            var own = Delegation.Of(actor).Label;
            if (named.Count == 0 || named is [var only] && only == own) return [own];
            throw InvalidHolders($"An Expert holds a bracket only for their own delegation: {own}.", [own]);
        }

        var valid = present.Select(d => d.Label).Order(StringComparer.Ordinal).ToList();
        if (named.Count == 0)
            throw InvalidHolders($"Name the delegations that hold this bracket, among those present: {Listed(valid)}.", valid);
        var absent = named.Where(h => !valid.Contains(h, StringComparer.Ordinal)).ToList();
        if (absent.Count > 0)
            throw InvalidHolders(
                $"{string.Join(", ", absent)} {(absent.Count == 1 ? "is not a delegation" : "are not delegations")} of this group; " +
                $"holders are delegations present: {Listed(valid)}.", valid);
        if (string.IsNullOrWhiteSpace(command.Reason))
            throw new UnprocessableException("Recording which delegations hold a bracket needs a reason.");
        return named;
    }

    /// <summary>
    /// The holder withdrawing: an Expert's own delegation; for the Chair or Secretariat the named holder, with a reason.
    /// 409 when that delegation does not hold the bracket.
    /// </summary>
    public static string WithdrawingHolder(WithdrawFromBracket command, Bracket bracket, Actor actor)
    {
        string holder;
        if (actor.Role == MemberRole.Expert)
        {
            holder = Delegation.Of(actor).Label;
            if (!string.IsNullOrWhiteSpace(command.Holder) && command.Holder.Trim() != holder)
                throw InvalidFields("holder", $"An Expert withdraws only their own delegation: {holder}.", [holder]);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(command.Holder))
                throw InvalidFields("holder", $"Name the holder that withdraws: {Listed(bracket.Holders)}.", bracket.Holders);
            holder = command.Holder.Trim();
            if (string.IsNullOrWhiteSpace(command.Reason))
                throw new UnprocessableException("Recording a delegation's withdrawal from a bracket needs a reason.");
        }
        if (!bracket.Holders.Contains(holder, StringComparer.Ordinal))
            throw new ConflictException($"{holder} does not hold this bracket; its holders are {Listed(bracket.Holders)}.",
                new Dictionary<string, object?> { ["holders"] = bracket.Holders });
        return holder;
    }

    /// <summary>
    /// Whether [<paramref name="start"/>, <paramref name="end"/>) and <paramref name="other"/> cross: one starts inside the
    /// other and ends after it. Nesting (one inside the other, ends may touch), equal spans and disjoint spans do not cross.
    /// </summary>
    public static bool Crosses(int start, int end, Bracket other) =>
        (start < other.Start && other.Start < end && end < other.End) || (other.Start < start && start < other.End && other.End < end);

    /// <summary>409 naming the first bracket of <paramref name="brackets"/> that [start, end) would cross.</summary>
    public static void RequireNoCrossing(IEnumerable<Bracket> brackets, int start, int end)
    {
        if (brackets.FirstOrDefault(b => Crosses(start, end, b)) is not { } crossed) return;
        throw new ConflictException(
            $"A bracket over [{start}, {end}) would cross the bracket over [{crossed.Start}, {crossed.End}): brackets may nest, not cross.",
            new Dictionary<string, object?> { ["crossedBracketId"] = crossed.Id, ["crossedStart"] = crossed.Start, ["crossedEnd"] = crossed.End });
    }

    private static InvalidFieldsException InvalidHolders(string message, IReadOnlyList<string> valid) => InvalidFields("holders", message, valid);

    private static InvalidFieldsException InvalidFields(string field, string message, IReadOnlyList<string> valid) =>
        InvalidFieldsException.Field(field, message, new Dictionary<string, object?> { ["validHolders"] = valid });

    private static string Listed(IReadOnlyList<string> holders) => holders.Count == 0 ? "none" : string.Join(", ", holders);
}
