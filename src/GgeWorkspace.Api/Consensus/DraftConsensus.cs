namespace GgeWorkspace.Api.Consensus;

/// <summary>Everything the consensus views and procedures read about one draft, from the inline snapshots.</summary>
public sealed record DraftConsensus(
    Draft Draft, IReadOnlyDictionary<Guid, Paragraph> Paragraphs, IReadOnlyDictionary<Guid, ParagraphPositions> Positions,
    IReadOnlyList<SilenceProcedure> OpenProcedures, IReadOnlyDictionary<Guid, int> OpenAmendments, DraftAdoption? Adoption,
    IReadOnlyDictionary<Guid, IReadOnlyList<AcceptedOverObjections>>? AcceptedOverObjections = null)
{
    public static async Task<DraftConsensus> LoadAsync(IQuerySession session, IOpenAmendmentCounts amendments, Guid groupId, Guid draftId, CancellationToken ct)
    {
        var draft = Draft.InGroup(await session.LoadAsync<Draft>(draftId, ct), groupId);
        var ids = draft.Sections.SelectMany(s => s.Paragraphs).Select(p => p.ParagraphId).ToArray();
        var paragraphs = ids.Length == 0 ? [] : await session.LoadManyAsync<Paragraph>(ct, ids);
        var positions = ids.Length == 0 ? [] : await session.LoadManyAsync<ParagraphPositions>(ct, ids.Select(ConsensusStreams.PositionsOf).ToArray());
        var procedures = await session.Query<SilenceProcedure>()
            .Where(p => p.DraftId == draftId && (p.Status == SilenceProcedureStatus.Running || p.Status == SilenceProcedureStatus.Broken))
            .ToListAsync(ct);
        var adoption = await session.LoadAsync<DraftAdoption>(ConsensusStreams.AdoptionOf(draftId), ct);
        var accepted = await session.Query<Amendments.Amendment>()
            .Where(a => a.DraftId == draftId && a.State == Amendments.AmendmentState.Accepted)
            .ToListAsync(ct);
        var overridden = accepted.Where(a => a.Objections.Count > 0).OrderBy(a => a.DecidedAt).GroupBy(a => a.ParagraphId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AcceptedOverObjections>)[.. g.Select(Consensus.AcceptedOverObjections.Of)]);
        return new DraftConsensus(draft, paragraphs.ToDictionary(p => p.Id), positions.ToDictionary(p => p.ParagraphId), [.. procedures],
            await amendments.CountByParagraphAsync(session, draftId, ct), adoption, overridden);
    }

    public ConsensusDashboardView Dashboard(DateTimeOffset now) =>
        ConsensusDashboard.Build(Draft, Paragraphs, Positions, OpenAmendments, OpenProcedures, now, AcceptedOverObjections);
}

/// <summary>Open (submitted) amendments per paragraph, for the dashboard.</summary>
public interface IOpenAmendmentCounts
{
    Task<IReadOnlyDictionary<Guid, int>> CountByParagraphAsync(IQuerySession session, Guid draftId, CancellationToken ct);
}

/// <summary>Counts from the inline amendment snapshots.</summary>
public sealed class OpenAmendmentCounts : IOpenAmendmentCounts
{
    public async Task<IReadOnlyDictionary<Guid, int>> CountByParagraphAsync(IQuerySession session, Guid draftId, CancellationToken ct)
    {
        var open = await session.Query<Amendments.Amendment>()
            .Where(a => a.DraftId == draftId && a.State == Amendments.AmendmentState.Submitted)
            .ToListAsync(ct);
        return open.GroupBy(a => a.ParagraphId).ToDictionary(g => g.Key, g => g.Count());
    }
}
