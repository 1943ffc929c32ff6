using GgeWorkspace.Api.Infrastructure.Writes;
using System.Threading.Channels;
using GgeWorkspace.Client.Live;
using GgeWorkspace.Text;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>A live operation waiting to be sequenced, with who sent it and, on a translation, the working text its translator was reading.</summary>
public sealed record PendingOperation(
    SubmitOperation Submit, Actor Actor, TaskCompletionSource<OperationAck> Completion, Translations.WorkingSource? Source = null);

/// <summary>
/// Sequences live text operations, one in-process loop per active paragraph (group commit). The loop drains every
/// pending operation, transforms each in memory over the operations committed since its base, and commits them all in
/// one transaction (stream version checked, inline snapshot updated with the text; shared with other paragraphs' batches
/// by <see cref="LiveCommits"/>), then broadcasts and acknowledges.
/// Nothing is acknowledged before it is durable; a failed commit reloads the paragraph, so memory never runs ahead of
/// the store. With several instances on one database the version check keeps it correct: on conflict the loop
/// reloads, transforms again and retries.
/// </summary>
public sealed class ParagraphSequencers(
    IDocumentStore store, LiveCommits commits, IHubContext<DraftingHub> hub, TimeProvider time, IConfiguration configuration,
    IEnumerable<IWriteGuard<Paragraph>> guards, IEnumerable<IAppendHook<Paragraph>> hooks, ILogger<ParagraphSequencers> logger)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, ParagraphSequencer> _active = new();
    private readonly ConcurrentDictionary<Guid, (Guid GroupId, Guid DraftId)> _owners = new();
    private readonly CancellationTokenSource _stopping = new();

    internal int MaxCodePoints { get; } = configuration.GetValue("Limits:MaxParagraphCodePoints", 20_000);

    internal int MaxBatch { get; } = configuration.GetValue("LiveEditing:MaxBatch", 512);

    internal IDocumentStore Store => store;

    /// <summary>What other features refuse (adoption, silence) and do (comment anchors) when the text changes, as for REST writes.</summary>
    internal IReadOnlyList<IWriteGuard<Paragraph>> Guards { get; } = [.. guards];

    internal IReadOnlyList<IAppendHook<Paragraph>> Hooks { get; } = [.. hooks];

    internal LiveCommits Commits => commits;

    internal IHubContext<DraftingHub> Hub => hub;

    internal TimeProvider Time => time;

    internal ILogger Logger => logger;

    internal CancellationToken Stopping => _stopping.Token;

    public async Task<OperationAck> SubmitAsync(SubmitOperation submit, Actor actor, CancellationToken ct, Translations.WorkingSource? source = null)
    {
        // Checked before the paragraph's loop sees the operation: what the loop answers (frozen under silence with the
        // procedure and its deadline, adopted, damaged) is about that paragraph and must not reach a member of another group.
        if (await OwnerAsync(submit.ParagraphId, ct) != (submit.GroupId, submit.DraftId))
            throw new Infrastructure.Errors.NotFoundException("No such paragraph in this draft.");
        var pending = new PendingOperation(submit, actor, new TaskCompletionSource<OperationAck>(TaskCreationOptions.RunContinuationsAsynchronously), source);
        while (true)
        {
            if (_stopping.IsCancellationRequested) throw new OperationCanceledException("The service is stopping; the operation was not applied.");
            var sequencer = _active.GetOrAdd(submit.ParagraphId, id => new ParagraphSequencer(this, id));
            if (sequencer.TryEnqueue(pending)) break;
            // The loop found has just retired (idle, or no such paragraph) or stopped: make sure it is gone and start a fresh one.
            _active.TryRemove(new KeyValuePair<Guid, ParagraphSequencer>(submit.ParagraphId, sequencer));
        }
        return await pending.Completion.Task.WaitAsync(ct);
    }

    /// <summary>The loop of a paragraph, if one is in memory.</summary>
    internal ParagraphSequencer? LoopOf(Guid paragraphId) => _active.GetValueOrDefault(paragraphId);

    /// <summary>Paragraphs with a loop in memory: at most the paragraphs edited within the idle period.</summary>
    internal int ActiveParagraphs => _active.Count;

    /// <summary>Paragraphs whose group and draft are remembered: only paragraphs that exist, at most 100,000.</summary>
    internal int RememberedOwners => _owners.Count;

    internal TimeSpan IdleAfter { get; } = TimeSpan.FromMilliseconds(Math.Max(1, configuration.GetValue("LiveEditing:IdleAfterMs", 60_000)));

    /// <summary>The group and draft a paragraph belongs to (which never change), from memory after the first look.</summary>
    private async ValueTask<(Guid GroupId, Guid DraftId)?> OwnerAsync(Guid paragraphId, CancellationToken ct)
    {
        if (_owners.TryGetValue(paragraphId, out var known)) return known;
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Paragraph>(paragraphId, ct) is not { } paragraph) return null;
        if (_owners.Count >= 100_000) _owners.Clear();
        return _owners[paragraphId] = (paragraph.GroupId, paragraph.DraftId);
    }

    /// <summary>The operations committed after <paramref name="version"/>, from memory when the paragraph is active, else from the event store.</summary>
    public async Task<CatchUpResult> CatchUpAsync(Paragraph paragraph, long version, CancellationToken ct)
    {
        if (version > paragraph.TextVersion || version < 0)
            throw new Infrastructure.Errors.ConflictException($"Text version {version} does not exist; the current text version is {paragraph.TextVersion}.");
        if (version == paragraph.TextVersion) return new CatchUpResult(paragraph.Id, version, [], null, TextHash.Of(paragraph.Text));

        await using var session = store.QuerySession();
        // Up to the version of the text at hand, so the answer carries its hash; what came later is broadcast.
        var changes = (await ParagraphHistory.TextChangesAsync(session, paragraph.Id, version, withClientIdOnly: false, ct))
            .Where(c => c.BaseTextVersion < paragraph.TextVersion).ToList();
        var latest = changes.Count == 0 ? version : changes[^1].BaseTextVersion + 1;
        // An unreadable stored operation (repaired since, or the paragraph would not have loaded) is bridged by the whole text.
        if (changes.Count == 0 || changes.Any(Infrastructure.Events.UnreadableEvents.IsUnreadable) || changes[0].BaseTextVersion != version || latest - version != changes.Count)
        {
            var current = await session.LoadAsync<Paragraph>(paragraph.Id, ct) ?? paragraph;
            return new CatchUpResult(paragraph.Id, current.TextVersion, [], current.Text, TextHash.Of(current.Text));
        }
        var hash = TextHash.Of(paragraph.Text);
        return new CatchUpResult(paragraph.Id, latest,
            [.. changes.Select(c => new CommittedOperation(c.BaseTextVersion + 1, c.ClientOperationId, c.AuthorSub, c.Operation,
                c.BaseTextVersion + 1 == latest ? hash : null))], null, hash);
    }

    /// <summary>Forgets an idle paragraph's memory (its next operation loads it again).</summary>
    internal void Retire(Guid paragraphId, ParagraphSequencer sequencer) =>
        _active.TryRemove(new KeyValuePair<Guid, ParagraphSequencer>(paragraphId, sequencer));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var sequencer in _active.Values) await sequencer.Completion;
        _stopping.Dispose();
    }
}
