using GgeWorkspace.Text;
using GgeWorkspace.Api.Presence;
using GgeWorkspace.Client.Live;
using Microsoft.AspNetCore.Authorization;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>
/// The real-time endpoint of a drafting room. Every method checks the caller's membership and role in the group it
/// touches, on every invocation (not only on connect), through the same <see cref="GroupAccess"/> as the REST API.
/// </summary>
[Authorize]
public sealed class DraftingHub(
    IMediator mediator, CallerAccessor callers, GroupAccess access, LiveConnections connections, ParagraphSequencers sequencers,
    PresenceTracker presence, IQuerySession session, LiveDivergences divergences) : Hub
{
    public const string Path = DraftingHubProtocol.Path;

    public static string GroupChannel(Guid groupId) => $"group:{groupId:N}";

    /// <summary>The group's Chairs (their connections that joined the group): DashboardChanged, from whichever instance sends it.</summary>
    public static string ChairsChannel(Guid groupId) => $"chairs:{groupId:N}";

    /// <summary>Presence and the operations of every paragraph of a draft.</summary>
    public static string DraftChannel(Guid draftId) => $"draft:{draftId:N}";

    /// <summary>Presence only; operations come per followed paragraph.</summary>
    public static string DraftPresenceChannel(Guid draftId) => $"draft-presence:{draftId:N}";

    /// <summary>The operations of one paragraph, for clients that follow paragraphs one by one.</summary>
    public static string ParagraphChannel(Guid paragraphId) => $"paragraph:{paragraphId:N}";

    private async Task<Membership> Require(Guid groupId, IReadOnlyCollection<MemberRole> roles)
    {
        callers.Use(Context.User!);
        return await access.RequireAsync(groupId, roles, Context.ConnectionAborted);
    }

    /// <summary>
    /// Enters channels of a group after the (cached) membership check. Recorded first, so a withdrawal that runs from
    /// now on finds the connection; then membership is read again from the database, so one committed before that read
    /// (its notification lost, the cache not yet refreshed) is refused here and the channels are left.
    /// </summary>
    private async Task EnterAsync(Guid groupId, string sub, params string[] channels)
    {
        foreach (var channel in channels)
        {
            connections.Joined(groupId, sub, Context.ConnectionId, channel);
            await Groups.AddToGroupAsync(Context.ConnectionId, channel, Context.ConnectionAborted);
        }
        var member = (await session.LoadAsync<Group>(groupId, Context.ConnectionAborted))?.MemberFor(sub);
        if (member is null)
        {
            await LeaveAsync(groupId, sub, channels);
            throw new NotFoundException("No such group.");
        }
        if (member.Role != MemberRole.Chair && channels.Contains(ChairsChannel(groupId))) await LeaveAsync(groupId, sub, ChairsChannel(groupId));
    }

    private async Task LeaveAsync(Guid groupId, string sub, params string[] channels)
    {
        foreach (var channel in channels)
        {
            connections.Left(groupId, sub, Context.ConnectionId, channel);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, channel);
        }
    }

    /// <summary>Joins a group's live channel (every committed event of the group); answers with the group as the caller sees it.</summary>
    public async Task<GroupView> JoinGroup(Guid groupId)
    {
        callers.Use(Context.User!);
        var view = await mediator.Send(new GetGroup(groupId), Context.ConnectionAborted);
        if (view.MyRole == MemberRole.Chair) await EnterAsync(groupId, callers.Current.Sub, GroupChannel(groupId), ChairsChannel(groupId));
        else await EnterAsync(groupId, callers.Current.Sub, GroupChannel(groupId));
        return view;
    }

    public async Task LeaveGroup(Guid groupId)
    {
        callers.Use(Context.User!);
        await LeaveAsync(groupId, callers.Current.Sub, GroupChannel(groupId), ChairsChannel(groupId));
    }

    /// <summary>Joins a draft: the committed operations of all its paragraphs and presence. Answers with the draft and who is in it.</summary>
    public Task<JoinedDraft> JoinDraft(Guid groupId, Guid draftId) => Join(groupId, draftId, DraftChannel(draftId));

    /// <summary>
    /// Joins a draft for presence only; the operations of a paragraph then come after <see cref="FollowParagraph"/>.
    /// For clients that show one paragraph at a time, so they are not sent every keystroke of the whole draft.
    /// </summary>
    public Task<JoinedDraft> JoinDraftSelectively(Guid groupId, Guid draftId) => Join(groupId, draftId, DraftPresenceChannel(draftId));

    /// <summary>Receives the committed operations of one paragraph (after <see cref="JoinDraftSelectively"/>).</summary>
    public async Task FollowParagraph(Guid groupId, Guid draftId, Guid paragraphId)
    {
        var membership = await Require(groupId, Roles.Anyone);
        await session.LoadTextInDraftAsync(groupId, draftId, paragraphId, Context.ConnectionAborted);
        await EnterAsync(groupId, membership.Caller.Sub, ParagraphChannel(paragraphId));
    }

    public async Task UnfollowParagraph(Guid groupId, Guid paragraphId)
    {
        callers.Use(Context.User!);
        await LeaveAsync(groupId, callers.Current.Sub, ParagraphChannel(paragraphId));
    }

    private async Task<JoinedDraft> Join(Guid groupId, Guid draftId, string channel)
    {
        // In the channel before reading the draft, so no operation falls between the two (a duplicate is ignored by version).
        var sub = (await Require(groupId, Roles.Anyone)).Caller.Sub;
        var joined = DraftChannel(draftId) + ":joined";
        await EnterAsync(groupId, sub, channel);
        DraftView view;
        try
        {
            view = await mediator.Send(new GetDraft(groupId, draftId, null, false, false), Context.ConnectionAborted);
        }
        catch
        {
            await LeaveAsync(groupId, sub, channel);
            throw;
        }
        var membership = access.Required;
        connections.Joined(groupId, membership.Caller.Sub, Context.ConnectionId, joined);
        var entry = presence.Enter(Context.ConnectionId, groupId, draftId, membership.Caller.Sub, membership.Member.DisplayName ?? membership.Caller.DisplayName);
        await Clients.GroupExcept(DraftChannel(draftId), Context.ConnectionId).SendAsync(DraftingHubProtocol.PresenceChanged, entry);
        await Clients.GroupExcept(DraftPresenceChannel(draftId), Context.ConnectionId).SendAsync(DraftingHubProtocol.PresenceChanged, entry);
        return new JoinedDraft(view, entry.TabId, presence.In(draftId), DraftingHubProtocol.Version);
    }

    public async Task LeaveDraft(Guid groupId, Guid draftId)
    {
        callers.Use(Context.User!);
        await LeaveAsync(groupId, callers.Current.Sub, DraftChannel(draftId), DraftPresenceChannel(draftId), DraftChannel(draftId) + ":joined");
        if (presence.Leave(Context.ConnectionId, draftId) is { } gone)
            await Clients.Groups([DraftChannel(draftId), DraftPresenceChannel(draftId)]).SendAsync(DraftingHubProtocol.PresenceLeft, gone);
    }

    /// <summary>
    /// Submits a text operation; answers once it is durable. Observers never write; the paragraph's status must allow editing.
    /// On a translation (its own text id as the paragraph id) the Secretariat or a Translator into its language types, and a
    /// <see cref="SubmitOperation.SourceTextVersion"/> makes it current as of that working text.
    /// </summary>
    public async Task<OperationAck> SubmitOperation(SubmitOperation submit)
    {
        var membership = await Require(submit.GroupId, Roles.TextWriters);
        if (submit.ProtocolVersion is not >= DraftingHubProtocol.Version)
            throw new ProtocolOutdatedException(submit.ProtocolVersion, DraftingHubProtocol.Version);
        CheckAtTheDoor(submit, sequencers.MaxCodePoints);
        if (!connections.IsIn(Context.ConnectionId, DraftChannel(submit.DraftId) + ":joined"))
            throw new DraftNotJoinedException("Join the draft (JoinDraft or JoinDraftSelectively) before editing it, so you receive the operations of others; then resend.");
        var source = submit.SourceTextVersion is { } sourceVersion ? await WorkingSourceAsync(submit, sourceVersion) : null;
        // The sequencer checks that the paragraph belongs to this draft and group (it holds the paragraph in memory).
        var ack = await sequencers.SubmitAsync(submit, Actor.From(membership.Member), Context.ConnectionAborted, source);
        presence.Typed(Context.ConnectionId, submit.DraftId, submit.ParagraphId);
        return ack;
    }

    /// <summary>The working text a translator was reading (<see cref="SubmitOperation.SourceTextVersion"/>): 400 on anything but a translation, 409 beyond the working text.</summary>
    private async Task<Translations.WorkingSource> WorkingSourceAsync(SubmitOperation submit, long version)
    {
        var translation = await session.LoadTextInDraftAsync(submit.GroupId, submit.DraftId, submit.ParagraphId, Context.ConnectionAborted);
        if (translation.TranslationOf is not { } paragraphId)
            throw new InvalidOperationFormatException("Only an operation on a translation names the working text version it translates.",
                new Dictionary<string, string[]> { ["sourceTextVersion"] = ["A paragraph's own text has no source text version; leave it out."] });
        var working = await session.LoadParagraphInDraftAsync(submit.GroupId, submit.DraftId, paragraphId, Context.ConnectionAborted);
        return await Translations.WorkingTexts.AtAsync(session, working, version, Context.ConnectionAborted);
    }

    /// <summary>
    /// The rules of an incoming operation that need no state: all are answered alone with one 400 invalid-operation problem
    /// listing every field at fault (the structure of the operation itself is checked while binding, by its JSON reader).
    /// Whether its base length matches the text is known only when sequencing: a 409.
    /// </summary>
    internal static void CheckAtTheDoor(SubmitOperation submit, int maxCodePoints)
    {
        var errors = new Dictionary<string, string[]>();
        if (submit.DraftId == Guid.Empty) errors["draftId"] = ["A draft id is required."];
        if (submit.ParagraphId == Guid.Empty) errors["paragraphId"] = ["A paragraph id is required."];
        if (string.IsNullOrEmpty(submit.ClientOperationId) || submit.ClientOperationId.Length > 200)
            errors["clientOperationId"] = ["A client operation id of 1 to 200 characters is required."];
        else if (!TextRules.IsValid(submit.ClientOperationId))
            errors["clientOperationId"] = [TextRules.Message]; // Stored with the event: PostgreSQL jsonb cannot hold NUL.
        if (submit.BaseVersion < 0) errors["baseVersion"] = ["The base version is a text version, zero or more."];
        if (submit.SourceTextVersion < 0) errors["sourceTextVersion"] = ["The source text version is a working text version, zero or more."];
        if (submit.Operation is null) errors["operation"] = ["An operation is required."];
        else if (submit.Operation.BaseLength > maxCodePoints)
            errors["operation"] = [$"The operation applies to {submit.Operation.BaseLength} characters; a paragraph is at most {maxCodePoints}."];
        else if (submit.Operation.InsertedLength > maxCodePoints)
            errors["operation"] = [$"The operation inserts {submit.Operation.InsertedLength} characters; a paragraph is at most {maxCodePoints}."];
        else if (!submit.Operation.Components.All(c => c is not TextComponent.Insert insert || TextRules.IsValid(insert.Text)))
            errors["operation"] = [TextRules.Message];
        if (errors.Count > 0)
            throw new InvalidOperationFormatException("The operation is malformed; do not retry it unchanged.", errors);
    }

    /// <summary>The operations committed on a paragraph after <paramref name="fromVersion"/> (after a reconnect), or its whole text when too far behind.</summary>
    public async Task<CatchUpResult> CatchUp(Guid groupId, Guid draftId, Guid paragraphId, long fromVersion)
    {
        await Require(groupId, Roles.Anyone);
        if (fromVersion < 0) throw Invalid("fromVersion", "A text version is zero or more.");
        var paragraph = await session.LoadTextInDraftAsync(groupId, draftId, paragraphId, Context.ConnectionAborted);
        return await sequencers.CatchUpAsync(paragraph, fromVersion, Context.ConnectionAborted);
    }

    /// <summary>
    /// The whole current text of a paragraph with its version and hash, for a client whose text no longer matches the
    /// hash the server sent: it starts again from this text (keeping its pending edits). Each call counts as a divergence.
    /// </summary>
    public async Task<CatchUpResult> Resync(Guid groupId, Guid draftId, Guid paragraphId)
    {
        var membership = await Require(groupId, Roles.Anyone);
        var paragraph = await session.LoadTextInDraftAsync(groupId, draftId, paragraphId, Context.ConnectionAborted);
        divergences.Reported(paragraphId, membership.Caller.Sub);
        return new CatchUpResult(paragraph.Id, paragraph.TextVersion, [], paragraph.Text, TextHash.Of(paragraph.Text));
    }

    /// <summary>Where the caller is: paragraph in focus, caret or selection in code points, typing or not.</summary>
    public async Task UpdatePresence(PresenceUpdate update)
    {
        var membership = await Require(update.GroupId, Roles.Anyone);
        if (update.DraftId == Guid.Empty) throw Invalid("draftId", "A draft id is required.");
        if (update.Language is not null && !OfficialLanguages.IsOfficial(update.Language)) throw Invalid("language", OfficialLanguages.Message);
        if (update.Caret is < 0 || update.Caret > sequencers.MaxCodePoints) throw Invalid("caret", "A caret is a code point position in the paragraph.");
        if (update.SelectionEnd is < 0 || update.SelectionEnd > sequencers.MaxCodePoints)
            throw Invalid("selectionEnd", "A selection ends at a code point position in the paragraph.");
        if (presence.Update(Context.ConnectionId, update, membership.Caller.Sub) is { } entry)
        {
            await Clients.GroupExcept(DraftChannel(update.DraftId), Context.ConnectionId).SendAsync(DraftingHubProtocol.PresenceChanged, entry);
            await Clients.GroupExcept(DraftPresenceChannel(update.DraftId), Context.ConnectionId).SendAsync(DraftingHubProtocol.PresenceChanged, entry);
        }
    }

    private static FluentValidation.ValidationException Invalid(string field, string message) =>
        new(message, [new FluentValidation.Results.ValidationFailure(field, message)]);

    /// <summary>
    /// Keeps the caller's presence alive; without it, presence disappears within seconds. Rate-limited like every call
    /// (see <see cref="LiveRateLimits"/>): one every few seconds never meets the limit, and a flood of them still costs a dispatch.
    /// </summary>
    public void Heartbeat() => presence.Seen(Context.ConnectionId);

    /// <summary>
    /// Who the server believes the caller is; lets clients check their token round-trips. Invocations of methods the hub does
    /// not have are handed here and refused by the filter (<see cref="UnknownHubMethod"/>), so they are counted and logged.
    /// </summary>
    public string WhoAmI()
    {
        callers.Use(Context.User!);
        return callers.Current.Sub;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Disconnected(Context.ConnectionId);
        foreach (var gone in presence.Disconnected(Context.ConnectionId))
            await Clients.Groups([DraftChannel(gone.DraftId), DraftPresenceChannel(gone.DraftId)]).SendAsync(DraftingHubProtocol.PresenceLeft, gone);
        await base.OnDisconnectedAsync(exception);
    }
}

/// <summary>A joined draft, and the live-editing protocol version the server speaks (a client speaking another should reload).</summary>
public sealed record JoinedDraft(DraftView Draft, string TabId, IReadOnlyList<PresenceEntry> Presence, int ProtocolVersion);
