using RevisionSegment = GgeWorkspace.Api.Revisions.RedlineSegment;

namespace GgeWorkspace.Api.Exports;

/// <summary>
/// Who made each change a redline shows, from the events between the earlier revision and the exported version, named as a
/// tracked change's author: a Chair by the office ("Chair (Ingrid Halvorsen)"), the Secretariat likewise, an Expert by the
/// State their contributions were attributed to when they made the change (else by name). No change is dated before the
/// earlier revision was issued.
/// </summary>
internal sealed class RedlineCredits
{
    private readonly List<ExportEvent> _between;
    private readonly DateTimeOffset _floor;
    private readonly Func<string, string> _names;
    private readonly Dictionary<string, List<(DateTimeOffset At, MemberRole Role)>> _roles = new(StringComparer.Ordinal);

    public RedlineCredits(DraftHistory history, RevisionIssued older, long contentSequence, long cutoff, Func<string, string> names)
    {
        _floor = older.IssuedAt;
        _names = names;
        _between = [.. history.Events.Where(e => e.Sequence > older.GlobalSequence && e.Sequence <= contentSequence)];

        Group? group = null;
        foreach (var e in history.Events.Where(e => e.StreamId == history.GroupId && e.Sequence <= cutoff))
        {
            group = Group.Evolve(group, e.Data);
            foreach (var m in group?.Members ?? [])
            {
                var timeline = _roles.TryGetValue(m.Sub, out var t) ? t : _roles[m.Sub] = [];
                if (timeline.Count == 0 || timeline[^1].Role != m.Role) timeline.Add((e.Timestamp, m.Role));
            }
        }

        var last = history.Events.LastOrDefault(e => e.Sequence <= cutoff && e.Sequence > older.GlobalSequence && e.ActorSub is not null);
        Fallback = last is null ? new ExportCredit("Secretariat", _floor) : Of(last);
    }

    /// <summary>For a change no event names (none should be): whoever acted last on the draft up to the exported version.</summary>
    public ExportCredit Fallback { get; }

    /// <summary>The author of a text segment; <paramref name="structural"/> for text with no author of its own in the range.</summary>
    public ExportCredit Text(RevisionSegment segment, ExportCredit? structural)
    {
        if (segment.ActorSub is not { } sub || segment.At is not { } at) return structural ?? Fallback;
        if (at <= _floor && structural is not null) return structural;
        return new ExportCredit(Author(sub, segment.ActorState, RoleAt(sub, at)), Later(at));
    }

    /// <summary>Who added, removed or moved a paragraph, and the sequence of that event; null when it was none of these.</summary>
    public (ExportCredit Credit, long Sequence)? Structural(ParagraphRedline p)
    {
        var id = p.ParagraphId;
        Func<object, bool>? made = p.Kind switch
        {
            ParagraphRedlineKind.Added => data => data is ParagraphPlaced x && x.ParagraphId == id || data is ParagraphReturnedToNumbering y && y.ParagraphId == id
                || data is ParagraphRestored z && z.ParagraphId == id,
            ParagraphRedlineKind.Removed => data => data is ParagraphWithdrawnFromNumbering x && x.ParagraphId == id || data is ParagraphDeleted y && y.ParagraphId == id,
            _ when p.Moved => data => data is ParagraphMoved x && x.ParagraphId == id,
            _ => null,
        };
        if (made is null) return null;
        return _between.LastOrDefault(e => made(e.Data)) is { } by ? (Of(by), by.Sequence) : (Fallback, 0);
    }

    /// <summary>Who added, renamed or removed a section.</summary>
    public ExportCredit Section(Guid id, bool removed) =>
        _between.LastOrDefault(e => removed
            ? e.Data is SectionDeleted d && d.SectionId == id
            : e.Data is SectionRetitled t && t.SectionId == id || e.Data is SectionAdded a && a.SectionId == id) is { } by ? Of(by) : Fallback;

    /// <summary>The latest change to the order of sections, which renumbers those after it.</summary>
    public ExportCredit LatestSectionChange() =>
        _between.LastOrDefault(e => e.Data is SectionAdded or SectionDeleted or SectionMoved) is { } by ? Of(by) : Fallback;

    private ExportCredit Of(ExportEvent e)
    {
        var sub = e.ActorSub ?? "";
        var role = Enum.TryParse<MemberRole>(e.ActorRole, out var recorded) ? recorded : RoleAt(sub, e.Timestamp);
        return new ExportCredit(Author(sub, e.ActorState, role), Later(e.Timestamp));
    }

    private DateTimeOffset Later(DateTimeOffset at) => at > _floor ? at : _floor;

    private string Author(string sub, string? state, MemberRole? role) => role switch
    {
        MemberRole.Chair => $"Chair ({_names(sub)})",
        MemberRole.Secretariat => $"Secretariat ({_names(sub)})",
        _ when state is not null => StateNames.Of(state),
        _ => _names(sub),
    };

    /// <summary>The member's role in the group when they acted at <paramref name="at"/> (their first role, if they acted before it was recorded).</summary>
    private MemberRole? RoleAt(string sub, DateTimeOffset at)
    {
        if (!_roles.TryGetValue(sub, out var timeline)) return null;
        var role = timeline[0].Role;
        foreach (var (since, then) in timeline)
            if (since <= at) role = then;
        return role;
    }
}
