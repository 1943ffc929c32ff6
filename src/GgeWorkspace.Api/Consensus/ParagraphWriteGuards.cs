using Marten.Services.BatchQuerying;

namespace GgeWorkspace.Api.Consensus;

/// <summary>
/// The consensus checks every write path of a draft runs before it appends: the adoption lock, the silence freeze and
/// the agreement guard. One scoped service, so the REST write path (<see cref="Infrastructure.Writes.StreamWrite"/>),
/// amendment acceptance and live co-editing refuse the same things with the same 409 problems. Each check reads the inline
/// snapshots (positions, open silence procedures, adoption) in the caller's session.
/// </summary>
public sealed class ParagraphWriteGuards(IQuerySession session)
{
    /// <summary>Any change to the draft, its sections or paragraphs (or their consensus): 409 once the draft is adopted.</summary>
    public async Task EnsureDraftMayChangeAsync(Guid draftId, CancellationToken ct) =>
        AdoptionRules.EnsureNotAdopted(await session.LoadAsync<DraftAdoption>(ConsensusStreams.AdoptionOf(draftId), ct));

    /// <summary>
    /// A change to the paragraph's text, brackets or options (edits, live operations, accepted amendments): 409 when the
    /// draft is adopted or a running silence procedure has the paragraph frozen.
    /// </summary>
    public async Task EnsureTextMayChangeAsync(Paragraph paragraph, CancellationToken ct)
    {
        // A damaged paragraph takes no change until an operator repairs it (its later events would be held back unseen).
        if (paragraph.Damage is { } damage) throw new ParagraphDamagedException(paragraph.Id, damage.Sequence ?? 0, damage.Reason);
        await EnsureDraftMayChangeAsync(paragraph.DraftId, ct);
        var procedures = await OpenProceduresAsync(paragraph.DraftId, ct);
        SilenceRules.EnsureNotUnderSilence(paragraph.Id, procedures);
        // A point's text is its paragraph's: frozen while the paragraph is under silence.
        if (paragraph.ParentParagraphId is { } paragraphId) SilenceRules.EnsureNotUnderSilence(paragraphId, procedures);
    }

    /// <summary>Declaring the paragraph agreed or agreed ad referendum: 409 when the draft is adopted or an objection stands (naming who objects).</summary>
    public async Task EnsureMayAgreeAsync(Paragraph paragraph, CancellationToken ct)
    {
        await EnsureDraftMayChangeAsync(paragraph.DraftId, ct);
        ConsensusRules.EnsureCanAgree(paragraph, await PositionsAsync(paragraph.Id, ct));
    }

    /// <summary>
    /// The checks a change to a paragraph needs, by kind: text, bracket and option changes (and text changes that come through
    /// no paragraph command: live operations, accepted amendments) are frozen under silence; agreeing (ad ref or finally) needs no objection.
    /// </summary>
    public Task EnsureAllowedAsync(Paragraph paragraph, object change, CancellationToken ct) => change switch
    {
        ReplaceParagraphText or ChangeParagraphText or AddBracket or RemoveBracket or WithdrawFromBracket or AddParagraphOption or RemoveParagraphOption
            or ParagraphTextWrite =>
            EnsureTextMayChangeAsync(paragraph, ct),
        IParagraphCommand command when ConsensusRules.IsAgreement(command) => EnsureMayAgreeAsync(paragraph, ct),
        _ => EnsureDraftMayChangeAsync(paragraph.DraftId, ct),
    };

    /// <summary>The draft's procedures still waiting for their outcome (running, or broken before the deadline).</summary>
    public async Task<IReadOnlyList<SilenceProcedure>> OpenProceduresAsync(Guid draftId, CancellationToken ct) =>
        await session.Query<SilenceProcedure>()
            .Where(p => p.DraftId == draftId && (p.Status == SilenceProcedureStatus.Running || p.Status == SilenceProcedureStatus.Broken))
            .ToListAsync(ct);

    /// <summary><see cref="OpenProceduresAsync"/> as part of a batch, for a write path that reads everything in one round trip.</summary>
    public static Task<IReadOnlyList<SilenceProcedure>> OpenProcedures(IBatchedQuery batch, Guid draftId) =>
        batch.Query<SilenceProcedure>()
            .Where(p => p.DraftId == draftId && (p.Status == SilenceProcedureStatus.Running || p.Status == SilenceProcedureStatus.Broken))
            .ToList();

    /// <summary>The draft's adoption, if any, as part of a batch (see <see cref="EnsureDraftMayChangeAsync"/>).</summary>
    public static Task<DraftAdoption?> Adoption(IBatchedQuery batch, Guid draftId) =>
        batch.Load<DraftAdoption>(ConsensusStreams.AdoptionOf(draftId))!;

    public Task<ParagraphPositions?> PositionsAsync(Guid paragraphId, CancellationToken ct) =>
        session.LoadAsync<ParagraphPositions>(ConsensusStreams.PositionsOf(paragraphId), ct);
}
