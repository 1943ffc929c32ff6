using GgeWorkspace.Api.Infrastructure.Writes;
using System.Threading.Channels;
using GgeWorkspace.Client.Live;
using GgeWorkspace.Text;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>The loop of one paragraph: its text and recent operations in memory, its pending operations in a queue.</summary>
internal sealed class ParagraphSequencer
{
    private readonly ParagraphSequencers _owner;
    private readonly Guid _paragraphId;
    private readonly Channel<PendingOperation> _queue = Channel.CreateUnbounded<PendingOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<(string Sub, string ClientId), long> _committedIds = [];
    // The text hashes of the last versions this loop committed or loaded, for the acknowledgement of a resent operation.
    private readonly Dictionary<long, string> _textHashes = [];
    private Paragraph? _state;
    private IReadOnlyList<Guid> _followers = [];

    // The last text version this loop broadcast (or found on loading), and whether a commit failed since: a failed
    // commit may have landed, so the next load broadcasts what lies between (no extra query otherwise).
    private long? _broadcastThrough;
    private bool _commitMayHaveLanded;

    public ParagraphSequencer(ParagraphSequencers owner, Guid paragraphId)
    {
        _owner = owner;
        _paragraphId = paragraphId;
        Completion = Task.Run(RunAsync);
    }

    public Task Completion { get; }

    /// <summary>False once this loop has retired or stopped; the caller then takes a fresh one.</summary>
    public bool TryEnqueue(PendingOperation pending) => _queue.Writer.TryWrite(pending);

    /// <summary>Takes no more operations; those already queued are still committed or answered.</summary>
    internal void StopAccepting() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        var batch = new List<PendingOperation>();
        var stopping = _owner.Stopping;
        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                idle.CancelAfter(_owner.IdleAfter);
                try
                {
                    if (!await _queue.Reader.WaitToReadAsync(idle.Token)) break;
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // Idle: retire, then drain whatever raced in so nothing is stranded.
                    _owner.Retire(_paragraphId, this);
                    StopAccepting();
                    while (_queue.Reader.TryRead(out var late)) batch.Add(late);
                    if (batch.Count > 0) await CommitAsync(batch);
                    break;
                }

                while (batch.Count < _owner.MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left)) batch.Add(left);
            foreach (var pending in batch)
                pending.Completion.TrySetException(new OperationCanceledException("The service is stopping; the operation was not applied."));
        }
    }

    private async Task CommitAsync(List<PendingOperation> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LoadAsync();
                // A base version beyond what this loop holds was committed elsewhere (another instance, a REST write) and
                // already reached the sender: load again before deciding, or the operation would be refused as unknown.
                if (batch.Any(p => p.Submit.BaseVersion > _state!.TextVersion))
                {
                    _state = null;
                    await LoadAsync();
                }
                var state = _state!;
                var events = new List<object>();
                var committed = new List<CommittedOperation>();
                var outcomes = new List<(PendingOperation Pending, OperationAck? Ack, Exception? Error)>();
                var ids = new Dictionary<(string, string), long>();
                var now = _owner.Time.GetUtcNow();
                foreach (var pending in batch)
                {
                    var submit = pending.Submit;
                    if (submit.DraftId != state.DraftId || submit.GroupId != state.GroupId)
                    {
                        outcomes.Add((pending, null, new Infrastructure.Errors.NotFoundException("No such paragraph in this draft.")));
                        continue;
                    }
                    var key = (pending.Actor.Sub, submit.ClientOperationId);
                    if (_committedIds.TryGetValue(key, out var done) || ids.TryGetValue(key, out done))
                    {
                        outcomes.Add((pending, new OperationAck(_paragraphId, submit.ClientOperationId, done, Duplicate: true, HashAt(done, state)), null));
                        continue;
                    }
                    try
                    {
                        var (decided, applied) = ParagraphDecisions.LiveEdit(
                            state, submit.Operation, submit.BaseVersion, pending.Actor, submit.ClientOperationId, now, _owner.MaxCodePoints);
                        // Applied to a copy first, so an operation that fails midway leaves the batch's state as it was.
                        var next = state;
                        foreach (var e in decided) next = Paragraph.Evolve(next, e)!;
                        // A translator typing while reading a working text version: the translation is current as of that text.
                        if (pending.Source is { } source && next.IsTranslation)
                        {
                            var current = Translations.TranslationDecisions.MadeCurrent(next, source, pending.Actor, now);
                            foreach (var e in current) next = Paragraph.Evolve(next, e)!;
                            decided = [.. decided, .. current];
                        }
                        state = next;
                        events.AddRange(decided);
                        ids[key] = state.TextVersion;
                        // Once per version, whoever receives it.
                        var hash = TextHash.Of(state.Text);
                        committed.Add(new CommittedOperation(state.TextVersion, submit.ClientOperationId, pending.Actor.Sub, applied, hash));
                        outcomes.Add((pending, new OperationAck(_paragraphId, submit.ClientOperationId, state.TextVersion, false, hash), null));
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Refused or failed alone: the other operations of the batch still commit.
                        if (Infrastructure.Errors.ProblemDetailsExceptionHandler.ToProblem(e) is null)
                            _owner.Logger.LogError(e, "Deciding a live operation on paragraph {ParagraphId} failed", _paragraphId);
                        outcomes.Add((pending, null, e));
                    }
                }

                if (events.Count > 0)
                {
                    // Committed by the instance's commit stage, possibly in one transaction with other paragraphs' batches; it
                    // checks this stream's version and damage as a commit of its own would, and throws what that would throw. Which
                    // threads quote this paragraph is known since loading (a new quote is fenced, so this loop reloads first).
                    await _owner.Commits.CommitAsync(new LiveBatch(_paragraphId, _state!.Version, events, _followers));
                    state.Version = _state.Version + events.Count;
                    _state = state;
                    foreach (var (key, version) in ids) Remember(key, version);
                    foreach (var c in committed) RememberHash(c.Version, c.TextHash!);

                    // Broadcast before acknowledging, without waiting for slow clients; clients apply in version order.
                    Broadcast(state.DraftId, committed);
                }

                foreach (var (pending, ack, error) in outcomes)
                {
                    if (ack is not null) pending.Completion.TrySetResult(ack);
                    else pending.Completion.TrySetException(error!);
                }
                return;
            }
            catch (Exception refused) when (refused is Infrastructure.Errors.ConflictException or Infrastructure.Errors.NotFoundException)
            {
                // The whole paragraph refuses (frozen, adopted, or no such paragraph): a refusal, not a failure to log.
                foreach (var pending in batch) pending.Completion.TrySetException(refused);
                // Frozen or adopted is checked when loading: the next batch loads again, so a silence that ended lets edits through.
                var known = _state is not null;
                _state = null;
                if (!known && refused is Infrastructure.Errors.NotFoundException)
                {
                    // No such paragraph: end this loop now, so made-up ids cannot keep loops alive for the idle period.
                    _owner.Retire(_paragraphId, this);
                    _queue.Writer.TryComplete();
                }
                return;
            }
            catch (ConcurrencyException) when (attempt < 10)
            {
                // Another instance (or a REST write) committed first: catch up from the store and transform again.
                _state = null;
            }
            catch (Exception e) when (batch.Count > 1 && e is not OperationCanceledException)
            {
                // The store refused the batch: commit its operations one by one, so that one the store refuses fails alone.
                _state = null;
                _commitMayHaveLanded = true;
                _owner.Logger.LogWarning("Committing {Count} live operations on paragraph {ParagraphId} together failed ({Error}); committing them one by one",
                    batch.Count, _paragraphId, e.Message);
                foreach (var pending in batch) await CommitAsync([pending]);
                return;
            }
            catch (Exception e)
            {
                _state = null;
                _commitMayHaveLanded = true;
                _owner.Logger.LogError(e, "Committing live operations on paragraph {ParagraphId} failed", _paragraphId);
                // Reloading at once broadcasts what landed all the same, and answers it as committed.
                try
                {
                    await LoadAsync();
                }
                catch (Exception reload) when (reload is not OperationCanceledException)
                {
                    _state = null;
                }
                foreach (var pending in batch)
                {
                    if (_state is not null && _committedIds.TryGetValue((pending.Actor.Sub, pending.Submit.ClientOperationId), out var landed))
                        pending.Completion.TrySetResult(new OperationAck(_paragraphId, pending.Submit.ClientOperationId, landed, Duplicate: false, HashAt(landed, _state)));
                    else
                        pending.Completion.TrySetException(e);
                }
                return;
            }
        }
    }

    private async Task LoadAsync()
    {
        if (_state is not null) return;
        // The stream's own version (not the snapshot's) is what the next commit must expect.
        await using var session = _owner.Store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Paragraph>(_paragraphId);
        var paragraph = stream.Aggregate ?? throw new Infrastructure.Errors.NotFoundException("No such paragraph.");
        // Live editing of a damaged paragraph is refused until an operator repairs it.
        if (paragraph.Damage is { } damage) throw new Infrastructure.Errors.ParagraphDamagedException(_paragraphId, damage.Sequence ?? 0, damage.Reason);
        // Text under silence is frozen and an adopted draft is read-only: checked once per load. Whatever freezes the text
        // later fences the paragraph's stream, so the next commit conflicts and this loop loads (and checks) again.
        await StreamWrite.GuardAsync(_owner.Guards, session, paragraph, new ParagraphTextWrite(_paragraphId), CancellationToken.None);
        // The snapshot holds no operation log: the recent operations (to transform operations made on older text versions)
        // and client ids (so a resend, even after a restart, is applied once) come from the events, once per load.
        var since = Math.Max(0, paragraph.TextVersion - Paragraph.RecentOperationLimit);
        var recent = await ParagraphHistory.TextChangesAsync(session, _paragraphId, since, withClientIdOnly: false, CancellationToken.None);
        // An unreadable operation damages the paragraph unless a repair superseded it (the replay tells which).
        if (recent.Any(Infrastructure.Events.UnreadableEvents.IsUnreadable)
            && await ParagraphDamageFinder.FindAsync(session, _paragraphId, CancellationToken.None) is { } damaged)
            throw damaged;
        paragraph = paragraph with { RecentOperations = ParagraphHistory.Sequenced(recent, since, paragraph.TextVersion) ?? [] };
        paragraph.Version = stream.CurrentVersion ?? 0;
        _committedIds.Clear();
        foreach (var change in recent.Where(c => c.ClientOperationId is not null && !Infrastructure.Events.UnreadableEvents.IsUnreadable(c)))
            Remember((change.AuthorSub, change.ClientOperationId!), change.BaseTextVersion + 1);
        _followers = await StreamWrite.FollowersAsync(_owner.Hooks, session, _paragraphId, CancellationToken.None);
        if (_commitMayHaveLanded && _broadcastThrough is { } through && paragraph.TextVersion > through)
            await BroadcastLandedAsync(session, paragraph.DraftId, through, paragraph.TextVersion, paragraph.Text);
        _commitMayHaveLanded = false;
        _textHashes.Clear();
        RememberHash(paragraph.TextVersion, TextHash.Of(paragraph.Text));
        _broadcastThrough = paragraph.TextVersion;
        _state = paragraph;
    }

    /// <summary>
    /// A commit that failed may have landed all the same (the connection lost right after COMMIT): its operations are
    /// then answered as duplicates when resent, so they are broadcast here, in version order and before anything newer,
    /// or every other client would wait at that gap. Another instance broadcasts its own commits; a repeat is ignored
    /// by version.
    /// </summary>
    private async Task BroadcastLandedAsync(IQuerySession session, Guid draftId, long through, long current, string currentText)
    {
        var landed = (await ParagraphHistory.TextChangesAsync(session, _paragraphId, through, withClientIdOnly: false, CancellationToken.None))
            .Where(e => e.BaseTextVersion < current)
            .OrderBy(e => e.BaseTextVersion)
            .ToList();
        var operations = landed
            .Where(c => !Infrastructure.Events.UnreadableEvents.IsUnreadable(c))
            .Select(c => new CommittedOperation(c.BaseTextVersion + 1, c.ClientOperationId, c.AuthorSub, c.Operation,
                c.BaseTextVersion + 1 == current ? TextHash.Of(currentText) : null))
            .ToList();
        if (operations.Count == 0) return;
        _owner.Logger.LogInformation("Broadcasting {Count} live operations on paragraph {ParagraphId} committed by a commit that reported a failure",
            operations.Count, _paragraphId);
        Broadcast(draftId, operations);
    }

    private void Broadcast(Guid draftId, List<CommittedOperation> committed)
    {
        var message = new OperationsCommitted(draftId, _paragraphId, committed);
        _ = _owner.Hub.Clients.Groups([DraftingHub.DraftChannel(draftId), DraftingHub.ParagraphChannel(_paragraphId)])
            .SendAsync(DraftingHubProtocol.OperationsCommitted, message)
            .ContinueWith(t => _owner.Logger.LogWarning(t.Exception, "Broadcasting operations failed"), TaskContinuationOptions.OnlyOnFaulted);
        _broadcastThrough = Math.Max(_broadcastThrough ?? 0, committed[^1].Version);
    }

    private string? HashAt(long version, Paragraph? current) =>
        _textHashes.TryGetValue(version, out var hash) ? hash : current?.TextVersion == version ? TextHash.Of(current.Text) : null;

    private void RememberHash(long version, string hash)
    {
        if (_textHashes.Count >= 1024) _textHashes.Clear();
        _textHashes[version] = hash;
    }

    private void Remember((string, string) key, long version)
    {
        if (_committedIds.Count >= 20_000) _committedIds.Clear();
        _committedIds[key] = version;
    }
}
