namespace GgeWorkspace.Api.Sources;

/// <summary>The demo report negotiated between its zero draft and Rev.1: amendments, structure, brackets, procedures and positions.</summary>
public sealed partial class DemoWorkspace
{
    private async Task NegotiateAsync(Report report, CancellationToken ct)
    {
        var draftId = report.DraftId;
        var p = report.Paragraphs;

        var capacity = await As(Mexico, new SubmitAmendment(GroupId, draftId, AmendmentKind.ReplaceText, p["capacity"].Id,
            "Few States from developing regions take part in verification research at present; capacity-building, dedicated funding and the transfer of technical expertise would allow broader participation.",
            "Practical participation needs expertise as well as funding.", null), ct);
        await As(Canada, new ChangeAmendment(GroupId, draftId, new SupportAmendment(capacity.Id), null), ct);
        await As(Personal, new ChangeAmendment(GroupId, draftId, new SupportAmendment(capacity.Id), null), ct);
        await As(UnitedStates, new ChangeAmendment(GroupId, draftId,
            new ObjectToAmendment(capacity.Id, "Funding is for national decisions, not for a report of this Group."), null), ct);

        var moreStates = await As(UnitedKingdom, new SubmitAmendment(GroupId, draftId, AmendmentKind.ReplaceText, p["more-states"].Id,
            "The Group recommends that more States, in particular non-nuclear-weapon States and States of all regions, be encouraged and assisted to take part in nuclear disarmament verification work.",
            "Task (e) of our reply: encourage more States to work on verification.", null), ct);
        await As(Mexico, new ChangeAmendment(GroupId, draftId, new SupportAmendment(moreStates.Id), null), ct);

        var thread = await As(China, new StartCommentThread(GroupId, draftId, p["dismantlement"].Id,
            "The reference to undeclared weapons and material goes beyond the mandate of resolution 71/67.", null), ct);
        await As(UnitedKingdom, new ChangeCommentThread(GroupId, draftId, new ReplyToCommentThread(thread.Id, Guid.CreateVersion7(),
            "Confidence in the absence of undeclared items is one of the challenges our reply lists under (a).")), ct);
        await As(Canada, new StartCommentThread(GroupId, draftId, p["un-studies"].Id,
            "The 1995 study (A/50/377) should be cited by its symbol, as the 1990 study should be (A/45/372).", null), ct);

        await As(Canada, Position(draftId, p["follow-up"], new Position(PositionKind.JoinConsensus)), ct);
        await As(Mexico, Position(draftId, p["follow-up"], new Position(PositionKind.JoinConsensus)), ct);
        await As(China, Position(draftId, p["follow-up"], new Position(PositionKind.CanLiveWith)), ct);
        await As(UnitedKingdom, Position(draftId, p["tpnw"],
            new Position(PositionKind.Objection, "The Treaty is not supported by all States represented in the Group.")), ct);
        await As(Mexico, Position(draftId, p["tpnw"], new Position(PositionKind.JoinConsensus)), ct);
        await As(UnitedStates, Position(draftId, p["outstanding"],
            new Position(PositionKind.AwaitingInstructions, "Information barriers are under review in capital.", null, time.GetUtcNow().AddDays(7))), ct);
        await As(Canada, Position(draftId, p["outstanding"], new Position(PositionKind.JoinConsensus)), ct);

        // Settled at the first session: the Chair records agreement on the proposal that no one contested.
        await As(Secretariat, new ChangeParagraph(GroupId, draftId, new ChangeParagraphStatus(p["sessions"].Id, ParagraphStatus.UnderNegotiation, null, null), ParagraphGuard.None), ct);
        await As(Chair, new ChangeParagraph(GroupId, draftId, new ChangeParagraphStatus(p["sessions"].Id, ParagraphStatus.Agreed, null, null), ParagraphGuard.None), ct);

        await DecideAmendmentsAsync(draftId, capacity.Id, moreStates.Id, ct);
        await RestructureAsync(report, ct);
        await BracketAsync(draftId, p, ct);
        await RunProceduresAsync(draftId, p, ct);
        await ProposeForNextRevisionAsync(draftId, p["outstanding"], ct);

        // Point (a) of the concrete steps is broadened at the first session, so Rev.1 differs from the zero draft in a point.
        var point = p["steps-a"];
        await As(Chair, new ChangeParagraph(GroupId, draftId, new ReplaceParagraphText(point.Id, StepsPointInRev1, point.TextVersion), ParagraphGuard.None), ct);
    }

    public const string StepsPointInRev1 = "share their experience of verification research, of exercises and of the methods they tested;";

    public const string OverrideReason = "The objection concerns national funding decisions; the text names no amount and binds no State.";
    public const string DeletionReason = "The report records its sessions and its adoption when it is adopted; the paragraph is premature.";
    public const string AddedParagraph = "The Group recommends that the results of verification research be shared as widely as possible, consistent with non-proliferation obligations.";
    public const string ReservationText = "China joins consensus on the understanding that verification arrangements are for the States concerned to agree.";
    public const string ParkReason = "Set aside until the Secretariat confirms the symbols of the 1990 and 1995 studies.";
    public const string ResumeReason = "The Secretariat confirmed the symbols: A/45/372 and A/50/377.";
    public const string SilenceBreakReason = "China cannot accept singling out non-nuclear-weapon States as those to be assisted.";
    public const string BracketWithdrawalReason = "Mexico can accept either body, as long as it is open to all States.";

    /// <summary>The Chair accepts both amendments: Mexico's on capacity over the United States' objection, with a reason.</summary>
    private async Task DecideAmendmentsAsync(Guid draftId, Guid capacity, Guid moreStates, CancellationToken ct)
    {
        await As(Chair, new AcceptAmendmentIntoText(GroupId, draftId, moreStates, await VersionOfAsync(moreStates, ct)), ct);
        await As(Chair, new AcceptAmendmentIntoText(GroupId, draftId, capacity, await VersionOfAsync(capacity, ct), OverrideObjections: true, OverrideReason), ct);
    }

    private async Task<long> VersionOfAsync(Guid amendmentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<Amendment>(amendmentId, ct))!.Version;
    }

    /// <summary>Canada's amendment on outstanding issues stays open for Rev.2, supported by China.</summary>
    private async Task ProposeForNextRevisionAsync(Guid draftId, ParagraphView outstanding, CancellationToken ct)
    {
        var amendment = await As(Canada, new SubmitAmendment(GroupId, draftId, AmendmentKind.ReplaceText, outstanding.Id,
            "Outstanding issues include managed access to sensitive facilities, information barriers, the chain of custody, the completeness of declarations and the protection of proliferation-sensitive information.",
            "Information barriers are an issue whether or not they have been tested; proliferation-sensitive information needs its own mention.", null), ct);
        await As(China, new ChangeAmendment(GroupId, draftId, new SupportAmendment(amendment.Id), null), ct);
    }

    /// <summary>
    /// The Chair moves the paragraph on participation to the review of past work, deletes the agreed paragraph on sessions
    /// (agreed text: only with a reason) and adds a recommendation on sharing results.
    /// </summary>
    private async Task RestructureAsync(Report report, CancellationToken ct)
    {
        var draftId = report.DraftId;
        var p = report.Paragraphs;
        long version;
        await using (var session = store.QuerySession())
            version = (await session.LoadAsync<Draft>(draftId, ct))!.Version;
        await As(Chair, new ChangeDraftStructure(GroupId, draftId,
            new MoveParagraph(draftId, p["participation"].Id, report.Sections["Past work"], Placement.After(p["initiatives"].Id)), version), ct);
        await As(Chair, new ChangeParagraph(GroupId, draftId,
            new ChangeParagraphStatus(p["sessions"].Id, ParagraphStatus.Deleted, DeletionReason, null), ParagraphGuard.None), ct);
        await As(Chair, new CreateParagraph(GroupId, draftId, report.Sections["Recommendations"], AddedParagraph, p["develop"].Id, false, null), ct);
    }

    /// <summary>
    /// Delegations bracket text for themselves: the United States nests a bracket inside China's, and Mexico withdraws from the
    /// bracket it held with China (China still holds it).
    /// </summary>
    private async Task BracketAsync(Guid draftId, IReadOnlyDictionary<string, ParagraphView> p, CancellationToken ct)
    {
        var dismantlement = p["dismantlement"];
        const string inner = "and fissile material";
        var start = dismantlement.Text.IndexOf(inner, StringComparison.Ordinal);
        await As(UnitedStates, new ChangeParagraph(GroupId, draftId,
            new AddBracket(dismantlement.Id, Guid.CreateVersion7(), start, start + inner.Length, dismantlement.TextVersion, BracketKind.Contentious, ["USA"]),
            ParagraphGuard.None), ct);

        var followUp = p["follow-up"];
        await As(Mexico, new ChangeParagraph(GroupId, draftId,
            new WithdrawFromBracket(followUp.Id, followUp.Brackets.Single().Id, "MEX", BracketWithdrawalReason), ParagraphGuard.None), ct);
    }

    /// <summary>
    /// The procedures a Chair relies on: China states a reservation; the paragraph on past UN studies is parked and resumed;
    /// silence on the recommendation to involve more States is broken by China; the paragraph on verification as essential,
    /// agreed ad referendum, becomes agreed when the United States lifts its hold.
    /// </summary>
    private async Task RunProceduresAsync(Guid draftId, IReadOnlyDictionary<string, ParagraphView> p, CancellationToken ct)
    {
        await As(China, Position(draftId, p["develop"], new Position(PositionKind.Reservation, null, ReservationText)), ct);

        await As(Chair, new ChangeParagraph(GroupId, draftId,
            new ChangeParagraphStatus(p["un-studies"].Id, ParagraphStatus.Parked, ParkReason, null), ParagraphGuard.None), ct);
        await As(Chair, new ChangeParagraph(GroupId, draftId,
            new ChangeParagraphStatus(p["un-studies"].Id, ParagraphStatus.UnderNegotiation, ResumeReason, null), ParagraphGuard.None), ct);

        var silence = await As(Chair, new StartSilence(GroupId, draftId, [p["more-states"].Id], null, false, null), ct);
        await As(China, new ChangeSilence(GroupId, draftId, new BreakSilence(silence.Id, SilenceBreakReason), null), ct);

        var essential = p["essential"];
        await As(UnitedStates, Position(draftId, essential,
            new Position(PositionKind.AwaitingInstructions, "Confirmation from capital is expected within the week.", null, time.GetUtcNow().AddDays(7))), ct);
        await As(Chair, new ChangeAutoAgree(GroupId, draftId, new RequestAutoAgreeOnHoldsLifted(essential.Id), null), ct);
        await As(UnitedStates, Position(draftId, essential, new Position(PositionKind.JoinConsensus)), ct);
    }

    private static ChangePosition Position(Guid draftId, ParagraphView paragraph, Position position) =>
        new(GroupId, draftId, new StatePosition(GroupId, draftId, paragraph.Id, position), null);

    /// <summary>Sends a command as a demo user, exactly as an API request by that user would.</summary>
}
