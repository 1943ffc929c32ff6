namespace GgeWorkspace.Api.Sources;

/// <summary>
/// The demo workspace: the group "GGE on nuclear disarmament verification" with the demo cast, A/72/304 imported, the workstreams
/// the replies suggest, and a report whose zero draft and Rev.1 have been issued, with brackets, options, amendments, comments and
/// positions; between the two, the rules a Chair relies on are at work (amendments accepted, one over an objection; a paragraph
/// moved, one deleted and one added; a reservation; nested, shared and withdrawn-from brackets; parking, a broken silence and a
/// hold lifted into agreement). Every step is a command sent through the mediator as the demo user who would take it, so the events carry real actors.
/// The group has a fixed name-based id: when it exists, the workspace is there and nothing is created again.
/// </summary>
public sealed partial class DemoWorkspace(IServiceProvider services, IDocumentStore store, TimeProvider time, ILogger<DemoWorkspace> logger)
{
    public const string GroupName = "GGE on nuclear disarmament verification";
    public const string MandateReference = "A/RES/71/67";
    public const string ReportTitle = "Report of the Group of Governmental Experts to consider the role of verification in advancing nuclear disarmament";

    public static readonly Guid GroupId = StreamIds.NameBased("gge-workspace/demo/group");

    private const string Chair = "demo-chair";
    private const string Secretariat = "demo-secretariat";
    private const string Canada = "demo-expert-can";
    private const string China = "demo-expert-chn";
    private const string Mexico = "demo-expert-mex";
    private const string UnitedKingdom = "demo-expert-gbr";
    private const string UnitedStates = "demo-expert-usa";
    private const string Personal = "demo-expert-personal";

    private static readonly (string Sub, MemberRole Role, string? State)[] Members =
    [
        (Chair, MemberRole.Chair, "NOR"),
        (Canada, MemberRole.Expert, "CAN"),
        (China, MemberRole.Expert, "CHN"),
        (Mexico, MemberRole.Expert, "MEX"),
        (UnitedKingdom, MemberRole.Expert, "GBR"),
        (UnitedStates, MemberRole.Expert, "USA"),
        (Personal, MemberRole.Expert, null),
        ("demo-observer", MemberRole.Observer, null),
    ];

    public async Task<bool> ExistsAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<Group>(GroupId, ct) is not null;
    }

    /// <summary>Creates the workspace unless it exists; returns whether it did. Progress goes to <paramref name="progress"/>.</summary>
    public async Task<bool> SeedAsync(IProgress<string>? progress, CancellationToken ct)
    {
        if (await ExistsAsync(ct)) return false;
        var step = progress ?? new LoggedProgress(logger);

        step.Report("creating the group and its members");
        var group = await As(Secretariat, new CreateGroup(GroupName, MandateReference, CreateGroup.DefaultTimeZone, null, GroupId), ct);
        var version = group.Version;
        foreach (var (sub, role, state) in Members)
        {
            var name = DevelopmentTokens.Cast.Single(u => u.Sub == sub).Name;
            var attribution = MemberRules.AttributionOf(role, state, null);
            version = (await As(Secretariat, new AddMember(GroupId, version, sub, name, role, state, attribution), ct)).Version;
        }

        step.Report($"importing {SourceDocumentReader.Symbol}");
        var import = await As(Secretariat, new ImportSourceDocument(GroupId, null, SourceDocumentReader.Symbol), ct);
        step.Report("importing the unofficial English working translation of the replies the report cites");
        await As(Secretariat, new ImportSourceLanguageVersion(GroupId, import.DocumentId, WorkingTranslation.Language, WorkingTranslation.Embedded()), ct);

        step.Report("creating the workstreams the replies suggest");
        GroupSourceDocument document;
        await using (var session = store.QuerySession())
            document = await SourceReads.DocumentAsync(session, GroupId, import.DocumentId, ct);
        foreach (var suggestion in SourceSuggestions.For(document, WorkstreamSuggestions.EmbeddedRules()).Where(s => s.Evidence.Count > 0))
        {
            var workstream = await As(Secretariat, new CreateWorkstream(GroupId, suggestion.Title, suggestion.Mandate, suggestion.Label, null, null), ct);
            foreach (var evidence in suggestion.Evidence)
                await As(Secretariat, new LinkWorkstreamSource(GroupId, workstream.Id, evidence.SourceParagraphId, evidence.Evidence, suggestion.Key), ct);
        }

        step.Report("writing the zero draft of the report");
        var report = await WriteReportAsync(document.Symbol, ct);
        report = await WriteRecommendationWithPointsAsync(report, ct);

        step.Report("issuing the zero draft");
        await As(Chair, new IssueNextRevision(GroupId, report.DraftId, "Zero draft, circulated before the first session."), ct);

        step.Report("negotiating: amendments, comments and positions");
        await NegotiateAsync(report, ct);

        step.Report("issuing Rev.1");
        await As(Chair, new IssueNextRevision(GroupId, report.DraftId, "Rev.1, reflecting the discussion at the first session."), ct);

        logger.LogInformation("Demo workspace created: group {GroupId} \"{GroupName}\".", GroupId, GroupName);
        return true;
    }

    private sealed class LoggedProgress(ILogger logger) : IProgress<string>
    {
        public void Report(string value) => logger.LogInformation("Demo workspace: {Step}", value);
    }

    /// <summary>The report draft and the paragraphs the demo negotiates, by a short name.</summary>
    private sealed record Report(Guid DraftId, IReadOnlyDictionary<string, Guid> Sections, IReadOnlyDictionary<string, ParagraphView> Paragraphs);

    /// <summary>
    /// A paragraph of the zero draft: its text, with square brackets around what is not agreed; where it stands; who proposes it
    /// (the Chair adds it unless an Expert does); the replies it reflects (code and paragraph ordinal); and options if it has any.
    /// </summary>
    private sealed record Planned(
        string Key, string Text, ParagraphStatus Status, string[] Cites, string? ProposedBy = null, string[]? Options = null);

    /// <summary>The reply paragraphs the demo report cites, as code and ordinal ("CAN:5"); the working translation covers each.</summary>
    public static IReadOnlyList<string> CitedReplyParagraphs => [.. ZeroDraft.SelectMany(s => s.Paragraphs).SelectMany(p => p.Cites).Distinct()];

    private static readonly (string Heading, Planned[] Paragraphs)[] ZeroDraft =
    [
        ("Introduction",
        [
            new("mandate", "By its resolution 71/67 of 5 December 2016, the General Assembly requested the Secretary-General to establish a group of governmental experts of up to 25 Member States, chosen on the basis of equitable geographical distribution, to consider the role of verification in advancing nuclear disarmament.",
                ParagraphStatus.Agreed, ["NOR:1", "GBR:1"]),
            new("views", "The Group had before it the views of Member States on nuclear disarmament verification contained in the report of the Secretary-General (A/72/304), comprising the replies of 26 States and of the European Union.",
                ParagraphStatus.Agreed, ["CAN:1", "CHN:1", "EU:1"]),
            new("sessions", "The Group held three sessions of one week each in Geneva, in 2018 and 2019, and adopted the present report by consensus.",
                ParagraphStatus.Proposed, []),
        ]),
        ("Verification challenges",
        [
            new("essential", "Verification is an essential element in achieving and maintaining a world without nuclear weapons: it provides the confidence that States are complying with their obligations.",
                ParagraphStatus.AgreedAdReferendum, ["GBR:2", "SWE:2", "JPN:2"]),
            new("dismantlement", "The Group identified challenges in verifying the dismantlement of nuclear warheads without disclosing sensitive information, [including information relevant to proliferation,] and in [confirming the absence of undeclared nuclear weapons and fissile material].",
                ParagraphStatus.UnderNegotiation, ["GBR:3", "USA:2", "NOR:4"]),
            new("role-of-iaea", "The Group discussed which body should verify nuclear disarmament.",
                ParagraphStatus.UnderNegotiation, ["CHN:3", "MEX:4", "FRA:3"], null,
                [
                    "The International Atomic Energy Agency should play a central role in the verification of nuclear disarmament.",
                    "Verification arrangements should be developed by the States concerned, drawing on the expertise of the International Atomic Energy Agency as appropriate.",
                ]),
        ]),
        ("Past work",
        [
            new("initiatives", "The Group reviewed the verification work undertaken to date, including the United Kingdom-Norway Initiative, the Trilateral Initiative of the Russian Federation, the United States and the International Atomic Energy Agency, the International Partnership for Nuclear Disarmament Verification and the Quad Nuclear Verification Partnership.",
                ParagraphStatus.Agreed, ["GBR:5", "NOR:6", "USA:4", "SWE:4"]),
            new("un-studies", "The Group recalled the earlier work of the United Nations in the field of verification, including the 1990 study on the role of the United Nations in the field of verification and the [1995 study on the same subject].",
                ParagraphStatus.UnderNegotiation, ["CAN:5", "CAN:6"]),
            new("tpnw", "The Group noted that the Treaty on the Prohibition of Nuclear Weapons, adopted in 2017, [provides for the verified and irreversible elimination of nuclear-weapon programmes].",
                ParagraphStatus.UnderNegotiation, ["MEX:8", "CUB:3"], Mexico),
        ]),
        ("Lessons and outstanding issues",
        [
            new("participation", "Experience shows that the verification of nuclear disarmament needs the participation of both nuclear-weapon States and non-nuclear-weapon States, and that trust grows through practical cooperation in technical exercises.",
                ParagraphStatus.AgreedAdReferendum, ["NOR:8", "SWE:6", "JPN:6"]),
            new("outstanding", "Outstanding issues include managed access to sensitive facilities, [information barriers not yet tested in realistic conditions,] the chain of custody and the completeness of declarations.",
                ParagraphStatus.UnderNegotiation, ["GBR:8", "USA:6", "FRA:6"]),
        ]),
        ("Gap analysis",
        [
            new("gaps", "The Group compared the verification research under way with the capabilities that nuclear disarmament will require, to identify the gaps that remain and to guide future research.",
                ParagraphStatus.Proposed, ["USA:8", "USA:9"], UnitedStates),
            new("capacity", "Few States from developing regions take part in verification research at present; capacity-building [and dedicated funding] would allow broader participation.",
                ParagraphStatus.UnderNegotiation, ["CUB:5", "PAK:3", "BRA:4"]),
        ]),
        ("Recommendations",
        [
            new("develop", "The Group recommends that States continue to develop and strengthen nuclear disarmament verification capabilities, including through international cooperation.",
                ParagraphStatus.Agreed, ["CAN:10", "JPN:10", "HUN:5", "AUS:5"]),
            new("more-states", "The Group recommends that more States, in particular non-nuclear-weapon States, be encouraged to take part in nuclear disarmament verification work.",
                ParagraphStatus.UnderNegotiation, ["GBR:12", "EU:5", "SWE:9"]),
            new("follow-up", "The Group recommends that the General Assembly consider establishing a further group of governmental experts [or an open-ended working group] to continue the work on nuclear disarmament verification.",
                ParagraphStatus.UnderNegotiation, ["CHE:3", "FRA:12", "ARG:3", "MEX:15"]),
        ]),
    ];

    /// <summary>The delegations holding each bracket of a planned paragraph, in the order its brackets appear (the Chair records them).</summary>
    private static readonly Dictionary<string, string[][]> BracketHolders = new()
    {
        ["dismantlement"] = [["USA"], ["CHN"]],
        ["un-studies"] = [["CAN"]],
        ["tpnw"] = [["GBR", "USA"]],
        ["outstanding"] = [["USA"]],
        ["capacity"] = [["GBR"]],
        ["follow-up"] = [["MEX", "CHN"]],
    };

    private const string BracketReason = "Asked for by these delegations at the first session.";

    private async Task<Report> WriteReportAsync(string symbol, CancellationToken ct)
    {
        var draft = await As(Chair, new CreateReportDraft(GroupId, ReportTitle, "GGE/NDV/2019/CRP.1"), ct);
        var paragraphs = new Dictionary<string, ParagraphView>();
        var sections = new Dictionary<string, Guid>();
        foreach (var (heading, planned) in ZeroDraft)
        {
            var sectionId = Guid.CreateVersion7();
            sections[heading] = sectionId;
            long version;
            await using (var session = store.QuerySession())
                version = (await session.LoadAsync<Draft>(draft.Id, ct))!.Version;
            await As(Chair, new ChangeDraftStructure(GroupId, draft.Id, new AddSection(draft.Id, sectionId, heading, null, Placement.AtEnd), version), ct);
            foreach (var p in planned)
            {
                var (text, brackets) = BracketMarkup.Parse(p.Text);
                var view = await As(p.ProposedBy ?? Chair, new CreateParagraph(GroupId, draft.Id, sectionId, text, null, false, null), ct);
                foreach (var ((start, end), holders) in brackets.Zip(BracketHolders.GetValueOrDefault(p.Key, [])))
                    view = await As(Chair, new ChangeParagraph(GroupId, draft.Id,
                        new AddBracket(view.Id, Guid.CreateVersion7(), start, end, view.TextVersion, BracketKind.Contentious, holders, BracketReason),
                        ParagraphGuard.None), ct);
                foreach (var option in p.Options ?? [])
                    view = await As(Chair, new ChangeParagraph(GroupId, draft.Id, new AddParagraphOption(view.Id, Guid.CreateVersion7(), option), ParagraphGuard.None), ct);
                view = await MoveAsync(draft.Id, view, p.Status, ct);
                foreach (var cite in p.Cites)
                    await As(Chair, new CiteSource(GroupId, draft.Id, view.Id, $"{symbol}:{cite}"), ct);
                paragraphs[p.Key] = view;
            }
        }
        return new Report(draft.Id, sections, paragraphs);
    }

    /// <summary>The recommendation of concrete steps, its points (a) to (c) and a sub-point under (b), at the end of the report.</summary>
    private async Task<Report> WriteRecommendationWithPointsAsync(Report report, CancellationToken ct)
    {
        var steps = await As(Chair, new CreateParagraph(GroupId, report.DraftId, report.Sections["Recommendations"],
            "The Group recommends that States, in a manner consistent with their national security and non-proliferation obligations:",
            null, false, null), ct);
        steps = await MoveAsync(report.DraftId, steps, ParagraphStatus.UnderNegotiation, ct);
        var paragraphs = new Dictionary<string, ParagraphView>(report.Paragraphs) { ["steps"] = steps };
        foreach (var (key, text, parent) in RecommendedSteps)
        {
            var parentPointId = parent is null ? (Guid?)null : paragraphs[parent].Id;
            paragraphs[key] = await As(parent is null ? Chair : Canada,
                new CreatePoint(GroupId, report.DraftId, steps.Id, parentPointId, text, null, false), ct);
        }
        return report with { Paragraphs = paragraphs };
    }

    /// <summary>The points of the recommendation of concrete steps, by a short name, each under its parent point (null: the paragraph).</summary>
    private static readonly (string Key, string Text, string? Parent)[] RecommendedSteps =
    [
        ("steps-a", "share their experience of verification research and of exercises;", null),
        ("steps-b", "support capacity-building in verification:", null),
        ("steps-b-i", "in particular for States of regions that take little part in verification research at present;", "steps-b"),
        ("steps-c", "consider further exercises involving nuclear-weapon and non-nuclear-weapon States.", null),
    ];

    /// <summary>Moves a new paragraph along the usual path (proposed, under negotiation, ad ref, agreed) as far as planned.</summary>
    private async Task<ParagraphView> MoveAsync(Guid draftId, ParagraphView view, ParagraphStatus target, CancellationToken ct)
    {
        ParagraphStatus[] path = target switch
        {
            ParagraphStatus.UnderNegotiation => [ParagraphStatus.UnderNegotiation],
            ParagraphStatus.AgreedAdReferendum => [ParagraphStatus.UnderNegotiation, ParagraphStatus.AgreedAdReferendum],
            ParagraphStatus.Agreed => [ParagraphStatus.UnderNegotiation, ParagraphStatus.Agreed],
            _ => [],
        };
        foreach (var status in path.Where(s => s != view.Status))
        {
            var by = status == ParagraphStatus.UnderNegotiation ? Secretariat : Chair;
            view = await As(by, new ChangeParagraph(GroupId, draftId, new ChangeParagraphStatus(view.Id, status, null, null), ParagraphGuard.None), ct);
        }
        return view;
    }

    private Task<T> As<T>(string sub, ICommand<T> command, CancellationToken ct)
    {
        var user = DevelopmentTokens.Cast.Single(u => u.Sub == sub);
        return ActingAs.SendAsync(services, user.Sub, user.Name, user.IsSecretariat, command, ct);
    }
}

/// <summary>Reads text written with square brackets ("agreed [not agreed] agreed") into the text and the bracketed ranges.</summary>
public static class BracketMarkup
{
    public static (string Text, IReadOnlyList<(int Start, int End)> Brackets) Parse(string marked)
    {
        var text = new System.Text.StringBuilder(marked.Length);
        var brackets = new List<(int, int)>();
        int? open = null;
        foreach (var c in marked)
        {
            switch (c)
            {
                case '[' when open is null:
                    open = text.Length;
                    break;
                case ']' when open is { } start:
                    brackets.Add((start, text.Length));
                    open = null;
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
        if (open is not null) throw new ArgumentException("An opening bracket is not closed.", nameof(marked));
        return (text.ToString(), brackets);
    }
}

/// <summary>
/// Creates the demo workspace once the migrations have run: in Development unless Demo:Seed is false, elsewhere only when
/// Demo:Seed is true (or the service was started with --seed-demo). Startup waits for it, so the first request finds it.
/// </summary>
public sealed class DemoWorkspaceStartup(DemoWorkspace demo, IConfiguration configuration, IHostEnvironment environment, ILogger<DemoWorkspaceStartup> logger)
    : IHostedService
{
    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("Demo:Seed") ?? environment.IsDevelopment();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled(configuration, environment)) return;
        var created = await demo.SeedAsync(null, cancellationToken);
        logger.LogInformation(
            "Demo workspace {State}: group {GroupId} \"{GroupName}\". Sign in as demo-chair (GET /api/dev/users) and open GET /api/groups/{GroupId}/drafts.",
            created ? "created" : "already present", DemoWorkspace.GroupId, DemoWorkspace.GroupName, DemoWorkspace.GroupId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
