using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Revisions;
using GgeWorkspace.Api.Sources;
using GgeWorkspace.Api.Translations;
using GgeWorkspace.Text;

namespace GgeWorkspace.IntegrationTests.StoredEvents;

/// <summary>
/// One coherent history holding every event type the service stores, stream by stream. It wrote the committed fixture of
/// stored rows (Fixtures/stored-events.json) that <see cref="StoredEventFixtureTests"/> reads back with today's code.
/// </summary>
public static class StoredEventHistory
{
    public static readonly Guid GroupId = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    public static readonly Guid WorkstreamId = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    public static readonly Guid DraftId = Guid.Parse("0193a000-0000-7000-8000-000000000003");
    public static readonly Guid SectionOne = Guid.Parse("0193a000-0000-7000-8000-000000000011");
    public static readonly Guid SectionTwo = Guid.Parse("0193a000-0000-7000-8000-000000000012");
    public static readonly Guid SectionThree = Guid.Parse("0193a000-0000-7000-8000-000000000013");
    public static readonly Guid ParagraphOne = Guid.Parse("0193a000-0000-7000-8000-000000000021");
    public static readonly Guid ParagraphTwo = Guid.Parse("0193a000-0000-7000-8000-000000000022");
    public static readonly Guid ParagraphThree = Guid.Parse("0193a000-0000-7000-8000-000000000023");
    public static readonly Guid PointOne = Guid.Parse("0193a000-0000-7000-8000-000000000024");
    public static readonly Guid PointTwo = Guid.Parse("0193a000-0000-7000-8000-000000000025");
    public static readonly Guid BracketOne = Guid.Parse("0193a000-0000-7000-8000-000000000031");
    public static readonly Guid BracketTwo = Guid.Parse("0193a000-0000-7000-8000-000000000032");
    public static readonly Guid BracketThree = Guid.Parse("0193a000-0000-7000-8000-000000000033");
    public static readonly Guid BracketFour = Guid.Parse("0193a000-0000-7000-8000-000000000034");
    public static readonly Guid OptionOne = Guid.Parse("0193a000-0000-7000-8000-000000000041");
    public static readonly Guid OptionTwo = Guid.Parse("0193a000-0000-7000-8000-000000000042");
    public static readonly Guid AcceptedAmendment = Guid.Parse("0193a000-0000-7000-8000-000000000051");
    public static readonly Guid RejectedAmendment = Guid.Parse("0193a000-0000-7000-8000-000000000052");
    public static readonly Guid WithdrawnAmendment = Guid.Parse("0193a000-0000-7000-8000-000000000053");
    public static readonly Guid ThreadId = Guid.Parse("0193a000-0000-7000-8000-000000000061");
    public static readonly Guid FirstComment = Guid.Parse("0193a000-0000-7000-8000-000000000062");
    public static readonly Guid ReplyComment = Guid.Parse("0193a000-0000-7000-8000-000000000063");
    public static readonly Guid SilenceBrokenId = Guid.Parse("0193a000-0000-7000-8000-000000000071");
    public static readonly Guid SilenceCancelledId = Guid.Parse("0193a000-0000-7000-8000-000000000072");
    public static readonly Guid FirstRevision = Guid.Parse("0193a000-0000-7000-8000-000000000081");
    public static readonly Guid SecondRevision = Guid.Parse("0193a000-0000-7000-8000-000000000082");
    public static readonly Guid RecipientCopyId = Guid.Parse("0193a000-0000-7000-8000-000000000083");
    public const string Symbol = "A/72/304";

    public static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static Guid TranslationOfThree => Translation.IdOf(ParagraphThree, "es");
    public static Guid PositionsStream => ConsensusStreams.PositionsOf(ParagraphOne);
    public static Guid AdoptionStream => ConsensusStreams.AdoptionOf(DraftId);
    public static Guid RevisionStream => RevisionLog.StreamIdFor(DraftId);
    public static Guid CitationStream => DraftCitations.StreamIdFor(DraftId);
    public static Guid SourceStream => GroupSourceDocument.StreamIdFor(GroupId, Symbol);

    private static DateTimeOffset Minute(int n) => At.AddMinutes(n);

    /// <summary>Every stream of the history with its events, in the order they were appended.</summary>
    public static IReadOnlyList<(Guid StreamId, Type Aggregate, IReadOnlyList<object> Events)> Streams() =>
    [
        (GroupId, typeof(Group), [
            new GroupCreated(GroupId, "GGE on verification", "A/RES/74/50", "Europe/Geneva"),
            new MemberAdded(GroupId, "chair", "The Chair", MemberRole.Chair, null, ContributionAttribution.Personal),
            new MemberAdded(GroupId, "expert-can", "Expert of Canada", MemberRole.Expert, "CAN", ContributionAttribution.NominatingState),
            new MemberAdded(GroupId, "observer", "An observer", MemberRole.Observer, null, ContributionAttribution.Personal),
            new MemberRoleChanged(GroupId, "chair", MemberRole.Secretariat),
            new MemberNominationChanged(GroupId, "expert-can", "FRA", ContributionAttribution.Personal),
            new MemberRemoved(GroupId, "observer"),
            new MemberAdded(GroupId, "translator", "A translator", MemberRole.Translator, null, ContributionAttribution.Personal, ["fr"]),
            new MemberLanguagesChanged(GroupId, "translator", ["fr", "es"]),
        ]),
        (WorkstreamId, typeof(Workstream), [
            new WorkstreamCreated(GroupId, WorkstreamId, "Verification challenges", "Identify the challenges", "(a)", DraftId),
            new WorkstreamRevised(GroupId, WorkstreamId, "Verification challenges and gaps", "Identify the challenges and gaps", "(b)"),
            new WorkstreamSourceLinked(GroupId, WorkstreamId, "A/72/304:CAN:3", "CAN", "Canada", "asks for verification", "chair"),
            new WorkstreamSourceLinked(GroupId, WorkstreamId, "A/72/304:FRA:1", "FRA", "France", "mentions trust", "chair"),
            new WorkstreamSourceUnlinked(GroupId, WorkstreamId, "A/72/304:FRA:1"),
        ]),
        (DraftId, typeof(Draft), [
            new DraftCreated(GroupId, DraftId, "Draft on verification", null, DraftKind.WorkstreamDraft, WorkstreamId),
            new DraftRetitled(GroupId, DraftId, "Draft report on verification", "GGE/NDV/2026/CRP.1"),
            new SectionAdded(GroupId, DraftId, SectionOne, "Introduction", null, null),
            new SectionAdded(GroupId, DraftId, SectionTwo, "Findings", null, SectionOne),
            new SectionAdded(GroupId, DraftId, SectionThree, "Annex", SectionOne, null),
            new SectionRetitled(GroupId, DraftId, SectionTwo, "Conclusions"),
            new SectionMoved(GroupId, DraftId, SectionThree, null, SectionTwo),
            new SectionDeleted(GroupId, DraftId, SectionThree),
            new ParagraphPlaced(GroupId, DraftId, ParagraphOne, SectionOne, null),
            new ParagraphPlaced(GroupId, DraftId, ParagraphTwo, SectionOne, ParagraphOne),
            new ParagraphMoved(GroupId, DraftId, ParagraphTwo, SectionTwo, null),
            new ParagraphWithdrawnFromNumbering(GroupId, DraftId, ParagraphTwo),
            new ParagraphReturnedToNumbering(GroupId, DraftId, ParagraphTwo),
            new DraftWorkingLanguageChanged(GroupId, DraftId, "fr"),
            new DraftTranslationLanguageAdded(GroupId, DraftId, "es"),
            new ParagraphPlaced(GroupId, DraftId, ParagraphThree, SectionTwo, ParagraphTwo),
            new PointPlaced(GroupId, DraftId, PointOne, ParagraphThree, null),
            new PointPlaced(GroupId, DraftId, PointTwo, PointOne, null),
            new PointMoved(GroupId, DraftId, PointTwo, ParagraphThree, PointOne),
        ]),
        (ParagraphOne, typeof(Paragraph), [
            new ParagraphProposed(GroupId, DraftId, ParagraphOne, "Verification builds trust.", "expert-can", "CAN", Minute(1)),
            new ParagraphTextChanged(GroupId, DraftId, ParagraphOne, TextOperation.Empty.Retain(25).Insert(" between States").Retain(1), 0,
                TextChangeKind.Replaced, "chair", null, Minute(2)),
            new ParagraphTextEdited(GroupId, DraftId, ParagraphOne, TextOperation.Empty.Delete(12).Insert("Transparency").Retain(29), 1,
                "expert-can", "CAN", Minute(3), "can-1"),
            new ParagraphPutUnderNegotiation(GroupId, DraftId, ParagraphOne),
            new BracketAdded(GroupId, DraftId, ParagraphOne, BracketOne, 0, 12, 2, BracketKind.Contentious, ["CAN"], "expert-can"),
            new ParagraphOptionAdded(GroupId, DraftId, ParagraphOne, OptionOne, "Openness builds trust.", "expert-can", "CAN", Minute(4)),
            new ParagraphOptionAdded(GroupId, DraftId, ParagraphOne, OptionTwo, "Verification builds confidence.", "chair", null, Minute(5)),
            new ParagraphOptionRemoved(GroupId, DraftId, ParagraphOne, OptionOne),
            new BracketAdded(GroupId, DraftId, ParagraphOne, BracketTwo, 13, 19, 2, BracketKind.Alternative, ["FRA"], "chair"),
            new BracketRemoved(GroupId, DraftId, ParagraphOne, BracketTwo),
            new BracketAdded(GroupId, DraftId, ParagraphOne, BracketThree, 20, 25, 2, BracketKind.Trading, ["CAN", "FRA"], "chair"),
            new BracketCollapsed(GroupId, DraftId, ParagraphOne, BracketThree),
            new ParagraphAgreedAdReferendum(GroupId, DraftId, ParagraphOne),
            new ParagraphReopened(GroupId, DraftId, ParagraphOne, "Capitals asked to look again."),
            new ParagraphParked(GroupId, DraftId, ParagraphOne),
            new ParagraphResumed(GroupId, DraftId, ParagraphOne),
            new ParagraphPlacedUnderSilence(GroupId, DraftId, ParagraphOne, SilenceBrokenId, 2),
            new ParagraphQuoted(GroupId, DraftId, ParagraphOne, ThreadId, 2),
            new ParagraphAgreed(GroupId, DraftId, ParagraphOne, OptionTwo, "consensus"),
            new ParagraphAdopted(GroupId, DraftId, ParagraphOne, 2),
        ]),
        (ParagraphTwo, typeof(Paragraph), [
            new ParagraphAdded(GroupId, DraftId, ParagraphTwo, "Capacity building matters.", "chair", null, Minute(6)),
            new ParagraphDeleted(GroupId, DraftId, ParagraphTwo, "Merged into paragraph 1."),
            new ParagraphRepaired(GroupId, DraftId, ParagraphTwo, [42], "Capacity building matters most.", ParagraphStatus.UnderNegotiation, [],
                [new ParagraphOption(OptionOne, 1, "Capacity matters.", "chair", null, Minute(7))],
                [new AuthorshipRun(0, 31, "chair", null, Minute(6))], 5, 7, "Restored by the operator.", Minute(8)),
            new ParagraphDeleted(GroupId, DraftId, ParagraphTwo, "Merged into paragraph 1 after all."),
            new ParagraphRestored(GroupId, DraftId, ParagraphTwo, ParagraphStatus.UnderNegotiation, "Deleted in error."),
        ]),
        (ParagraphThree, typeof(Paragraph), [
            new ParagraphAdded(GroupId, DraftId, ParagraphThree, "Verification needs trust.", "chair", null, Minute(9)),
            new BracketAdded(GroupId, DraftId, ParagraphThree, BracketFour, 19, 24, 0, BracketKind.Contentious, ["CAN", "CHN"], "chair",
                "Both asked for it in the session."),
            new BracketHolderWithdrawn(GroupId, DraftId, ParagraphThree, BracketFour, "CHN", "expert-chn", null),
            new BracketHolderWithdrawn(GroupId, DraftId, ParagraphThree, BracketFour, "CAN", "chair", "Canada withdrew it in the session."),
            new BracketLifted(GroupId, DraftId, ParagraphThree, BracketFour),
        ]),
        (TranslationOfThree, typeof(Paragraph), [
            new TranslationStarted(GroupId, DraftId, TranslationOfThree, ParagraphThree, "es", "La verificación necesita confianza.", 0,
                "Verification needs trust.", "translator", Minute(9)),
            new ParagraphTextEdited(GroupId, DraftId, TranslationOfThree, TextOperation.Empty.Retain(34).Insert(" mutua").Retain(1), 0,
                "translator", null, Minute(10), "es-1"),
            new TranslationMadeCurrent(GroupId, DraftId, TranslationOfThree, 0, "Verification needs trust.", "translator", Minute(10)),
        ]),
        (PointOne, typeof(Paragraph), [
            new ParagraphAdded(GroupId, DraftId, PointOne, "Share best practices;", "chair", null, Minute(9), ParentParagraphId: ParagraphThree),
            new PointFollowedParagraph(GroupId, DraftId, PointOne, ParagraphThree, ParagraphStatus.UnderNegotiation),
        ]),
        (PointTwo, typeof(Paragraph), [
            new ParagraphProposed(GroupId, DraftId, PointTwo, "Report on progress.", "expert-can", "CAN", Minute(9), ParagraphThree),
        ]),
        (AcceptedAmendment, typeof(Amendment), [
            new AmendmentProposed(GroupId, DraftId, AcceptedAmendment, ParagraphOne, AmendmentKind.ReplaceText, "Transparency builds lasting trust.",
                "Stronger.", 2, "Transparency builds trust between States.", "expert-can", "CAN", Minute(10)),
            new AmendmentSupported(GroupId, DraftId, AcceptedAmendment, "expert-fra", "FRA", Minute(11)),
            new AmendmentObjectedTo(GroupId, DraftId, AcceptedAmendment, "expert-chn", "CHN", "Too strong.", Minute(12)),
            new AmendmentSupportWithdrawn(GroupId, DraftId, AcceptedAmendment, "expert-fra", Minute(13)),
            new AmendmentObjectionWithdrawn(GroupId, DraftId, AcceptedAmendment, "expert-chn", Minute(14)),
            new AmendmentSupported(GroupId, DraftId, AcceptedAmendment, "expert-bra", "BRA", Minute(15)),
            new AmendmentAccepted(GroupId, DraftId, AcceptedAmendment, ParagraphOne, Minute(16)),
        ]),
        (RejectedAmendment, typeof(Amendment), [
            new AmendmentProposed(GroupId, DraftId, RejectedAmendment, ParagraphTwo, AmendmentKind.DeleteParagraph, null, null, 0,
                "Capacity building matters.", "expert-chn", "CHN", Minute(17)),
            new AmendmentRejected(GroupId, DraftId, RejectedAmendment, "No support.", Minute(18)),
        ]),
        (WithdrawnAmendment, typeof(Amendment), [
            new AmendmentProposed(GroupId, DraftId, WithdrawnAmendment, ParagraphOne, AmendmentKind.AddOption, "Trust through verification.", null, 2,
                "Transparency builds trust between States.", "expert-bra", "BRA", Minute(19)),
            new AmendmentWithdrawn(GroupId, DraftId, WithdrawnAmendment, Minute(20)),
        ]),
        (ThreadId, typeof(CommentThread), [
            new CommentThreadOpened(GroupId, DraftId, ThreadId, ParagraphOne, FirstComment, "Which States?",
                new CommentAnchor(0, 12, 2, "Transparency"), "expert-chn", "CHN", Minute(21)),
            new CommentReplied(GroupId, DraftId, ThreadId, ReplyComment, "All of them.", "chair", null, Minute(22)),
            new CommentThreadResolved(GroupId, DraftId, ThreadId, "chair", Minute(23)),
            new CommentThreadReopened(GroupId, DraftId, ThreadId, "expert-chn", Minute(24)),
            new CommentAnchorMoved(GroupId, DraftId, ThreadId, new CommentAnchor(2, 14, 3, "Transparency")),
            new CommentAnchorOrphaned(GroupId, DraftId, ThreadId, new CommentAnchor(2, 2, 4, "Transparency", true)),
        ]),
        (PositionsStream, typeof(ParagraphPositions), [
            new PositionStated(GroupId, DraftId, ParagraphOne, "expert-can", "CAN", Position.JoinConsensus(), Minute(25)),
            new PositionStated(GroupId, DraftId, ParagraphOne, "expert-chn", "CHN", Position.Objection("Not yet."), Minute(26)),
            new PositionStated(GroupId, DraftId, ParagraphOne, "expert-bra", "BRA", Position.Reservation("Brazil reads this narrowly."), Minute(27)),
            new PositionWithdrawn(GroupId, DraftId, ParagraphOne, "expert-chn", Minute(28)),
            new AutoAgreeOnHoldsLiftedRequested(GroupId, DraftId, ParagraphOne, "chair", Minute(29)),
            new AutoAgreeOnHoldsLiftedCancelled(GroupId, DraftId, ParagraphOne, "chair", Minute(30)),
            new AutoAgreeOnHoldsLiftedRequested(GroupId, DraftId, ParagraphOne, "chair", Minute(31)),
            new AutoAgreeOnHoldsLiftedCompleted(GroupId, DraftId, ParagraphOne, Minute(32)),
            new AutoAgreeOnHoldsLiftedRequested(GroupId, DraftId, ParagraphOne, "chair", Minute(33)),
            new AutoAgreeFailed(GroupId, DraftId, ParagraphOne, [new AgreementBlocker(AgreementObstacle.Brackets, "One bracket is open.")], Minute(34)),
            new AutoAgreeOnHoldsLiftedRequested(GroupId, DraftId, ParagraphOne, "chair", Minute(35)),
        ]),
        (SilenceBrokenId, typeof(SilenceProcedure), [
            new SilenceProcedureStarted(GroupId, DraftId, SilenceBrokenId, SilenceScope.OfParagraphs(ParagraphOne),
                [new SilencedParagraph(ParagraphOne, ParagraphStatus.UnderNegotiation, 2, 13, null)], [], "chair", Minute(36), Minute(36).AddHours(72),
                Minute(36).AddHours(48)),
            new SilenceReminderRecorded(GroupId, DraftId, SilenceBrokenId, Minute(36).AddHours(72), Minute(36).AddHours(48)),
            new SilenceBroken(GroupId, DraftId, SilenceBrokenId, "expert-chn", "CHN", "We need more time.", Minute(36).AddHours(50)),
            new SilenceConcluded(GroupId, DraftId, SilenceBrokenId, SilenceOutcome.Broken, [],
                [new ReturnedParagraph(ParagraphOne, ParagraphStatus.UnderNegotiation)],
                [new SilenceBreak("expert-chn", "CHN", "We need more time.", Minute(36).AddHours(50))], Minute(36).AddHours(72), Minute(36).AddHours(72)),
        ]),
        (SilenceCancelledId, typeof(SilenceProcedure), [
            new SilenceProcedureStarted(GroupId, DraftId, SilenceCancelledId, SilenceScope.WholeDraft,
                [new SilencedParagraph(ParagraphOne, ParagraphStatus.UnderNegotiation, 2, 13, OptionTwo)],
                [new NotSilencedParagraph(ParagraphTwo, [new AgreementBlocker(AgreementObstacle.Status, "Deleted.")])], "chair", Minute(40),
                Minute(40).AddHours(12), null),
            new SilenceCancelled(GroupId, DraftId, SilenceCancelledId, "chair", "Circulated too early.", Minute(41)),
        ]),
        (AdoptionStream, typeof(DraftAdoption), [
            new DraftAdopted(GroupId, DraftId, "chair", Minute(50), 1),
        ]),
        (RevisionStream, typeof(RevisionLog), [
            new RevisionIssued(GroupId, DraftId, FirstRevision, 0, "Draft", Minute(42), 7, null, new RevisionSnapshot("Draft on verification", null, [])),
            new RevisionIssued(GroupId, DraftId, SecondRevision, 1, "Rev.1", Minute(43), 9, "After the second reading.",
                new RevisionSnapshot("Draft report on verification", "GGE/NDV/2026/CRP.1", [])),
            new GgeWorkspace.Api.Exports.RecipientCopyPrepared(GroupId, DraftId, RecipientCopyId, "CAN", "Rev.1", 1, 9, "clean", "docx", Minute(46)),
        ]),
        (CitationStream, typeof(DraftCitations), [
            new ParagraphCitedSource(GroupId, DraftId, ParagraphOne, "A/72/304:CAN:3", "CAN", "Canada"),
            new ParagraphCitedSource(GroupId, DraftId, ParagraphOne, "A/72/304:FRA:1", "FRA", "France"),
            new ParagraphCitationRemoved(GroupId, DraftId, ParagraphOne, "A/72/304:FRA:1"),
        ]),
        (SourceStream, typeof(GroupSourceDocument), [
            new SourceDocumentImported(GroupId, SourceStream, Symbol, "Views of Member States", "en", "hash-1", Minute(44),
                [new StoredReply("CAN", "Canada", "Canada", "en", null, [new StoredSourceParagraph("A/72/304:CAN:1", 1, null, "Canada's view.", [])])], 2),
            new SourceDocumentImported(GroupId, SourceStream, Symbol, "Views of Member States (corrected)", "en", "hash-2", Minute(45),
                [
                    new StoredReply("CAN", "Canada", "Canada", "en", new DateOnly(2017, 5, 1),
                        [new StoredSourceParagraph("A/72/304:CAN:1", 1, "General", "Canada's corrected view.", ["A footnote."])]),
                    new StoredReply("FRA", "France", "France", "fr", null, [new StoredSourceParagraph("A/72/304:FRA:1", 1, null, "La vue de la France.", [])]),
                ], 0),
            new SourceLanguageVersionImported(GroupId, SourceStream, Symbol, "zh", "核裁军核查", false, "A working translation.", "hash-3", Minute(46),
                [new TranslatedReply("CAN", "加拿大", ["一般"], [new TranslatedParagraph(1, "加拿大更正后的意见。")])],
                [new AlignmentGap(AlignmentGapKind.ReplyMissing, "FRA", null, "The reply of France (FRA) is not in the zh version.")]),
        ]),
    ];
}
