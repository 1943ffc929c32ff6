using System.Threading.Channels;

namespace GgeWorkspace.Api.Consensus;

/// <summary>Wakes this instance's scheduler at once when a procedure is placed here (other instances find it by polling).</summary>
public sealed class SilenceSchedule
{
    private readonly Channel<bool> _nudges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Nudge() => _nudges.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken ct) => await _nudges.Reader.ReadAsync(ct);
}

/// <summary>
/// Records what silence procedures have due without anyone asking: the reminder 24 hours before the deadline, and the
/// outcome at the deadline (not broken: ParagraphAgreed, procedure "silence", on each placed paragraph, and
/// SilenceConcluded, in one transaction). It wakes at the earliest NextDueAt (timers of <see cref="TimeProvider"/>), when a
/// procedure is placed on this instance, and every <c>Silence:PollSeconds</c> to find procedures placed elsewhere.
/// All its state is in the event store, so a restart resumes where it was. Every instance runs it: each write fetches the
/// procedure stream for writing and commits only if its version has not moved, so when two instances race, one commits
/// and the other gets a concurrency exception, reloads, and finds nothing left to do.
/// </summary>
public sealed class SilenceScheduler(IDocumentStore store, TimeProvider time, SilenceSchedule schedule, IConfiguration configuration, ILogger<SilenceScheduler> logger)
    : BackgroundService
{
    public const string ActorName = "Silence procedure";
    private static readonly string Actor = ConsensusProcedures.ActingFor(ConsensusProcedures.Silence).Sub;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(configuration.GetValue("Silence:PollSeconds", 5.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? next = null;
            try
            {
                next = await RunDueWorkAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The silence scheduler failed; it retries at the next poll.");
            }

            var wait = poll;
            if (next is { } at && at - time.GetUtcNow() < wait) wait = at - time.GetUtcNow();
            if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
            using var woken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var timer = Task.Delay(wait, time, woken.Token);
            var nudge = schedule.WaitAsync(woken.Token);
            try
            {
                await Task.WhenAny(timer, nudge);
            }
            finally
            {
                await woken.CancelAsync();
            }
            if (stoppingToken.IsCancellationRequested) return;
        }
    }

    /// <summary>Applies every piece of due work now; returns when the next piece falls due (null: none known).</summary>
    public async Task<DateTimeOffset?> RunDueWorkAsync(CancellationToken ct)
    {
        IReadOnlyList<SilenceProcedure> open;
        await using (var query = store.QuerySession())
            open = await query.Query<SilenceProcedure>()
                .Where(p => p.Status == SilenceProcedureStatus.Running || p.Status == SilenceProcedureStatus.Broken)
                .ToListAsync(ct);

        DateTimeOffset? next = null;
        foreach (var procedure in open)
        {
            var due = SilenceDecisions.NextDueAt(procedure);
            if (due is { } at && at <= time.GetUtcNow())
            {
                await ApplyDueWorkAsync(procedure.Id, ct);
                continue;
            }
            if (due is { } later && (next is null || later < next)) next = later;
        }
        return next;
    }

    /// <summary>Appends the procedure's due work, retrying on a concurrency conflict (another instance got there first: then nothing is left).</summary>
    public async Task ApplyDueWorkAsync(Guid procedureId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TryApplyAsync(procedureId, ct);
                return;
            }
            catch (ConcurrencyException) when (attempt < 5)
            {
                logger.LogInformation("Silence procedure {ProcedureId} changed while its due work was recorded; retrying.", procedureId);
            }
        }
    }

    private async Task TryApplyAsync(Guid procedureId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = Actor;
        session.SetHeader(EventHeaders.Actor, Actor);
        session.SetHeader(EventHeaders.ActorName, ActorName);

        var stream = await session.Events.FetchForWriting<SilenceProcedure>(procedureId, ct);
        if (stream.Aggregate is not { } procedure) return;
        var events = SilenceDecisions.DueWork(procedure, time.GetUtcNow()).ToList();
        if (events.Count == 0) return;

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SilenceConcluded { Outcome: SilenceOutcome.Agreed } concluded)
                events[i] = await AgreePlacedAsync(session, procedure, concluded, ct);
        }
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Silence procedure {ProcedureId}: recorded {Events}.", procedureId, string.Join(", ", events.Select(e => e.GetType().Name)));
    }

    /// <summary>
    /// Appends ParagraphAgreed to each placed paragraph that still meets the conditions and is as circulated. A paragraph
    /// that no longer does (it changed after the procedure was placed, or an objection appeared) is recorded as returned.
    /// </summary>
    private async Task<SilenceConcluded> AgreePlacedAsync(IDocumentSession session, SilenceProcedure procedure, SilenceConcluded concluded, CancellationToken ct)
    {
        var agreed = new List<Guid>();
        var returned = new List<ReturnedParagraph>();
        foreach (var placed in procedure.Placed)
        {
            var paragraph = await session.Events.FetchForWriting<Paragraph>(placed.ParagraphId, ct);
            if (paragraph.Aggregate is not { } current)
            {
                returned.Add(new ReturnedParagraph(placed.ParagraphId, placed.StatusBefore));
                continue;
            }
            var positions = await session.LoadAsync<ParagraphPositions>(ConsensusStreams.PositionsOf(placed.ParagraphId), ct);
            var agreement = SilenceRules.AgreementFor(placed, current, positions);
            if (agreement.Outcome == ProcedureAgreementOutcome.Refused)
            {
                logger.LogWarning("Silence procedure {ProcedureId}: paragraph {ParagraphId} was not agreed: {Reasons}", procedure.Id, placed.ParagraphId,
                    string.Join(" ", agreement.Blockers.Select(b => b.Message)));
                returned.Add(new ReturnedParagraph(placed.ParagraphId, current.Status));
                continue;
            }
            paragraph.AppendMany(agreement.ParagraphEvents);
            agreed.Add(placed.ParagraphId);
        }
        return concluded with { AgreedParagraphIds = agreed, Returned = returned };
    }
}
