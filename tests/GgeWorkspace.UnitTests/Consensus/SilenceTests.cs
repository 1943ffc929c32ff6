using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Consensus.ConsensusSpecs;

namespace GgeWorkspace.UnitTests.Consensus;

public sealed class SilenceTests
{
    private static readonly DateTimeOffset Deadline = Now.AddHours(72).ToUniversalTime();

    /// <summary>1 and 3 can be agreed; 2 is bracketed; 4 has an objection; 5 is agreed already.</summary>
    private static SilenceContext Context(IReadOnlyList<SilenceProcedure>? open = null) => new(
        Draft(),
        Paragraphs(
            Paragraph(P(1), ParagraphStatus.UnderNegotiation),
            Paragraph(P(2), ParagraphStatus.UnderNegotiation, brackets: 1),
            Paragraph(P(3), ParagraphStatus.AgreedAdReferendum, options: 1),
            Paragraph(P(4), ParagraphStatus.AgreedAdReferendum),
            Paragraph(P(5), ParagraphStatus.Agreed)),
        new Dictionary<Guid, ParagraphPositions> { [P(4)] = Positions(P(4), (Canada, Position.Objection("Not acceptable."))) },
        open ?? []);

    private static object[] Start(SilenceScope scope, DateTimeOffset? deadline = null, SilenceContext? context = null) =>
        SilenceDecisions.Place(new PlaceUnderSilence(GroupId, DraftId, ProcedureId, scope, deadline), null, context ?? Context(), Chair, Now);

    private static SilenceProcedure Running() => Silence(Start(SilenceScope.OfParagraphs(P(1), P(3))));

    [Theory]
    [InlineData(MemberRole.Expert)]
    [InlineData(MemberRole.Secretariat)]
    [InlineData(MemberRole.Observer)]
    public void Only_the_Chair_places_text_under_silence(MemberRole role) =>
        Assert.Throws<ForbiddenException>(() => SilenceDecisions.Place(
            new PlaceUnderSilence(GroupId, DraftId, ProcedureId, SilenceScope.WholeDraft), null, Context(), new Actor("x", role, "CAN"), Now));

    [Fact]
    public void Silence_lasts_72_hours_by_default_stored_in_UTC_with_a_reminder_24_hours_before()
    {
        var started = Assert.IsType<SilenceProcedureStarted>(Assert.Single(Start(SilenceScope.OfParagraphs(P(1)))));

        Assert.Equal(Now.AddHours(72), started.Deadline);
        Assert.Equal(TimeSpan.Zero, started.Deadline.Offset);
        Assert.Equal(Now.AddHours(48), started.ReminderAt);
        Assert.Equal(Chair.Sub, started.StartedBySub);
    }

    [Fact]
    public void The_Chair_may_set_another_deadline_in_the_future_only()
    {
        var local = new DateTimeOffset(2019, 5, 25, 18, 0, 0, TimeSpan.FromHours(2));
        var started = Assert.IsType<SilenceProcedureStarted>(Assert.Single(Start(SilenceScope.OfParagraphs(P(1)), local)));
        Assert.Equal(new DateTimeOffset(2019, 5, 25, 16, 0, 0, TimeSpan.Zero), started.Deadline);
        Assert.Equal(TimeSpan.Zero, started.Deadline.Offset);

        Assert.Null(Assert.IsType<SilenceProcedureStarted>(Start(SilenceScope.OfParagraphs(P(1)), Now.AddHours(12))[0]).ReminderAt);
        Assert.Throws<UnprocessableException>(() => Start(SilenceScope.OfParagraphs(P(1)), Now));
    }

    [Fact]
    public void A_deadline_sooner_than_the_minimum_is_refused_naming_the_minimum()
    {
        var refused = Assert.Throws<InvalidFieldsException>(() => Start(SilenceScope.OfParagraphs(P(1)), Now.AddHours(3).AddSeconds(-1)));
        Assert.Contains("3 hours", Assert.Single(refused.Errors["deadline"]), StringComparison.Ordinal);
        Assert.Equal("03:00:00", refused.Extensions["minimumDeadline"]);

        Assert.IsType<SilenceProcedureStarted>(Assert.Single(Start(SilenceScope.OfParagraphs(P(1)), Now.AddHours(3))));
    }

    [Fact]
    public void The_minimum_deadline_is_configurable_and_a_longer_minimum_lengthens_the_default()
    {
        SilenceProcedureStarted Placed(DateTimeOffset? deadline, TimeSpan minimum) => Assert.IsType<SilenceProcedureStarted>(Assert.Single(
            SilenceDecisions.Place(new PlaceUnderSilence(GroupId, DraftId, ProcedureId, SilenceScope.OfParagraphs(P(1)), deadline), null, Context(), Chair, Now, minimum)));

        Assert.Equal(Now.AddSeconds(5), Placed(Now.AddSeconds(5), TimeSpan.FromSeconds(5)).Deadline);
        var refused = Assert.Throws<InvalidFieldsException>(() => Placed(Now.AddHours(80), TimeSpan.FromDays(4)));
        Assert.Contains("4 days", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Now.AddDays(4), Placed(null, TimeSpan.FromDays(4)).Deadline);
        Assert.Equal(Now.AddHours(72), Placed(null, TimeSpan.FromMinutes(90)).Deadline);
    }

    [Theory]
    [InlineData(3 * 3600, "3 hours")]
    [InlineData(5400, "1 hour 30 minutes")]
    [InlineData(1, "1 second")]
    [InlineData(2 * 86400 + 60, "2 days 1 minute")]
    public void A_length_of_time_is_said_in_words(int seconds, string words) =>
        Assert.Equal(words, SilenceRules.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void The_deadline_is_shown_in_the_groups_time_zone()
    {
        var deadline = new DateTimeOffset(2019, 5, 27, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2019, 5, 27, 10, 0, 0, TimeSpan.FromHours(2)), SilenceRules.InTimeZone(deadline, "Europe/Zurich"));
        Assert.Equal("27 May 2019, 10:00 (Europe/Zurich, UTC+02:00)", SilenceRules.Describe(deadline, "Europe/Zurich"));
        Assert.Equal("27 May 2019, 04:00 (America/New_York, UTC-04:00)", SilenceRules.Describe(deadline, "America/New_York"));
        Assert.Throws<UnprocessableException>(() => SilenceRules.InTimeZone(deadline, "Mars/Olympus_Mons"));
    }

    [Fact]
    public void Only_paragraphs_that_could_be_agreed_are_placed_and_the_others_are_listed_with_the_reason()
    {
        var started = Assert.IsType<SilenceProcedureStarted>(Assert.Single(Start(SilenceScope.WholeDraft)));

        Assert.Equal(
            [(P(1), ParagraphStatus.UnderNegotiation, (Guid?)null), (P(3), ParagraphStatus.AgreedAdReferendum, Paragraph(P(3), ParagraphStatus.AgreedAdReferendum, options: 1).Options[0].Id)],
            started.Placed.Select(p => (p.ParagraphId, p.StatusBefore, p.OptionId)));
        Assert.Equal(
            [(P(2), AgreementObstacle.Brackets), (P(4), AgreementObstacle.Objection), (P(5), AgreementObstacle.Status)],
            started.NotPlaced.Select(n => (n.ParagraphId, Assert.Single(n.Reasons).Obstacle)));
        Assert.Contains("CAN objects", started.NotPlaced[1].Reasons[0].Message);
    }

    [Fact]
    public void A_section_places_its_own_paragraphs_and_those_of_its_sub_sections()
    {
        var started = Assert.IsType<SilenceProcedureStarted>(Assert.Single(Start(SilenceScope.OfSection(SectionI))));
        Assert.Equal([P(1), P(3)], started.Placed.Select(p => p.ParagraphId));
        Assert.Equal([P(2)], started.NotPlaced.Select(p => p.ParagraphId));

        Assert.Throws<NotFoundException>(() => Start(SilenceScope.OfSection(Guid.NewGuid())));
    }

    [Fact]
    public void Named_paragraphs_that_could_not_be_agreed_are_refused_with_the_reasons()
    {
        var error = Assert.Throws<ConflictException>(() => Start(SilenceScope.OfParagraphs(P(1), P(2))));
        Assert.Contains("paragraph 2", error.Message);
        Assert.Equal([P(2)], Assert.IsType<List<NotSilencedParagraph>>(error.Extensions["notPlaced"]).Select(n => n.ParagraphId));
        Assert.Throws<NotFoundException>(() => Start(SilenceScope.OfParagraphs(Guid.NewGuid())));
    }

    [Fact]
    public void A_section_with_nothing_that_could_be_agreed_is_refused() =>
        Assert.Throws<ConflictException>(() => Start(SilenceScope.OfSection(SectionII)));

    [Fact]
    public void A_paragraph_already_under_silence_is_not_placed_again()
    {
        var context = Context([Running()]);
        var error = Assert.Throws<ConflictException>(() =>
            SilenceDecisions.Place(new PlaceUnderSilence(GroupId, DraftId, Guid.NewGuid(), SilenceScope.WholeDraft), null, context, Chair, Now));
        var notPlaced = Assert.IsType<List<NotSilencedParagraph>>(error.Extensions["notPlaced"]);
        Assert.Contains(notPlaced, n => n.ParagraphId == P(1) && n.Reasons.Any(r => r.Obstacle == AgreementObstacle.UnderSilence));
        Assert.Contains(notPlaced, n => n.ParagraphId == P(3) && n.Reasons.Any(r => r.Obstacle == AgreementObstacle.UnderSilence));
    }

    [Fact]
    public void Text_under_silence_is_frozen_until_the_procedure_ends()
    {
        var running = Running();
        var error = Assert.Throws<ConflictException>(() => SilenceRules.EnsureNotUnderSilence(P(1), [running]));
        Assert.Contains("frozen", error.Message);
        Assert.Equal(running.Deadline, error.Extensions["deadline"]);
        SilenceRules.EnsureNotUnderSilence(P(2), [running]);

        var cancelled = Evolve(running, SilenceDecisions.Decide(new CancelSilence(ProcedureId), running, Chair, Now));
        SilenceRules.EnsureNotUnderSilence(P(1), [cancelled]);
        var broken = Evolve(running, SilenceDecisions.Decide(new BreakSilence(ProcedureId, "Needs more work."), running, Japan, Now));
        SilenceRules.EnsureNotUnderSilence(P(1), [broken]);
    }

    [Fact]
    public void Objecting_under_silence_means_breaking_silence()
    {
        var running = Running();
        Assert.Throws<ConflictException>(() => SilenceRules.EnsurePositionAllowed(P(1), Position.Objection("No."), [running]));
        SilenceRules.EnsurePositionAllowed(P(1), Position.AwaitingInstructions(Now.AddDays(1)), [running]);
        SilenceRules.EnsurePositionAllowed(P(2), Position.Objection("No."), [running]);
    }

    [Fact]
    public void Any_delegation_may_break_silence_before_the_deadline_with_a_reason()
    {
        var running = Running();
        Then(SilenceDecisions.Decide(new BreakSilence(ProcedureId, " The reference to the NPT is missing. "), running, Japan, Now.AddHours(1)),
            new SilenceBroken(GroupId, DraftId, ProcedureId, Japan.Sub, "JPN", "The reference to the NPT is missing.", Now.AddHours(1)));

        Assert.Throws<UnprocessableException>(() => SilenceDecisions.Decide(new BreakSilence(ProcedureId, ""), running, Japan, Now));
        Assert.Throws<ConflictException>(() => SilenceDecisions.Decide(new BreakSilence(ProcedureId, "Late."), running, Japan, Deadline));
    }

    [Theory]
    [InlineData(MemberRole.Chair)]
    [InlineData(MemberRole.Secretariat)]
    [InlineData(MemberRole.Observer)]
    public void Only_delegations_break_silence(MemberRole role) =>
        Assert.Throws<ForbiddenException>(() => SilenceDecisions.Decide(new BreakSilence(ProcedureId, "No."), Running(), new Actor("x", role), Now));

    [Fact]
    public void A_delegation_breaking_silence_twice_is_recorded_once_and_others_may_break_it_too()
    {
        var broken = Evolve(Running(), SilenceDecisions.Decide(new BreakSilence(ProcedureId, "No."), Running(), Japan, Now));
        Assert.Empty(SilenceDecisions.Decide(new BreakSilence(ProcedureId, "Still no."), broken, Japan, Now));
        Assert.Single(SilenceDecisions.Decide(new BreakSilence(ProcedureId, "Nor us."), broken, Mexico, Now));
    }

    [Fact]
    public void Silence_unbroken_at_the_deadline_agrees_the_placed_paragraphs()
    {
        var running = Running();
        var outcome = SilenceDecisions.DueWork(Evolve(running, SilenceDecisions.DueWork(running, Now.AddHours(50))), Deadline);

        Then(outcome, new SilenceConcluded(GroupId, DraftId, ProcedureId, SilenceOutcome.Agreed, [P(1), P(3)], [], [], Deadline, Deadline));

        // The write side then agrees each placed paragraph, procedure "silence", with the circulated option's text.
        var paragraph3 = Paragraph(P(3), ParagraphStatus.AgreedAdReferendum, options: 1);
        var agreement = SilenceRules.AgreementFor(running.Placed[1], paragraph3, null);
        Assert.Equal(ProcedureAgreementOutcome.Agreed, agreement.Outcome);
        var agreed = Assert.IsType<ParagraphAgreed>(agreement.ParagraphEvents[^1]);
        Assert.Equal(("silence", (Guid?)paragraph3.Options[0].Id), (agreed.Procedure, agreed.ChosenOptionId));
        Assert.Equal(ParagraphStatus.Agreed, Drafts.Specs.Evolve(paragraph3, agreement.ParagraphEvents).Status);
    }

    [Fact]
    public void Broken_silence_returns_the_paragraphs_to_the_status_they_had_with_who_broke_it_and_why()
    {
        var running = Running();
        var broken = Evolve(running, SilenceDecisions.Decide(new BreakSilence(ProcedureId, "The reference to the NPT is missing."), running, Japan, Now.AddHours(5)));

        Assert.Empty(SilenceDecisions.DueWork(broken, Deadline.AddTicks(-1)));
        Then(SilenceDecisions.DueWork(broken, Deadline.AddMinutes(1)),
            new SilenceConcluded(GroupId, DraftId, ProcedureId, SilenceOutcome.Broken, [],
                [new ReturnedParagraph(P(1), ParagraphStatus.UnderNegotiation), new ReturnedParagraph(P(3), ParagraphStatus.AgreedAdReferendum)],
                [new SilenceBreak(Japan.Sub, "JPN", "The reference to the NPT is missing.", Now.AddHours(5))], Deadline, Deadline.AddMinutes(1)));
    }

    [Fact]
    public void Concluding_twice_yields_nothing_the_second_time()
    {
        var running = Running();
        var concluded = Evolve(running, SilenceDecisions.Decide(new ConcludeSilence(ProcedureId), running, Chair, Deadline));
        Assert.Equal(SilenceProcedureStatus.Concluded, concluded.Status);

        Assert.Empty(SilenceDecisions.Decide(new ConcludeSilence(ProcedureId), concluded, Chair, Deadline.AddHours(1)));
        Assert.Empty(SilenceDecisions.DueWork(concluded, Deadline.AddDays(10)));
        Assert.Null(SilenceDecisions.NextDueAt(concluded));
    }

    [Fact]
    public void Nothing_concludes_before_the_deadline() =>
        Assert.Empty(SilenceDecisions.Decide(new ConcludeSilence(ProcedureId), Running(), Chair, Deadline.AddSeconds(-1)));

    [Fact]
    public void The_reminder_is_recorded_once_24_hours_before_the_deadline()
    {
        var running = Running();
        Assert.Equal(Now.AddHours(48), SilenceDecisions.NextDueAt(running));
        Assert.Empty(SilenceDecisions.DueWork(running, Now.AddHours(47)));

        var reminder = SilenceDecisions.DueWork(running, Now.AddHours(48));
        Then(reminder, new SilenceReminderRecorded(GroupId, DraftId, ProcedureId, Deadline, Now.AddHours(48)));

        var reminded = Evolve(running, reminder);
        Assert.Empty(SilenceDecisions.DueWork(reminded, Now.AddHours(60)));
        Assert.Empty(SilenceDecisions.Decide(new RecordSilenceReminder(ProcedureId), reminded, Chair, Now.AddHours(60)));
        Assert.Equal(Deadline, SilenceDecisions.NextDueAt(reminded));
    }

    [Fact]
    public void A_reminder_missed_before_the_deadline_is_not_recorded_after_it()
    {
        var due = SilenceDecisions.DueWork(Running(), Deadline.AddHours(3));
        Assert.IsType<SilenceConcluded>(Assert.Single(due));
    }

    [Fact]
    public void The_Chair_may_cancel_and_a_cancelled_procedure_concludes_nothing()
    {
        var running = Running();
        var cancel = SilenceDecisions.Decide(new CancelSilence(ProcedureId, "Text to be revised."), running, Chair, Now.AddHours(2));
        Then(cancel, new SilenceCancelled(GroupId, DraftId, ProcedureId, Chair.Sub, "Text to be revised.", Now.AddHours(2)));

        var cancelled = Evolve(running, cancel);
        Assert.Empty(SilenceDecisions.DueWork(cancelled, Deadline));
        Assert.Empty(SilenceDecisions.Decide(new CancelSilence(ProcedureId), cancelled, Chair, Now));
        Assert.Throws<ConflictException>(() => SilenceDecisions.Decide(new BreakSilence(ProcedureId, "No."), cancelled, Japan, Now));
    }

    [Theory]
    [InlineData(MemberRole.Expert)]
    [InlineData(MemberRole.Secretariat)]
    [InlineData(MemberRole.Observer)]
    public void Only_the_Chair_cancels(MemberRole role) =>
        Assert.Throws<ForbiddenException>(() => SilenceDecisions.Decide(new CancelSilence(ProcedureId), Running(), new Actor("x", role), Now));

    [Fact]
    public void A_concluded_procedure_cannot_be_cancelled()
    {
        var concluded = Evolve(Running(), SilenceDecisions.DueWork(Running(), Deadline));
        Assert.Throws<ConflictException>(() => SilenceDecisions.Decide(new CancelSilence(ProcedureId), concluded, Chair, Deadline));
    }

    [Fact]
    public void Text_changed_after_it_was_circulated_is_not_agreed_by_silence()
    {
        var running = Running();
        var changed = Drafts.Specs.Evolve(Paragraph(P(1), ParagraphStatus.UnderNegotiation), [
            new ParagraphOptionAdded(GroupId, DraftId, P(1), Guid.NewGuid(), "Other text.", Canada.Sub, "CAN", Now)]);

        var agreement = SilenceRules.AgreementFor(running.Placed[0], changed, null);
        Assert.Equal(ProcedureAgreementOutcome.Refused, agreement.Outcome);
        Assert.Contains(agreement.Blockers, b => b.Obstacle == AgreementObstacle.TextChangedSinceCirculated);
        Assert.Empty(agreement.ParagraphEvents);
    }

    [Fact]
    public void Text_the_Chair_agreed_meanwhile_needs_nothing_more()
    {
        var agreed = Drafts.Specs.Evolve(Paragraph(P(1), ParagraphStatus.UnderNegotiation), [new ParagraphAgreed(GroupId, DraftId, P(1), null, null)]);
        Assert.Equal(ProcedureAgreementOutcome.AlreadyAgreed, SilenceRules.AgreementFor(Running().Placed[0], agreed, null).Outcome);
    }
}
