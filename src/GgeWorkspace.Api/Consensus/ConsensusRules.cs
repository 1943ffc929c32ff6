namespace GgeWorkspace.Api.Consensus;

/// <summary>Why a paragraph cannot be agreed (or placed under silence) now.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgreementObstacle>))]
public enum AgreementObstacle
{
    /// <summary>Only text under negotiation or agreed ad referendum can become agreed.</summary>
    Status,
    Brackets,

    /// <summary>More than one option: the Chair must choose.</summary>
    Options,
    Objection,
    AwaitingInstructions,
    UnderSilence,

    /// <summary>The text, brackets or options changed after the text was circulated.</summary>
    TextChangedSinceCirculated,
}

/// <summary>One reason a paragraph cannot be agreed, in words the Chair can act on.</summary>
public sealed record AgreementBlocker(AgreementObstacle Obstacle, string Message);

/// <summary>An objection that stands, and who holds it.</summary>
public sealed record StandingObjection(Delegation Delegation, string Reason, DateTimeOffset Since);

/// <summary>A hold: a delegation awaiting instructions from its capital, expected by <see cref="ExpectedBy"/>; overdue once that has passed.</summary>
public sealed record Hold(Delegation Delegation, DateTimeOffset ExpectedBy, bool IsOverdue, string? Note);

/// <summary>A reservation (its text becomes a footnote in exports).</summary>
public sealed record EnteredReservation(Delegation Delegation, string Text);

/// <summary>How many delegations hold each kind of position.</summary>
public sealed record PositionCounts(int JoinConsensus, int CanLiveWith, int AwaitingInstructions, int Reservation, int Objection)
{
    public static PositionCounts None { get; } = new(0, 0, 0, 0, 0);

    public int Total => JoinConsensus + CanLiveWith + AwaitingInstructions + Reservation + Objection;

    public static PositionCounts Of(IEnumerable<DelegationPosition> positions)
    {
        var list = positions.Select(p => p.Position.Kind).ToList();
        return new(list.Count(k => k == PositionKind.JoinConsensus), list.Count(k => k == PositionKind.CanLiveWith),
            list.Count(k => k == PositionKind.AwaitingInstructions), list.Count(k => k == PositionKind.Reservation),
            list.Count(k => k == PositionKind.Objection));
    }

    public PositionCounts Plus(PositionCounts other) => new(
        JoinConsensus + other.JoinConsensus, CanLiveWith + other.CanLiveWith, AwaitingInstructions + other.AwaitingInstructions,
        Reservation + other.Reservation, Objection + other.Objection);
}

/// <summary>Where the delegations stand on a paragraph: objections that block it, holds for capitals, reservations.</summary>
public sealed record PositionStanding(
    PositionCounts Counts, IReadOnlyList<StandingObjection> Objections, IReadOnlyList<Hold> Holds, IReadOnlyList<EnteredReservation> Reservations)
{
    public bool HasObjections => Objections.Count > 0;

    public bool HasHolds => Holds.Count > 0;
}

/// <summary>What happened when a procedure tried to agree a paragraph.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProcedureAgreementOutcome>))]
public enum ProcedureAgreementOutcome
{
    /// <summary>The events in <see cref="ProcedureAgreement.ParagraphEvents"/> agree it; append them to the paragraph stream.</summary>
    Agreed,

    /// <summary>It was agreed already (e.g. by the Chair meanwhile): nothing to append.</summary>
    AlreadyAgreed,

    /// <summary>It no longer meets the conditions; see the blockers.</summary>
    Refused,
}

/// <summary>The result of <see cref="ConsensusRules.AgreeByProcedure"/>.</summary>
public sealed record ProcedureAgreement(ProcedureAgreementOutcome Outcome, IReadOnlyList<object> ParagraphEvents, IReadOnlyList<AgreementBlocker> Blockers);

/// <summary>The names procedures give in <see cref="ParagraphAgreed.Procedure"/>.</summary>
public static class ConsensusProcedures
{
    public const string Silence = "silence";
    public const string HoldsLifted = "holds-lifted";

    /// <summary>
    /// The actor a procedure agrees a paragraph as: it acts on the Chair's authority (the Chair started it), so the paragraph's
    /// status machine accepts it. The write side records the procedure (not a person) as the actor in event metadata.
    /// </summary>
    public static Actor ActingFor(string procedure) => new($"procedure:{procedure}", MemberRole.Chair);
}

/// <summary>Pure rules of consensus on one paragraph.</summary>
public static class ConsensusRules
{
    /// <summary>Where the delegations stand: standing objections (who, why), holds (overdue when <paramref name="now"/> is past the expected date), reservations.</summary>
    public static PositionStanding Standing(ParagraphPositions? positions, DateTimeOffset now)
    {
        var all = positions?.Positions ?? [];
        return new PositionStanding(
            PositionCounts.Of(all),
            [.. all.Where(p => p.Position.Kind == PositionKind.Objection).Select(p => new StandingObjection(p.Delegation, p.Position.Reason ?? "", p.Since))],
            [.. all.Where(p => p.Position.Kind == PositionKind.AwaitingInstructions)
                .Select(p => new Hold(p.Delegation, p.Position.ExpectedBy!.Value, now > p.Position.ExpectedBy!.Value, p.Position.Reason))
                .OrderBy(h => h.ExpectedBy)],
            [.. all.Where(p => p.Position.Kind == PositionKind.Reservation).Select(p => new EnteredReservation(p.Delegation, p.Position.ReservationText ?? ""))]);
    }

    /// <summary>Declaring agreement, ad referendum or finally: one objection blocks either (see <see cref="EnsureCanAgree"/>).</summary>
    public static bool IsAgreement(IParagraphCommand command) => command is AgreeParagraph or AgreeParagraphAdReferendum;

    /// <summary>
    /// The agreement guard for the paragraph write path: one objection blocks consensus, so the Chair cannot declare the
    /// paragraph agreed while one stands. Throws 409 naming the objecting delegations (extensions <c>objectingDelegations</c>,
    /// <c>objections</c>). Brackets, options and status stay the paragraph decision's to check.
    /// </summary>
    public static void EnsureCanAgree(Paragraph paragraph, ParagraphPositions? positions)
    {
        var objections = Standing(positions, DateTimeOffset.MinValue).Objections;
        if (objections.Count == 0) return;
        var names = objections.Select(o => o.Delegation.Label).ToList();
        throw new ConflictException(
            $"The paragraph cannot be agreed: {Describe(names)} {(names.Count == 1 ? "objects" : "object")}. An objection blocks consensus until it is withdrawn or turned into a reservation.",
            new Dictionary<string, object?>
            {
                ["currentStatus"] = paragraph.Status,
                ["objectingDelegations"] = names,
                ["objections"] = objections,
            });
    }

    /// <summary>
    /// Everything that keeps a paragraph from being agreed now: its status (only under negotiation or ad ref text can
    /// become agreed), brackets, more than one option, standing objections. Empty when it could be agreed. Holds do not
    /// block by themselves (the Chair may agree over them).
    /// </summary>
    public static IReadOnlyList<AgreementBlocker> Blockers(Paragraph paragraph, ParagraphPositions? positions)
    {
        var blockers = new List<AgreementBlocker>();
        if (paragraph.Status is not (ParagraphStatus.UnderNegotiation or ParagraphStatus.AgreedAdReferendum))
            blockers.Add(new(AgreementObstacle.Status, $"The paragraph is {ParagraphStatusRules.Describe(paragraph.Status)}."));
        if (paragraph.Brackets.Count > 0)
            blockers.Add(new(AgreementObstacle.Brackets, $"The paragraph still has {paragraph.Brackets.Count} bracket(s)."));
        if (paragraph.Options.Count > 1)
            blockers.Add(new(AgreementObstacle.Options, $"The paragraph has {paragraph.Options.Count} options; one must be chosen."));
        var objections = Standing(positions, DateTimeOffset.MinValue).Objections;
        if (objections.Count > 0)
            blockers.Add(new(AgreementObstacle.Objection,
                $"{Describe([.. objections.Select(o => o.Delegation.Label)])} {(objections.Count == 1 ? "objects" : "object")}."));
        return blockers;
    }

    /// <summary>
    /// A procedure (silence, holds lifted) agrees the paragraph if it still meets the conditions: the paragraph events to
    /// append (the single option, if any, becomes the text), or why not. Already agreed text yields nothing, so a
    /// repeated attempt is harmless.
    /// </summary>
    public static ProcedureAgreement AgreeByProcedure(Paragraph paragraph, ParagraphPositions? positions, string procedure, IEnumerable<AgreementBlocker>? moreBlockers = null)
    {
        if (paragraph.Status == ParagraphStatus.Agreed) return new(ProcedureAgreementOutcome.AlreadyAgreed, [], []);
        var blockers = Blockers(paragraph, positions).Concat(moreBlockers ?? []).ToList();
        if (blockers.Count > 0) return new(ProcedureAgreementOutcome.Refused, [], blockers);
        var command = new AgreeParagraph(paragraph.Id, paragraph.Options.SingleOrDefault()?.Id, procedure);
        return new(ProcedureAgreementOutcome.Agreed, ParagraphDecisions.Agree(command, paragraph, ConsensusProcedures.ActingFor(procedure)), []);
    }

    /// <summary>"Canada", "Canada and Japan", "Canada, Japan and Mexico".</summary>
    public static string Describe(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "",
        1 => names[0],
        _ => $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}",
    };
}
