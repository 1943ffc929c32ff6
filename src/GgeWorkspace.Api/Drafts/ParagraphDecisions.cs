namespace GgeWorkspace.Api.Drafts;

/// <summary>
/// The status machine of a paragraph: exactly these transitions, each open to these roles. Status is the Chair's to decide;
/// the Secretariat's part is technical: it opens proposed text for negotiation and deletes a proposed paragraph (one added
/// by mistake, or a duplicate) before anyone negotiates on it. Text under negotiation, parked or agreed is the delegations'
/// work, and only the Chair deletes it; deleting agreed or ad ref text, like reopening it, also needs a reason.
/// </summary>
public static class ParagraphStatusRules
{
    /// <summary>Every allowed (from, to) transition and the roles that may make it (restoring a deleted paragraph is <see cref="ParagraphDecisions.Restore"/>).</summary>
    public static IReadOnlyDictionary<(ParagraphStatus From, ParagraphStatus To), IReadOnlyList<MemberRole>> Transitions { get; } =
        new Dictionary<(ParagraphStatus, ParagraphStatus), IReadOnlyList<MemberRole>>
        {
            [(ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation)] = Roles.ChairOrSecretariat,
            [(ParagraphStatus.UnderNegotiation, ParagraphStatus.AgreedAdReferendum)] = Roles.Chair,
            [(ParagraphStatus.UnderNegotiation, ParagraphStatus.Agreed)] = Roles.Chair,
            [(ParagraphStatus.AgreedAdReferendum, ParagraphStatus.Agreed)] = Roles.Chair,
            [(ParagraphStatus.Proposed, ParagraphStatus.Parked)] = Roles.Chair,
            [(ParagraphStatus.UnderNegotiation, ParagraphStatus.Parked)] = Roles.Chair,
            [(ParagraphStatus.Parked, ParagraphStatus.UnderNegotiation)] = Roles.Chair,
            [(ParagraphStatus.AgreedAdReferendum, ParagraphStatus.UnderNegotiation)] = Roles.Chair,
            [(ParagraphStatus.Agreed, ParagraphStatus.UnderNegotiation)] = Roles.Chair,
            [(ParagraphStatus.Proposed, ParagraphStatus.Deleted)] = Roles.ChairOrSecretariat,
            [(ParagraphStatus.UnderNegotiation, ParagraphStatus.Deleted)] = Roles.Chair,
            [(ParagraphStatus.AgreedAdReferendum, ParagraphStatus.Deleted)] = Roles.Chair,
            [(ParagraphStatus.Agreed, ParagraphStatus.Deleted)] = Roles.Chair,
            [(ParagraphStatus.Parked, ParagraphStatus.Deleted)] = Roles.Chair,
        };

    /// <summary>Agreed or ad ref text: leaving it (reopening or deleting) is the Chair's deliberate act, with a reason.</summary>
    public static bool IsAgreedText(ParagraphStatus status) => status is ParagraphStatus.Agreed or ParagraphStatus.AgreedAdReferendum;

    /// <summary>Throws 409 (naming the current status) if the transition does not exist, 403 if the role may not make it.</summary>
    public static void Require(ParagraphStatus from, ParagraphStatus to, MemberRole role)
    {
        if (!Transitions.TryGetValue((from, to), out var roles))
            throw ParagraphDecisions.StatusConflict(from, $"A paragraph that is {Describe(from)} cannot become {Describe(to)}.");
        if (!roles.Contains(role))
            throw new ForbiddenException(
                $"Only {string.Join(" or ", roles.Select(r => $"the {r}"))} can make a paragraph that is {Describe(from)} {Describe(to)}.");
    }

    /// <summary>The status in the domain's words ("agreed ad referendum").</summary>
    public static string Describe(ParagraphStatus status) => status switch
    {
        ParagraphStatus.UnderNegotiation => "under negotiation",
        ParagraphStatus.AgreedAdReferendum => "agreed ad referendum",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>Pure rules of a paragraph: given the state, the actor and the time, the events to append, or a domain error.</summary>
public static class ParagraphDecisions
{
    /// <summary>
    /// Dispatches any paragraph command. <paramref name="state"/> is null when the stream does not exist yet;
    /// <paramref name="delegations"/> are the delegations present in the group (who may hold a new bracket).
    /// </summary>
    public static object[] Decide(IParagraphCommand command, Paragraph? state, Actor actor, DateTimeOffset now, IReadOnlyList<Delegation>? delegations = null) => command switch
    {
        ProposeParagraph c => Propose(c, state, actor, now),
        AddParagraph c => Add(c, state, actor, now),
        ReplaceParagraphText c => ReplaceText(c, Existing(state), actor, now),
        ChangeParagraphText c => ChangeText(c, Existing(state), actor, now),
        PutParagraphUnderNegotiation c => PutUnderNegotiation(c, NotAPoint(Existing(state)), actor),
        AgreeParagraphAdReferendum c => AgreeAdReferendum(c, NotAPoint(Existing(state)), actor),
        AgreeParagraph c => Agree(c, NotAPoint(Existing(state)), actor),
        ParkParagraph c => Park(c, NotAPoint(Existing(state)), actor),
        DeleteParagraph c => Delete(c, Existing(state), actor),
        RestoreParagraph c => Restore(c, Existing(state), actor),
        AddBracket c => AddBracket(c, Existing(state), actor, delegations ?? []),
        RemoveBracket c => RemoveBracket(c, Existing(state), actor),
        WithdrawFromBracket c => WithdrawFromBracket(c, Existing(state), actor),
        AddParagraphOption c => AddOption(c, Existing(state), actor, now),
        RemoveParagraphOption c => RemoveOption(c, Existing(state), actor),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a paragraph command."),
    };

    public static object[] Propose(ProposeParagraph command, Paragraph? state, Actor actor, DateTimeOffset now)
    {
        RequireNew(state);
        RequireRole(actor, [MemberRole.Expert], "propose a paragraph (the Chair and Secretariat add them)");
        return [new ParagraphProposed(command.GroupId, command.DraftId, command.ParagraphId, command.Text, actor.Sub, actor.AttributedState, now, command.ParentParagraphId)];
    }

    public static object[] Add(AddParagraph command, Paragraph? state, Actor actor, DateTimeOffset now)
    {
        RequireNew(state);
        RequireRole(actor, Roles.ChairOrSecretariat, "add a paragraph");
        if (command.Authorship is { Count: > 0 } runs && !AuthorshipRuns.Covers(AuthorshipRuns.Normalize(runs), CodePoints.Length(command.Text)))
            throw new ConflictException("The authorship given with the paragraph does not cover its text exactly.");
        return
        [
            new ParagraphAdded(command.GroupId, command.DraftId, command.ParagraphId, command.Text, actor.Sub, actor.AttributedState, now,
                command.SourceDraftId, command.SourceParagraphId, command.Authorship is { Count: > 0 } ? AuthorshipRuns.Normalize(command.Authorship) : null,
                command.ParentParagraphId),
        ];
    }

    public static object[] ReplaceText(ReplaceParagraphText command, Paragraph state, Actor actor, DateTimeOffset now)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "replace the text of a paragraph");
        RequireEditable(state);
        if (command.BaseTextVersion != state.TextVersion)
            throw new PreconditionFailedException(state.TextVersion,
                $"The text changed since version {command.BaseTextVersion}; the current text version is {state.TextVersion}.");
        return Sequence(state, TextOperation.FromDiff(state.Text, command.NewText), TextChangeKind.Replaced, actor.Sub, actor.AttributedState, now);
    }

    public static object[] ChangeText(ChangeParagraphText command, Paragraph state, Actor actor, DateTimeOffset now)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "change the text of a paragraph");
        RequireEditable(state);
        var operation = command.Operation;
        foreach (var committed in SinceVersion(state, command.BaseTextVersion))
            operation = TextOperation.Transform(operation, committed, TieBreak.OtherFirst);
        return Sequence(state, operation, command.Kind, actor.Sub, actor.AttributedState, now);
    }

    /// <summary>
    /// A live co-editing operation made on text version <paramref name="baseTextVersion"/>: any delegation, the Chair or the
    /// Secretariat may type while the text may change; on a translation, the Secretariat or a Translator into its language. It is transformed over the operations committed since (they win
    /// ties), checked against the length limit, and sequenced; the result carries the client's operation id.
    /// </summary>
    public static (object[] Events, TextOperation Applied) LiveEdit(
        Paragraph state, TextOperation operation, long baseTextVersion, Actor actor, string clientOperationId, DateTimeOffset now, int maxCodePoints)
    {
        if (state.IsTranslation) Translations.TranslationDecisions.RequireMayTranslate(actor, state.Language!);
        else RequireRole(actor, Roles.Drafters, "edit text");
        RequireEditable(state);
        foreach (var committed in SinceVersion(state, baseTextVersion))
            operation = TextOperation.Transform(operation, committed, TieBreak.OtherFirst);
        if (operation.TargetLength > maxCodePoints)
            throw new ConflictException($"A paragraph is at most {maxCodePoints} characters.", Extensions(state, ("maxCodePoints", maxCodePoints)));
        // Every live operation takes a version, even one that transformed into nothing (its text was deleted
        // meanwhile): its author recognises it in the broadcast as the acknowledgement, in version order.
        var edited = new ParagraphTextEdited(state.GroupId, state.DraftId, state.Id, operation, state.TextVersion, actor.Sub, actor.AttributedState, now, clientOperationId);
        var events = Sequence(state, edited);
        if (events.Length == 0)
        {
            operation.EnsureStorable(CodePoints.Length(state.Text));
            events = [edited];
        }
        return (events, operation);
    }

    /// <summary>
    /// The sequencer step: one text operation against the current text becomes the text-change event, followed by a
    /// <see cref="BracketCollapsed"/> for every bracket whose text it deletes entirely. A no-op yields no events.
    /// </summary>
    public static object[] Sequence(Paragraph state, TextOperation operation, TextChangeKind kind, string authorSub, string? authorState, DateTimeOffset at) =>
        Sequence(state, new ParagraphTextChanged(state.GroupId, state.DraftId, state.Id, operation, state.TextVersion, kind, authorSub, authorState, at));

    private static object[] Sequence(Paragraph state, IParagraphTextChange change)
    {
        var operation = change.Operation;
        if (operation.IsNoop && operation.BaseLength == CodePoints.Length(state.Text)) return [];
        operation.EnsureStorable(CodePoints.Length(state.Text));
        var after = state.ApplyStrictly(change);
        var collapsed = after.Brackets
            .Where(b => b.Length == 0 && state.BracketFor(b.Id) is { Length: > 0 })
            .Select(b => (object)new BracketCollapsed(state.GroupId, state.DraftId, state.Id, b.Id));
        return [change, .. collapsed];
    }

    public static object[] PutUnderNegotiation(PutParagraphUnderNegotiation command, Paragraph state, Actor actor)
    {
        ParagraphStatusRules.Require(state.Status, ParagraphStatus.UnderNegotiation, actor.Role);
        return state.Status switch
        {
            ParagraphStatus.Proposed => [new ParagraphPutUnderNegotiation(state.GroupId, state.DraftId, state.Id)],
            ParagraphStatus.Parked => [new ParagraphResumed(state.GroupId, state.DraftId, state.Id)],
            _ when string.IsNullOrWhiteSpace(command.Reason) =>
                throw new UnprocessableException("Reopening agreed text needs a reason."),
            _ => [new ParagraphReopened(state.GroupId, state.DraftId, state.Id, command.Reason.Trim())],
        };
    }

    public static object[] AgreeAdReferendum(AgreeParagraphAdReferendum command, Paragraph state, Actor actor)
    {
        ParagraphStatusRules.Require(state.Status, ParagraphStatus.AgreedAdReferendum, actor.Role);
        return [new ParagraphAgreedAdReferendum(state.GroupId, state.DraftId, state.Id)];
    }

    public static object[] Agree(AgreeParagraph command, Paragraph state, Actor actor)
    {
        ParagraphStatusRules.Require(state.Status, ParagraphStatus.Agreed, actor.Role);
        if (state.Brackets.Count > 0)
            throw new ConflictException(
                $"The paragraph still has {state.Brackets.Count} bracket(s): clean them before it can be agreed.",
                Extensions(state, ("bracketCount", state.Brackets.Count)));

        var agreed = new ParagraphAgreed(state.GroupId, state.DraftId, state.Id, command.ChosenOptionId, command.Procedure);
        if (state.Options.Count == 0)
        {
            if (command.ChosenOptionId is not null)
                throw new ConflictException("The paragraph has no options to choose from.", Extensions(state, ("optionCount", 0)));
            return [agreed];
        }
        if (command.ChosenOptionId is not { } chosenId)
            throw new ConflictException(
                $"The paragraph has {state.Options.Count} option(s): choose exactly one to agree on.",
                Extensions(state, ("optionCount", state.Options.Count)));
        var chosen = state.OptionFor(chosenId) ?? throw new NotFoundException("There is no such option on this paragraph.");

        // The chosen option's text becomes the text, attributed to whoever wrote the option, when they wrote it.
        var textChange = Sequence(state, TextOperation.FromDiff(state.Text, chosen.Text), TextChangeKind.OptionChosen,
            chosen.AuthorSub, chosen.AuthorState, chosen.AddedAt);
        return [.. textChange, agreed];
    }

    public static object[] Park(ParkParagraph command, Paragraph state, Actor actor)
    {
        ParagraphStatusRules.Require(state.Status, ParagraphStatus.Parked, actor.Role);
        return [new ParagraphParked(state.GroupId, state.DraftId, state.Id)];
    }

    /// <summary>Deletes the paragraph (it stays in history and can be restored); deleting agreed or ad ref text needs a reason.</summary>
    public static object[] Delete(DeleteParagraph command, Paragraph state, Actor actor)
    {
        ParagraphStatusRules.Require(state.Status, ParagraphStatus.Deleted, actor.Role);
        if (ParagraphStatusRules.IsAgreedText(state.Status) && string.IsNullOrWhiteSpace(command.Reason))
            throw new UnprocessableException($"Deleting {ParagraphStatusRules.Describe(state.Status)} text needs a reason.");
        return [new ParagraphDeleted(state.GroupId, state.DraftId, state.Id, string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim())];
    }

    /// <summary>
    /// The Chair brings a deleted paragraph back, with a reason, to the status it had when it was deleted (agreed text comes
    /// back agreed: deleting it did not reopen it). Anyone else is refused (403); a paragraph that is not deleted is a 409.
    /// </summary>
    public static object[] Restore(RestoreParagraph command, Paragraph state, Actor actor)
    {
        if (actor.Role != MemberRole.Chair) throw new ForbiddenException("Only the Chair can restore a deleted paragraph.");
        if (!state.IsDeleted)
            throw StatusConflict(state.Status, $"Only a deleted paragraph can be restored; this one is {ParagraphStatusRules.Describe(state.Status)}.");
        if (string.IsNullOrWhiteSpace(command.Reason)) throw new UnprocessableException("Restoring a deleted paragraph needs a reason.");
        return [new ParagraphRestored(state.GroupId, state.DraftId, state.Id, state.StatusBeforeDeletion ?? ParagraphStatus.UnderNegotiation, command.Reason.Trim())];
    }

    /// <summary>
    /// Brackets text. The span is given against a text version and brought forward over the operations since; it must be
    /// non-empty and inside the text. Its ends are then widened to whole grapheme clusters of the current text, and it may
    /// nest in or around other brackets but not cross one (409). Its holders follow <see cref="BracketRules.HoldersOf"/>.
    /// Bracketing a proposed paragraph puts it under negotiation first.
    /// </summary>
    public static object[] AddBracket(AddBracket command, Paragraph state, Actor actor, IReadOnlyList<Delegation> delegations)
    {
        RequireRole(actor, Roles.Drafters, "bracket text");
        RequireStatus(state, "Bracketing text", ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation);
        RequirePointNegotiable(state);
        if (state.BracketFor(command.BracketId) is not null) throw new ConflictException("This bracket already exists.");
        var holders = BracketRules.HoldersOf(command, actor, delegations);

        var since = SinceVersion(state, command.TextVersion);
        var lengthThen = since.Count > 0 ? since[0].BaseLength : CodePoints.Length(state.Text);
        if (command.Start < 0 || command.End <= command.Start || command.End > lengthThen)
            throw new ConflictException(
                $"A bracket must cover at least one character inside the text ({lengthThen} characters at version {command.TextVersion}).",
                Extensions(state, ("textLength", lengthThen)));

        int start = command.Start, end = command.End;
        foreach (var operation in since)
        {
            start = TextOperation.TransformPosition(start, operation, stickToRight: true);
            end = Math.Max(start, TextOperation.TransformPosition(end, operation, stickToRight: false));
        }
        if (start == end) throw new ConflictException("The text to bracket has been deleted since.", Extensions(state));
        (start, end) = GraphemeClusters.Widen(state.Text, start, end);
        BracketRules.RequireNoCrossing(state.Brackets, start, end);

        var reason = actor.Role == MemberRole.Expert || string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        var bracket = new BracketAdded(state.GroupId, state.DraftId, state.Id, command.BracketId, start, end, state.TextVersion,
            command.Kind, holders, actor.Sub, reason);
        return state.Status == ParagraphStatus.Proposed
            ? [new ParagraphPutUnderNegotiation(state.GroupId, state.DraftId, state.Id), bracket]
            : [bracket];
    }

    /// <summary>A holder withdraws from a bracket (<see cref="BracketRules.WithdrawingHolder"/>); the last one's withdrawal lifts it.</summary>
    public static object[] WithdrawFromBracket(WithdrawFromBracket command, Paragraph state, Actor actor)
    {
        RequireRole(actor, Roles.Drafters, "withdraw from a bracket");
        RequireStatus(state, "Withdrawing from a bracket", ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation, ParagraphStatus.Parked);
        var bracket = state.BracketFor(command.BracketId) ?? throw new NotFoundException("There is no such bracket on this paragraph.");
        var holder = BracketRules.WithdrawingHolder(command, bracket, actor);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        var withdrawn = new BracketHolderWithdrawn(state.GroupId, state.DraftId, state.Id, bracket.Id, holder, actor.Sub, reason);
        return bracket.Holders.Count == 1
            ? [withdrawn, new BracketLifted(state.GroupId, state.DraftId, state.Id, bracket.Id)]
            : [withdrawn];
    }

    public static object[] RemoveBracket(RemoveBracket command, Paragraph state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "clean brackets");
        RequireStatus(state, "Cleaning brackets", ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation, ParagraphStatus.Parked);
        if (state.BracketFor(command.BracketId) is null) throw new NotFoundException("There is no such bracket on this paragraph.");
        return [new BracketRemoved(state.GroupId, state.DraftId, state.Id, command.BracketId)];
    }

    /// <summary>Adds Option n. Like a bracket, an option on a proposed paragraph puts it under negotiation first.</summary>
    public static object[] AddOption(AddParagraphOption command, Paragraph state, Actor actor, DateTimeOffset now)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "add options");
        RequireStatus(state, "Adding options", ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation);
        RequirePointNegotiable(state);
        if (state.OptionFor(command.OptionId) is not null) throw new ConflictException("This option already exists.");
        var added = new ParagraphOptionAdded(state.GroupId, state.DraftId, state.Id, command.OptionId, command.Text, actor.Sub, actor.AttributedState, now);
        return state.Status == ParagraphStatus.Proposed
            ? [new ParagraphPutUnderNegotiation(state.GroupId, state.DraftId, state.Id), added]
            : [added];
    }

    public static object[] RemoveOption(RemoveParagraphOption command, Paragraph state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "remove options");
        RequireStatus(state, "Removing options", ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation, ParagraphStatus.Parked);
        if (state.OptionFor(command.OptionId) is null) throw new NotFoundException("There is no such option on this paragraph.");
        return [new ParagraphOptionRemoved(state.GroupId, state.DraftId, state.Id, command.OptionId)];
    }

    /// <summary>The operations committed after <paramref name="textVersion"/>, oldest first; 409 if that version is no longer kept or does not exist.</summary>
    public static IReadOnlyList<TextOperation> SinceVersion(Paragraph state, long textVersion)
    {
        if (textVersion > state.TextVersion || textVersion < state.OldestTransformableTextVersion)
            throw new ConflictException(
                textVersion > state.TextVersion
                    ? $"Text version {textVersion} does not exist; the current text version is {state.TextVersion}."
                    : $"Text version {textVersion} is too old to bring forward; reload the paragraph (current text version {state.TextVersion}).",
                Extensions(state, ("oldestTextVersion", state.OldestTransformableTextVersion)));
        return [.. state.RecentOperations.Where(o => o.TextVersion > textVersion).Select(o => o.Operation)];
    }

    internal static ConflictException StatusConflict(ParagraphStatus current, string message) =>
        new(message, new Dictionary<string, object?> { ["currentStatus"] = current });

    private static Dictionary<string, object?> Extensions(Paragraph state, params (string Key, object? Value)[] more)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["currentStatus"] = state.Status,
            ["textVersion"] = state.TextVersion,
            ["negotiationVersion"] = state.NegotiationVersion,
        };
        foreach (var (key, value) in more) extensions[key] = value;
        return extensions;
    }

    private static Paragraph Existing(Paragraph? state) =>
        state ?? throw new NotFoundException("There is no such paragraph.");

    /// <summary>A point has no status of its own: it shares its paragraph's, so moving it is a 409 naming the paragraph.</summary>
    private static Paragraph NotAPoint(Paragraph state) =>
        state.ParentParagraphId is { } paragraphId
            ? throw PointStatusConflict(state, paragraphId, "A point shares the status of its paragraph: change the paragraph's status instead.")
            : state;

    /// <summary>
    /// A bracket or option on a point of a proposed paragraph would put the point under negotiation alone: the paragraph is
    /// opened for negotiation first (409 naming it).
    /// </summary>
    private static void RequirePointNegotiable(Paragraph state)
    {
        if (state.ParentParagraphId is { } paragraphId && state.Status == ParagraphStatus.Proposed)
            throw PointStatusConflict(state, paragraphId, "The point's paragraph is proposed: open the paragraph for negotiation first.");
    }

    private static ConflictException PointStatusConflict(Paragraph state, Guid paragraphId, string message) =>
        new(message, Extensions(state, ("paragraphId", paragraphId)));

    private static void RequireNew(Paragraph? state)
    {
        if (state is not null) throw new ConflictException("This paragraph already exists.");
    }

    private static void RequireRole(Actor actor, IReadOnlyCollection<MemberRole> roles, string action)
    {
        if (!roles.Contains(actor.Role))
            throw new ForbiddenException($"Only {string.Join(" or ", roles.Select(r => $"the {r}"))} can {action}.");
    }

    /// <summary>Agreed and ad ref text is frozen until reopened; deleted text is history.</summary>
    private static void RequireEditable(Paragraph state) =>
        RequireStatus(state, "Changing its text", ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation, ParagraphStatus.Parked);

    private static void RequireStatus(Paragraph state, string action, params ParagraphStatus[] allowed)
    {
        if (!allowed.Contains(state.Status))
            throw StatusConflict(state.Status,
                $"{action} is not possible while the paragraph is {ParagraphStatusRules.Describe(state.Status)}.");
    }
}
