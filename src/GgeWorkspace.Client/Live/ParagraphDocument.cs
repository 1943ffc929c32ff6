using GgeWorkspace.Text;

namespace GgeWorkspace.Client.Live;

/// <summary>
/// The client side of server-sequenced OT for one paragraph (after ot.js): the text as the user sees it, the server
/// version it rests on, at most one operation in flight and a buffer of pending ones composed into one. Remote
/// operations are applied strictly in version order; an operation of our own coming back in the broadcast is its
/// acknowledgement (acknowledgement and broadcast may arrive in either order).
/// </summary>
public sealed class ParagraphDocument(Guid paragraphId, string text, long version, string authorSub)
{
    private readonly SortedDictionary<long, CommittedOperation> _early = [];
    private long _nextId;

    public Guid ParagraphId { get; } = paragraphId;

    public string AuthorSub { get; } = authorSub;

    /// <summary>The text as the user sees it, local edits included.</summary>
    public string Text { get; private set; } = text;

    /// <summary>The last server version applied.</summary>
    public long Version { get; private set; } = version;

    /// <summary>The text at <see cref="Version"/>, without local edits: what the server has.</summary>
    public string ServerText { get; private set; } = text;

    /// <summary>The operation sent and not yet seen committed.</summary>
    public PendingOperationState? InFlight { get; private set; }

    /// <summary>Local edits made while one was in flight, composed into one.</summary>
    public TextOperation? Buffer { get; private set; }

    public bool IsSynchronized => InFlight is null && Buffer is null;

    /// <summary>
    /// True when <see cref="ServerText"/> no longer matches the server's text: a text hash the server sent differed, or a
    /// committed operation did not fit. Nothing more is applied until <see cref="Rebase"/> takes the whole text again.
    /// </summary>
    public bool Diverged { get; private set; }

    /// <summary>Raised when an operation is ready to send (base version, client id, operation).</summary>
    public event Action<PendingOperationState>? ReadyToSend;

    /// <summary>Raised when a remote operation changed the text (the operation as applied to the local text).</summary>
    public event Action<TextOperation>? RemoteApplied;

    /// <summary>Applies a local edit and sends it, or buffers it while another is in flight.</summary>
    public void Edit(TextOperation operation)
    {
        if (operation.IsNoop)
        {
            if (operation.BaseLength != CodePoints.Length(Text))
                throw new TextOperationException("The operation does not fit the text.", operation.BaseLength, CodePoints.Length(Text));
            return;
        }
        Text = TextOperation.Apply(Text, operation);
        if (InFlight is null)
        {
            Send(operation);
        }
        else
        {
            Buffer = Buffer is null ? operation : TextOperation.Compose(Buffer, operation);
        }
    }

    /// <summary>Applies committed operations; ones ahead of a gap wait until the gap is filled.</summary>
    public void Receive(IEnumerable<CommittedOperation> committed)
    {
        foreach (var c in committed)
            if (c.Version > Version) _early[c.Version] = c;
        Drain();
    }

    /// <summary>Checks <see cref="ServerText"/> against the hash the server gave for <paramref name="version"/> (when it is ours).</summary>
    public void Verify(long version, string? textHash)
    {
        if (textHash is not null && version == Version && !Diverged && TextHash.Of(ServerText) != textHash) Diverged = true;
    }

    private void Drain()
    {
        foreach (var applied in _early.Keys.Where(v => v <= Version).ToList()) _early.Remove(applied);
        // Only the last hash of a run is checked: the text it describes is the one held, and one pass over a long
        // paragraph per received message is enough.
        (long Version, string Hash)? last = null;
        while (!Diverged && _early.Remove(Version + 1, out var next))
        {
            try
            {
                Apply(next);
                if (next.TextHash is not null) last = (next.Version, next.TextHash);
            }
            catch (TextOperationException)
            {
                // Our copy of the server's text is wrong: keep the operation for after the resynchronisation.
                _early[next.Version] = next;
                Diverged = true;
            }
        }
        if (last is { } check) Verify(check.Version, check.Hash);
    }

    /// <summary>Operations received early wait for this version, which has not arrived (null when nothing waits).</summary>
    public long? MissingVersion => _early.Count > 0 ? Version + 1 : null;

    /// <summary>
    /// Starts again from the server's whole text, dropping what was pending (<see cref="Rebase"/> keeps it). Operations
    /// broadcast while that text was on its way come after it and still apply; a whole text older than what was applied
    /// meanwhile is ignored.
    /// </summary>
    public void Reset(string text, long version)
    {
        if (version < Version) return;
        Text = text;
        ServerText = text;
        Version = version;
        InFlight = null;
        Buffer = null;
        Diverged = false;
        Drain();
    }

    /// <summary>
    /// Takes the server's whole text (after a divergence, or a catch-up too far behind) keeping local edits: what
    /// differs from the server text held is one remote operation, and pending edits are transformed over it. A text older
    /// than the version held is ignored. Answers true when an operation is in flight: the text may already hold it, so it
    /// must be resent; a duplicate answered at or below our version then goes to <see cref="SettleCommittedInFlight"/>.
    /// </summary>
    public bool Rebase(string text, long version)
    {
        if (version < Version) return false;
        if (IsSynchronized)
        {
            Reset(text, version);
            return false;
        }
        var remote = TextOperation.FromDiff(ServerText, text);
        ServerText = text;
        Diverged = false;
        ApplyRemote(remote, version);
        Drain();
        return InFlight is not null;
    }

    /// <summary>
    /// The server answered that the operation in flight was committed at or below our version: the whole text taken by
    /// <see cref="Rebase"/> holds it already, so our copy comes out again and later edits are sent next.
    /// </summary>
    public void SettleCommittedInFlight(string clientOperationId)
    {
        if (InFlight?.ClientOperationId != clientOperationId) return;
        var undo = TextOperation.Invert(InFlight.Operation, ServerText);
        TextOperation? buffer = null;
        if (Buffer is not null)
        {
            buffer = TextOperation.Transform(Buffer, undo, TieBreak.OtherFirst);
            undo = TextOperation.Transform(undo, Buffer, TieBreak.ThisFirst);
        }
        Text = TextOperation.Apply(Text, undo);
        InFlight = null;
        Buffer = null;
        RemoteApplied?.Invoke(undo);
        if (buffer is { IsNoop: false }) Send(buffer);
    }

    /// <summary>
    /// The server refused the operation in flight (the paragraph was agreed, put under silence, the member lost the right
    /// to edit...): local edits are dropped and the text returns to the server's.
    /// </summary>
    public void Reject(string clientOperationId)
    {
        if (InFlight?.ClientOperationId != clientOperationId) return;
        Text = ServerText;
        InFlight = null;
        Buffer = null;
    }

    /// <summary>After a reconnect and catch-up: the operation in flight again, if it was not committed (same client id, applied once).</summary>
    public PendingOperationState? Resend()
    {
        if (InFlight is null) return null;
        InFlight = InFlight with { BaseVersion = Version };
        return InFlight;
    }

    private void Apply(CommittedOperation c)
    {
        if (InFlight is not null && c.ClientOperationId == InFlight.ClientOperationId && c.AuthorSub == AuthorSub)
        {
            // The server applied our operation as we transformed it, so its text follows the same way.
            ServerText = TextOperation.Apply(ServerText, InFlight.Operation);
            Version = c.Version;
            InFlight = null;
            if (Buffer is not null)
            {
                var buffered = Buffer;
                Buffer = null;
                Send(buffered);
            }
            return;
        }

        ServerText = TextOperation.Apply(ServerText, c.Operation);
        ApplyRemote(c.Operation, c.Version);
    }

    private void ApplyRemote(TextOperation remote, long version)
    {
        if (InFlight is not null)
        {
            var inFlight = TextOperation.Transform(InFlight.Operation, remote, TieBreak.OtherFirst);
            remote = TextOperation.Transform(remote, InFlight.Operation, TieBreak.ThisFirst);
            InFlight = InFlight with { Operation = inFlight };
        }
        if (Buffer is not null)
        {
            var buffer = TextOperation.Transform(Buffer, remote, TieBreak.OtherFirst);
            remote = TextOperation.Transform(remote, Buffer, TieBreak.ThisFirst);
            Buffer = buffer;
        }
        Text = TextOperation.Apply(Text, remote);
        Version = version;
        InFlight = InFlight is null ? null : InFlight with { BaseVersion = Version };
        RemoteApplied?.Invoke(remote);
    }

    /// <summary>
    /// Inserted code points per message: 2,000 stays under the hub's 32 KB limit even when every character is escaped
    /// as a surrogate pair in JSON. A larger composed operation is sent in parts.
    /// </summary>
    public const int MaxInsertedPerMessage = 2000;

    private void Send(TextOperation operation)
    {
        var (first, rest) = TextOperation.Split(operation, MaxInsertedPerMessage);
        operation = first;
        if (rest is not null) Buffer = Buffer is null ? rest : TextOperation.Compose(rest, Buffer);
        InFlight = new PendingOperationState($"{AuthorSub}:{ParagraphId:N}:{Interlocked.Increment(ref _nextId)}:{Guid.NewGuid():N}", Version, operation);
        ReadyToSend?.Invoke(InFlight);
    }
}

/// <summary>An operation sent to the server: its client id, the version it was made on and the operation.</summary>
public sealed record PendingOperationState(string ClientOperationId, long BaseVersion, TextOperation Operation);
