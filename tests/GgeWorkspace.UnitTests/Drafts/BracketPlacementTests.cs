using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Drafts;

/// <summary>Where a bracket may stand: nested in or around others but never crossing them, and never inside a grapheme cluster.</summary>
public sealed class BracketPlacementTests
{
    // Code points: "The Group " 0..10, "welcomed" 10..18, " the report " 18..30, "of the Secretary-General." 30..55.
    private const string Text = "The Group welcomed the report of the Secretary-General.";

    private static Paragraph Negotiated(string text) => Given(InStatus(ParagraphStatus.UnderNegotiation, text));

    private static Paragraph With(Paragraph state, int start, int end) =>
        Evolve(state, When(state, new AddBracket(ParagraphId, Guid.NewGuid(), start, end, state.TextVersion, BracketKind.Contentious, []), CanadianExpert));

    private static Bracket Placed(string text, int start, int end) => Assert.Single(With(Negotiated(text), start, end).Brackets);

    [Theory]
    [InlineData(8, 19, 10, 25)]
    [InlineData(10, 25, 8, 19)]
    [InlineData(0, 30, 29, 55)]
    public void A_bracket_crossing_another_is_refused(int firstStart, int firstEnd, int secondStart, int secondEnd)
    {
        var state = With(Negotiated(Text), firstStart, firstEnd);

        var error = Assert.Throws<ConflictException>(() => With(state, secondStart, secondEnd));

        Assert.Equal(state.Brackets[0].Id, error.Extensions["crossedBracketId"]);
        Assert.Equal(firstStart, error.Extensions["crossedStart"]);
    }

    [Theory]
    [InlineData(8, 25, 10, 19)]
    [InlineData(10, 19, 8, 25)]
    [InlineData(10, 18, 10, 30)]
    [InlineData(10, 30, 18, 30)]
    [InlineData(10, 18, 10, 18)]
    [InlineData(10, 18, 18, 30)]
    [InlineData(0, 10, 30, 55)]
    public void Brackets_may_nest_inside_or_around_each_other_share_an_end_or_stand_apart(int firstStart, int firstEnd, int secondStart, int secondEnd)
    {
        var state = With(With(Negotiated(Text), firstStart, firstEnd), secondStart, secondEnd);

        Assert.Equal([(firstStart, firstEnd), (secondStart, secondEnd)], state.Brackets.Select(b => (b.Start, b.End)));
    }

    [Fact]
    public void A_bracket_ending_between_a_letter_and_its_combining_accent_takes_the_whole_letter()
    {
        // "cafe\u0301 noir": the e and its acute accent (code points 3 and 4) read as one letter.
        var bracket = Placed("cafe\u0301 noir", 0, 4);

        Assert.Equal((0, 5), (bracket.Start, bracket.End));
    }

    [Fact]
    public void A_bracket_starting_inside_a_ZWJ_emoji_or_a_flag_takes_the_whole_of_it()
    {
        // A family (woman ZWJ woman ZWJ girl: five code points), a space, the United Nations flag (two regional indicators).
        const string text = "\U0001F469\u200D\U0001F469\u200D\U0001F467 \U0001F1FA\U0001F1F3";

        var family = Placed(text, 2, 4);
        var flag = Placed(text, 7, 8);

        Assert.Equal((0, 5), (family.Start, family.End));
        Assert.Equal((6, 8), (flag.Start, flag.End));
    }

    [Fact]
    public void Arabic_letters_keep_their_vowel_marks_inside_a_bracket()
    {
        // "بِسْمِ اللهِ": each letter may carry a vowel mark (a combining code point after it).
        const string text = "\u0628\u0650\u0633\u0652\u0645\u0650 \u0627\u0644\u0644\u0647\u0650";

        var bracket = Placed(text, 1, 3);

        Assert.Equal((0, 4), (bracket.Start, bracket.End));
        Assert.Equal("\u0628\u0650\u0633\u0652", CodePoints.Slice(text, bracket.Start, bracket.Length));
    }

    [Fact]
    public void Chinese_characters_are_clusters_of_their_own_so_a_bracket_around_them_stays_as_given()
    {
        const string text = "专家组欢迎秘书长的报告。";

        var bracket = Placed(text, 3, 5);

        Assert.Equal("欢迎", CodePoints.Slice(text, bracket.Start, bracket.Length));
    }

    [Fact]
    public void A_span_that_splits_a_cluster_only_after_later_edits_is_widened_against_the_current_text()
    {
        var state = Negotiated("resume now");
        // Someone types an acute accent after the final e of "resume": the span [0, 6) given at version 0 now ends inside "e\u0301".
        state = Evolve(state, When(state, new ChangeParagraphText(ParagraphId, TextOperation.Identity(6).Insert("\u0301").Retain(4), 0, TextChangeKind.LiveEdit), Chair));

        var added = Assert.IsType<BracketAdded>(Assert.Single(
            When(state, new AddBracket(ParagraphId, Guid.NewGuid(), 0, 6, 0, BracketKind.Contentious, []), CanadianExpert)));

        Assert.Equal((0, 7), (added.Start, added.End));
    }
}
