using System.Collections.Concurrent;
using System.Text.Json;
using GgeWorkspace.Text;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.Client.Live;

/// <summary>
/// One member's live session in a draft over the drafting hub: the paragraphs being edited (client-side OT), the
/// operations of others applied in version order, catch-up and resend after a reconnect, and presence.
/// </summary>
public sealed partial class DraftingSession : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly ConcurrentDictionary<Guid, ParagraphDocument> _documents = new();
    private readonly ConcurrentDictionary<Guid, long> _workingTextVersions = new();
    private readonly ConcurrentQueue<Exception> _errors = new();
    private readonly List<IDisposable> _handlers = [];
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _recovering = new(1, 1);
    private readonly ConcurrentDictionary<Guid, byte> _watchedGaps = new();
    private readonly ConcurrentDictionary<Guid, byte> _resyncing = new();

    /// <param name="selective">Receive only the operations of the paragraphs opened (<see cref="OpenAsync"/>), not the whole draft's.</param>
    public DraftingSession(HubConnection connection, Guid groupId, Guid draftId, string sub, bool selective = false)
    {
        Selective = selective;
        _connection = connection;
        GroupId = groupId;
        DraftId = draftId;
        Sub = sub;
        _handlers.Add(connection.On<OperationsCommitted>(DraftingHubProtocol.OperationsCommitted, OnCommitted));
        _handlers.Add(connection.On<PresenceEntry>(DraftingHubProtocol.PresenceChanged, e => { if (e.DraftId == DraftId) Presence[e.TabId] = e; }));
        _handlers.Add(connection.On<PresenceGone>(DraftingHubProtocol.PresenceLeft, g => { if (g.DraftId == DraftId) Presence.TryRemove(g.TabId, out _); }));
        connection.Reconnected += _ => RecoverUntilDoneAsync();
    }

    /// <summary>Raised when the server acknowledged one of our operations (it is durable): paragraph, operation as sent, acknowledgement.</summary>
    public event Action<Guid, PendingOperationState, OperationAck>? Acknowledged;

    public bool Selective { get; }

    /// <summary>
    /// How long an operation received early may wait for a missing version before the paragraph catches up from the
    /// version held (a broadcast can be lost without the connection dropping).
    /// </summary>
    public TimeSpan GapCatchUpAfter { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The clock that times <see cref="GapCatchUpAfter"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How many times a paragraph caught up because an operation waited at a version gap.</summary>
    public int GapCatchUps => _gapCatchUps;

    private int _gapCatchUps;

    /// <summary>How many times a paragraph's text differed from the server's (by its hash) and was taken whole again.</summary>
    public int Resyncs => _resyncs;

    private int _resyncs;

    public Guid GroupId { get; }

    public Guid DraftId { get; }

    public string Sub { get; }

    public HubConnection Connection => _connection;

    /// <summary>Others in the draft, per tab.</summary>
    public ConcurrentDictionary<string, PresenceEntry> Presence { get; } = new();

    /// <summary>This session's own tab id.</summary>
    public string? TabId { get; private set; }

    /// <summary>The draft as the hub returned it when joining.</summary>
    public JsonElement Draft { get; private set; }

    /// <summary>The live-editing protocol version this session speaks (this library's, <see cref="DraftingHubProtocol.Version"/>).</summary>
    public int ProtocolVersion { get; init; } = DraftingHubProtocol.Version;

    /// <summary>The protocol version the service answered when joining (null before joining).</summary>
    public int? ServiceProtocolVersion { get; private set; }

    /// <summary>
    /// True when the service speaks a newer protocol version than this session: nothing more is submitted (edits stay
    /// pending locally) until the client is updated.
    /// </summary>
    public bool IsOutdated => ServiceProtocolVersion > ProtocolVersion;

    /// <summary>Errors the server answered to submitted operations (e.g. a paragraph no longer editable).</summary>
    public IReadOnlyCollection<Exception> Errors => _errors;

    public async Task JoinAsync(CancellationToken ct = default)
    {
        if (_connection.State == HubConnectionState.Disconnected) await _connection.StartAsync(ct);
        var joined = await _connection.InvokeAsync<JsonElement>(
            Selective ? DraftingHubProtocol.JoinDraftSelectively : DraftingHubProtocol.JoinDraft, GroupId, DraftId, ct);
        if (Selective)
            foreach (var paragraphId in _documents.Keys)
                await _connection.InvokeAsync(DraftingHubProtocol.FollowParagraph, GroupId, DraftId, paragraphId, ct);
        Draft = joined.GetProperty("draft");
        TabId = joined.GetProperty("tabId").GetString();
        foreach (var entry in joined.GetProperty("presence").Deserialize<List<PresenceEntry>>(LiveJson.Options) ?? [])
            if (entry.TabId != TabId) Presence[entry.TabId] = entry;
        ServiceProtocolVersion = joined.TryGetProperty("protocolVersion", out var version) ? version.GetInt32() : null;
        if (IsOutdated) throw new ClientOutdatedException(ProtocolVersion, ServiceProtocolVersion!.Value);
    }

    /// <summary>Starts editing a paragraph from the text and version the draft showed when joining.</summary>
    public ParagraphDocument Open(Guid paragraphId)
    {
        return _documents.GetOrAdd(paragraphId, id =>
        {
            var paragraph = Paragraphs(Draft).FirstOrDefault(p => p.GetProperty("id").GetGuid() == id);
            if (paragraph.ValueKind != JsonValueKind.Object) throw new InvalidOperationException("The paragraph is not in the draft.");
            var document = new ParagraphDocument(id, paragraph.GetProperty("text").GetString()!, paragraph.GetProperty("textVersion").GetInt64(), Sub);
            document.ReadyToSend += pending => _ = SendAsync(document, pending);
            return document;
        });
    }

    /// <summary>
    /// Starts editing a translation, named by its own text id, from the text and text version its read gave (a translation is
    /// not in the draft's outline). Edits then travel as a paragraph's do.
    /// </summary>
    public ParagraphDocument OpenTranslation(Guid translationId, string text, long textVersion)
    {
        return _documents.GetOrAdd(translationId, id =>
        {
            var document = new ParagraphDocument(id, text, textVersion, Sub);
            document.ReadyToSend += pending => _ = SendAsync(document, pending);
            return document;
        });
    }

    /// <summary>The working text version the translator reads while editing <paramref name="translationId"/>: sent with each of its operations.</summary>
    public void ReadingWorkingText(Guid translationId, long workingTextVersion) => _workingTextVersions[translationId] = workingTextVersion;

    /// <summary>Opens a paragraph and, in a selective session, starts receiving its operations.</summary>
    public async Task<ParagraphDocument> OpenAsync(Guid paragraphId, CancellationToken ct = default)
    {
        var document = Open(paragraphId);
        if (!Selective) return document;
        await _connection.InvokeAsync(DraftingHubProtocol.FollowParagraph, GroupId, DraftId, paragraphId, ct);
        // Whatever was committed between reading the draft and following the paragraph.
        long version;
        lock (document) version = document.Version;
        var missed = await _connection.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, GroupId, DraftId, paragraphId, version, ct);
        lock (document)
        {
            if (missed.Text is not null) document.Rebase(missed.Text, missed.Version);
            else document.Receive(missed.Operations);
            document.Verify(missed.Version, missed.TextHash);
        }
        ResyncIfDiverged(document);
        return document;
    }

    /// <summary>Applies a local edit (code points); it is sent when nothing of ours is in flight.</summary>
    public void Edit(Guid paragraphId, TextOperation operation)
    {
        var document = _documents[paragraphId];
        lock (document) document.Edit(operation);
    }

    /// <summary>Edits with a function of the current text, atomically with respect to incoming operations.</summary>
    public void Edit(Guid paragraphId, Func<string, TextOperation> edit)
    {
        var document = _documents[paragraphId];
        lock (document) document.Edit(edit(document.Text));
    }

    public (string Text, long Version, bool Synchronized) Snapshot(Guid paragraphId)
    {
        var document = _documents[paragraphId];
        lock (document) return (document.Text, document.Version, document.IsSynchronized);
    }

    public Task UpdatePresenceAsync(Guid? paragraphId, int? caret, int? selectionEnd, bool typing, CancellationToken ct = default) =>
        _connection.InvokeAsync(DraftingHubProtocol.UpdatePresence, new PresenceUpdate(GroupId, DraftId, paragraphId, caret, selectionEnd, typing), ct);

    /// <summary>Where the caller is in a translation (its own text id) into <paramref name="language"/>.</summary>
    public Task UpdateTranslationPresenceAsync(Guid translationId, string language, int? caret, int? selectionEnd, bool typing, CancellationToken ct = default) =>
        _connection.InvokeAsync(DraftingHubProtocol.UpdatePresence,
            new PresenceUpdate(GroupId, DraftId, translationId, caret, selectionEnd, typing) { Language = language }, ct);

    public Task HeartbeatAsync(CancellationToken ct = default) => _connection.InvokeAsync(DraftingHubProtocol.Heartbeat, ct);

    private static IEnumerable<JsonElement> Paragraphs(JsonElement draft)
    {
        static IEnumerable<JsonElement> Of(JsonElement section) =>
            section.GetProperty("paragraphs").EnumerateArray().Concat(section.GetProperty("subSections").EnumerateArray().SelectMany(Of));
        return draft.GetProperty("sections").EnumerateArray().SelectMany(Of);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        foreach (var handler in _handlers) handler.Dispose();
        await _connection.DisposeAsync();
    }
}
