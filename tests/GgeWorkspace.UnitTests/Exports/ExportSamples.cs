using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Exports;

namespace GgeWorkspace.UnitTests.Exports;

/// <summary>Export documents as a builder from the events would produce them: fixed ids and dates, several languages.</summary>
internal static class ExportSamples
{
    public static readonly Guid Introduction = Guid.Parse("0190b000-0000-7000-8000-00000000a001");
    public static readonly Guid Findings = Guid.Parse("0190b000-0000-7000-8000-00000000a002");
    public static readonly Guid Challenges = Guid.Parse("0190b000-0000-7000-8000-00000000a003");

    public static readonly DateTimeOffset Created = new(2018, 8, 13, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Rev1Date = new(2019, 1, 18, 17, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Rev2Date = new(2019, 5, 24, 11, 15, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset CanadaEdit = new(2019, 3, 4, 10, 5, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset JapanEdit = new(2019, 3, 5, 15, 45, 30, TimeSpan.Zero);

    public const string Hostile = "<script>alert(1)</script> & ]]> =cmd|' /C calc'!A0 \u202Egnp.exe\u202C \U0001F600 \U00020BB7 \"q\" 'a'";
    public const string Arabic = "يؤكد الفريق على أهمية التحقق في نزع السلاح النووي.";
    public const string Chinese = "专家组强调核查在核裁军中的作用，并注意到（a）技术挑战；（b）能力建设。";

    public static Guid P(int n) => Guid.Parse($"0190b000-0000-7000-8000-{n:D12}");

    public static ExportParagraph Paragraph(int id, int? number, string text, ParagraphStatus status = ParagraphStatus.Agreed,
        IReadOnlyList<ExportBracket>? brackets = null, IReadOnlyList<ExportOption>? options = null,
        IReadOnlyList<ExportReservation>? reservations = null, IReadOnlyList<ExportProposal>? proposals = null,
        ExportParagraphChange? change = null, string? language = null) =>
        new(P(id), number, text, status, brackets ?? [], options ?? [], reservations ?? [], proposals ?? [], change, language);

    public static ExportDocument Report(ExportVariant variant = ExportVariant.Negotiation, bool adopted = false) => new(
        variant,
        "Group of Governmental Experts on nuclear disarmament verification",
        "General Assembly resolution 71/67",
        "GGE/NDV/2019/CRP.1",
        "Report of the Group of Governmental Experts",
        Created,
        Rev1Date,
        ExportVersion.Revision(1),
        adopted,
        "en",
        [
            new ExportSection(Introduction, "I.", "Introduction",
            [
                Paragraph(1, 1, "The Group was established pursuant to resolution 71/67."),
                Paragraph(2, 2, "The Group considered the role of verification in advancing nuclear disarmament.",
                    ParagraphStatus.UnderNegotiation,
                    brackets: [new ExportBracket(4, 9, BracketKind.Contentious), new ExportBracket(46, 79, BracketKind.Trading)],
                    options: [new ExportOption(1, "The Group examined verification."), new ExportOption(2, "The Group reviewed verification work.")],
                    reservations: [new ExportReservation("France", "France does not join consensus on the word \"role\".")],
                    proposals:
                    [
                        new ExportProposal("Replace", "The Group examined the role of verification.", "Canada", ["Japan", "Mexico"], ["Cuba"], null),
                        new ExportProposal("Delete", "", "Pakistan", [], [], "Rejected"),
                    ]),
                Paragraph(3, 3, "Withdrawn text.", ParagraphStatus.Deleted),
            ], []),
            new ExportSection(Findings, "II.", "Findings",
            [
                Paragraph(4, 3, Hostile + "\u0001\u0008\uFFFF", ParagraphStatus.AgreedAdReferendum,
                    brackets: [new ExportBracket(0, 8, BracketKind.AwaitingInstructions), new ExportBracket(4, 12, BracketKind.Alternative)],
                    reservations: [new ExportReservation("Cuba <&>", Hostile)]),
            ],
            [
                new ExportSection(Challenges, "A.", "Verification challenges",
                [
                    Paragraph(5, 4, Arabic, ParagraphStatus.Proposed, brackets: [new ExportBracket(6, 11, BracketKind.Contentious)], language: "ar"),
                    Paragraph(6, 5, Chinese, ParagraphStatus.Parked, language: "zh",
                        reservations: [new ExportReservation("中国", "保留意见。")]),
                ], []),
            ]),
        ],
        [
            new ExportWorkflowStep(Created, "chair", "Zero draft issued", IsVersion: true),
            new ExportWorkflowStep(Rev1Date, "chair", "Rev.1 issued", IsVersion: true),
            new ExportWorkflowStep(CanadaEdit, "expert-canada", "Amendment proposed to paragraph 2"),
        ],
        [
            new ExportParticipant("CAN", ParticipantKind.State, "Canada"),
            new ExportParticipant("JPN", ParticipantKind.State, "Japan"),
            new ExportParticipant("chair", ParticipantKind.Expert, "Chair of the Group"),
            new ExportParticipant("expert-canada", ParticipantKind.Expert, "Expert nominated by Canada"),
        ],
        []);

    private static readonly ExportCredit ByCanada = new("Expert of Canada", CanadaEdit);
    private static readonly ExportCredit ByJapan = new("Expert of Japan", JapanEdit);

    /// <summary>
    /// Rev.2 against Rev.1: paragraph 2 edited by two experts, a paragraph added before it, paragraph 1 removed, the Arabic paragraph
    /// moved from the end of the introduction into the findings.
    /// </summary>
    public static ExportDocument Redline() => Report(ExportVariant.Redline) with
    {
        Date = Rev2Date,
        Version = ExportVersion.Revision(2),
        Against = ExportVersion.Revision(1),
        Sections =
        [
            new ExportSection(Introduction, "I.", "Introduction",
            [
                Paragraph(1, null, "The Group was established pursuant to resolution 71/67.", ParagraphStatus.Deleted,
                    change: new ExportParagraphChange(ParagraphChangeKind.Removed, 1,
                        [new RedlineSegment(SegmentKind.Deleted, "The Group was established pursuant to resolution 71/67.", "Expert of Japan", JapanEdit)], ByJapan)),
                Paragraph(7, 1, "The Group met in Geneva.", ParagraphStatus.Proposed,
                    change: new ExportParagraphChange(ParagraphChangeKind.Added, null,
                        [new RedlineSegment(SegmentKind.Inserted, "The Group met in Geneva.", "Expert of Canada", CanadaEdit)], ByCanada)),
                Paragraph(2, 2, "The Group examined the role of verification.", ParagraphStatus.UnderNegotiation,
                    change: new ExportParagraphChange(ParagraphChangeKind.Changed, 2,
                    [
                        new RedlineSegment(SegmentKind.Unchanged, "The Group "),
                        new RedlineSegment(SegmentKind.Deleted, "considered", "Expert of Canada", CanadaEdit),
                        new RedlineSegment(SegmentKind.Inserted, "examined", "Expert of Canada", CanadaEdit),
                        new RedlineSegment(SegmentKind.Unchanged, " the role of verification"),
                        new RedlineSegment(SegmentKind.Deleted, " in advancing nuclear disarmament", "Expert of Japan", JapanEdit),
                        new RedlineSegment(SegmentKind.Unchanged, "."),
                    ])),
                Paragraph(5, null, Arabic, ParagraphStatus.Proposed, language: "ar",
                    change: new ExportParagraphChange(ParagraphChangeKind.MovedAway, 4, [new RedlineSegment(SegmentKind.Unchanged, Arabic)], ByJapan, ByJapan, "move1")),
            ], []),
            new ExportSection(Findings, "II.", "Findings",
            [
                Paragraph(5, 3, Arabic, ParagraphStatus.Proposed, language: "ar",
                    change: new ExportParagraphChange(ParagraphChangeKind.Moved, 4, [new RedlineSegment(SegmentKind.Unchanged, Arabic)], ByJapan, ByJapan, "move1")),
            ], []),
        ],
        Renumbering =
        [
            new ExportNumberMapping(P(1), 1, null),
            new ExportNumberMapping(P(7), null, 1),
            new ExportNumberMapping(P(2), 2, 2),
            new ExportNumberMapping(P(5), 4, 3),
        ],
    };
}
