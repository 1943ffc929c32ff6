using System.Text.Json.Serialization;
using GgeWorkspace.Text;

namespace GgeWorkspace.Client.Live;

/// <summary>The drafting hub's path and method names (see docs/live-editing.md).</summary>
public static class DraftingHubProtocol
{
    public const string Path = "/hubs/drafting";

    /// <summary>
    /// The version of the live-editing protocol this build speaks (docs/live-editing.md). Version 2: operations keep their
    /// component order and ties resolve as in ot-text-unicode; acknowledgements, broadcasts and catch-ups carry a text hash.
    /// A submit from an older client (or one that names no version) is refused with 426 <c>protocol-outdated</c>.
    /// </summary>
    public const int Version = 2;

    // Client -> server
    public const string JoinGroup = "JoinGroup";
    public const string JoinDraft = "JoinDraft";
    public const string JoinDraftSelectively = "JoinDraftSelectively";
    public const string FollowParagraph = "FollowParagraph";
    public const string UnfollowParagraph = "UnfollowParagraph";
    public const string LeaveDraft = "LeaveDraft";
    public const string Submit = "SubmitOperation";
    public const string CatchUp = "CatchUp";
    public const string Resync = "Resync";
    public const string UpdatePresence = "UpdatePresence";
    public const string Heartbeat = "Heartbeat";

    // Server -> client
    public const string GroupEvent = "GroupEvent";
    public const string OperationsCommitted = "OperationsCommitted";
    public const string PresenceChanged = "PresenceChanged";
    public const string PresenceLeft = "PresenceLeft";
    public const string RemovedFromGroup = "RemovedFromGroup";
    public const string DashboardChanged = "DashboardChanged";

    /// <summary>The problem type of an operation sent before the draft was joined (again): join, then resend it.</summary>
    public const string DraftNotJoined = "tag:gge-workspace,2026:problem:draft-not-joined";

    /// <summary>The problem type (503) of a paragraph whose stored events cannot be read: final until an operator repairs it.</summary>
    public const string ParagraphDamaged = "tag:gge-workspace,2026:problem:paragraph-damaged";
}

/// <summary>
/// A text operation made on text version <see cref="BaseVersion"/> of a paragraph; positions in Unicode code points.
/// <see cref="ClientOperationId"/> is unique per client, so a resent operation is applied once.
/// </summary>
public sealed record SubmitOperation(Guid GroupId, Guid DraftId, Guid ParagraphId, long BaseVersion, string ClientOperationId, TextOperation Operation)
{
    /// <summary>As read from a message: a client that names no protocol version speaks an outdated one.</summary>
    [JsonConstructor]
    public SubmitOperation(
        Guid groupId, Guid draftId, Guid paragraphId, long baseVersion, string clientOperationId, TextOperation operation, int? protocolVersion)
        : this(groupId, draftId, paragraphId, baseVersion, clientOperationId, operation) => ProtocolVersion = protocolVersion;

    /// <summary>The protocol version the client speaks; an operation made by this library speaks <see cref="DraftingHubProtocol.Version"/>.</summary>
    public int? ProtocolVersion { get; init; } = DraftingHubProtocol.Version;

    /// <summary>
    /// On a translation (<see cref="ParagraphId"/> names the translation's own text): the working text version its translator
    /// was reading, so the translation is current as of that text once the operation commits. Optional; null elsewhere.
    /// </summary>
    public long? SourceTextVersion { get; init; }
}

/// <summary>
/// The server committed the operation durably as text version <see cref="Version"/>; <see cref="TextHash"/> is the
/// <see cref="Text.TextHash"/> of the text at that version (null only for a duplicate whose text the server no longer holds).
/// </summary>
public sealed record OperationAck(Guid ParagraphId, string ClientOperationId, long Version, bool Duplicate, string? TextHash = null);

/// <summary>
/// An operation as committed: applying it to text version <see cref="Version"/> - 1 gives version <see cref="Version"/>,
/// whose <see cref="Text.TextHash"/> is <see cref="TextHash"/> (null where the server does not have that text at hand:
/// then the next hash given tells).
/// </summary>
public sealed record CommittedOperation(long Version, string? ClientOperationId, string AuthorSub, TextOperation Operation, string? TextHash = null);

/// <summary>Operations committed together, in version order, broadcast to everyone in the draft.</summary>
public sealed record OperationsCommitted(Guid DraftId, Guid ParagraphId, IReadOnlyList<CommittedOperation> Operations);

/// <summary>
/// What a client missed since a version: the operations, or, when it is too far behind, the whole current text
/// (<see cref="Text"/> not null) to start again from. <see cref="TextHash"/> is the hash of the text at <see cref="Version"/>.
/// Also the answer of Resync, which always holds the whole text.
/// </summary>
public sealed record CatchUpResult(Guid ParagraphId, long Version, IReadOnlyList<CommittedOperation> Operations, string? Text, string? TextHash = null);

[JsonConverter(typeof(JsonStringEnumConverter<PresenceState>))]
public enum PresenceState
{
    Viewing,
    Typing,
    Idle,
}

/// <summary>Where a member is in a draft: the paragraph in focus, the caret or selection (code points) and what they are doing.</summary>
public sealed record PresenceUpdate(Guid GroupId, Guid DraftId, Guid? ParagraphId, int? Caret, int? SelectionEnd, bool Typing)
{
    /// <summary>The language being edited or read when it is a translation (ISO 639-1); null for the working text.</summary>
    public string? Language { get; init; }
}

/// <summary>
/// One tab of one person in a draft. Several tabs of one person appear as several entries with the same
/// <see cref="Sub"/> and different <see cref="TabId"/>s; clients may group them.
/// </summary>
public sealed record PresenceEntry(
    string TabId, string Sub, string DisplayName, Guid DraftId, Guid? ParagraphId, int? Caret, int? SelectionEnd, PresenceState State, DateTimeOffset LastActive)
{
    /// <summary>The language of the translation in focus; null for the working text.</summary>
    public string? Language { get; init; }
}

/// <summary>A tab left the draft (closed, aborted, or silent for too long).</summary>
public sealed record PresenceGone(Guid DraftId, string TabId, string Sub);
