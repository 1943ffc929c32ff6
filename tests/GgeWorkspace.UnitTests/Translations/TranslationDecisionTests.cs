using GgeWorkspace.Api;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Translations;

namespace GgeWorkspace.UnitTests.Translations;

/// <summary>Translations as text streams of their own: who writes them, when they are stale, and the working language.</summary>
public sealed class TranslationDecisionTests
{
    private static readonly Guid GroupId = Guid.Parse("0190b000-0000-7000-8000-000000000001");
    private static readonly Guid DraftId = Guid.Parse("0190b000-0000-7000-8000-000000000002");
    private static readonly Guid ParagraphId = Guid.Parse("0190b000-0000-7000-8000-000000000003");
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly Actor Secretariat = new("sec", MemberRole.Secretariat);
    private static readonly Actor FrenchTranslator = new("tr-fr", MemberRole.Translator, null, ["fr"]);
    private static readonly Actor Chair = new("chair", MemberRole.Chair);
    private static readonly Actor Expert = new("can", MemberRole.Expert, "CAN");

    private static Draft NewDraft() => Draft.From(new DraftCreated(GroupId, DraftId, "Draft", null, DraftKind.WorkstreamDraft, null));

    private static Paragraph Working(string text = "Verification builds trust.") =>
        Paragraph.From(new ParagraphAdded(GroupId, DraftId, ParagraphId, text, "chair", null, Now));

    private static Paragraph Apply(Paragraph? state, params object[] events) => events.Aggregate(state, Paragraph.Evolve)!;

    private static Paragraph Edited(Paragraph working, string text) =>
        Apply(working, ParagraphDecisions.Sequence(working, TextOperation.FromDiff(working.Text, text), TextChangeKind.Replaced, "chair", null, Now));

    private static Paragraph Translated(Paragraph working, string text, Actor? actor = null)
    {
        var (events, _) = TranslationDecisions.Write(NewDraft(), working, null, "fr", text, new WorkingSource(working.TextVersion, working.Text),
            actor ?? FrenchTranslator, Now);
        return Apply(null, events);
    }

    [Fact]
    public void A_translation_is_its_own_text_stream_named_by_its_paragraph_and_language()
    {
        var translation = Translated(Working(), "La vérification renforce la confiance.");

        Assert.Equal(Translation.IdOf(ParagraphId, "fr"), translation.Id);
        Assert.NotEqual(Translation.IdOf(ParagraphId, "es"), translation.Id);
        Assert.Equal((ParagraphId, "fr", 0L, "Verification builds trust."),
            (translation.TranslationOf!.Value, translation.Language, translation.SourceTextVersion!.Value, translation.SourceText));
        Assert.Equal("La vérification renforce la confiance.", translation.Text);
    }

    [Fact]
    public void A_translation_becomes_stale_when_its_source_changes()
    {
        var working = Working();
        var translation = Translated(working, "La vérification renforce la confiance.");
        Assert.Equal(TranslationStatus.Current, Translation.StatusOf(translation, working));

        var changed = Edited(working, "Verification builds lasting trust.");

        Assert.Equal(TranslationStatus.Stale, Translation.StatusOf(translation, changed));
        Assert.Equal(TranslationStatus.Missing, Translation.StatusOf(null, changed));
    }

    [Fact]
    public void An_edit_undone_leaves_a_translation_current()
    {
        var working = Working();
        var translation = Translated(working, "La vérification renforce la confiance.");

        var undone = Edited(Edited(working, "Verification builds lasting trust."), "Verification builds trust.");

        Assert.Equal(2, undone.TextVersion);
        Assert.Equal(TranslationStatus.Current, Translation.StatusOf(translation, undone));
    }

    [Fact]
    public void A_stale_translation_shows_what_changed_in_the_working_text_word_by_word()
    {
        var diff = TranslationView.WordDiff("Verification builds trust.", "Verification builds lasting trust.");

        Assert.Equal(
            [
                new WordChange(WordChangeKind.Kept, "Verification builds "),
                new WordChange(WordChangeKind.Inserted, "lasting "),
                new WordChange(WordChangeKind.Kept, "trust."),
            ],
            diff);
    }

    [Fact]
    public void Editing_a_translation_while_reading_the_current_working_text_makes_it_current()
    {
        var working = Working();
        var translation = Translated(working, "La vérification renforce la confiance.");
        var changed = Edited(working, "Verification builds lasting trust.");

        var (events, draftEvents) = TranslationDecisions.Write(NewDraft() with { TranslationLanguages = ["fr"] }, changed, translation, "fr",
            "La vérification renforce une confiance durable.", new WorkingSource(changed.TextVersion, changed.Text), FrenchTranslator, Now);
        var after = Apply(translation, events);

        Assert.Empty(draftEvents);
        Assert.Equal("La vérification renforce une confiance durable.", after.Text);
        Assert.Equal(TranslationStatus.Current, Translation.StatusOf(after, changed));
        Assert.Equal(1, after.SourceTextVersion);
    }

    [Fact]
    public void A_confirmation_makes_a_stale_translation_current_and_a_second_one_changes_nothing()
    {
        var working = Working();
        var translation = Translated(working, "La vérification renforce la confiance.");
        var changed = Edited(working, "Verification builds trust!");

        var confirmed = Apply(translation, TranslationDecisions.Confirm(changed, translation, new WorkingSource(1, changed.Text), FrenchTranslator, Now));

        Assert.Equal(TranslationStatus.Current, Translation.StatusOf(confirmed, changed));
        Assert.Equal("La vérification renforce la confiance.", confirmed.Text);
        Assert.Empty(TranslationDecisions.Confirm(changed, confirmed, new WorkingSource(1, changed.Text), FrenchTranslator, Now));
    }

    [Fact]
    public void A_working_text_version_beyond_the_current_one_is_refused()
    {
        var working = Working();
        var translation = Translated(working, "La vérification renforce la confiance.");

        var refused = Assert.Throws<ConflictException>(() =>
            TranslationDecisions.Confirm(working, translation, new WorkingSource(1, working.Text), FrenchTranslator, Now));
        Assert.Equal(0L, refused.Extensions["workingTextVersion"]);
    }

    [Fact]
    public void A_translator_writes_only_their_languages()
    {
        var working = Working();
        var source = new WorkingSource(0, working.Text);

        Assert.Throws<ForbiddenException>(() => TranslationDecisions.Write(NewDraft(), working, null, "es", "La verificación.", source, FrenchTranslator, Now));
        Assert.Throws<ForbiddenException>(() => TranslationDecisions.Write(NewDraft(), working, null, "fr", "La vérification.", source, Chair, Now));
        Assert.Throws<ForbiddenException>(() => TranslationDecisions.Write(NewDraft(), working, null, "fr", "La vérification.", source, Expert, Now));
        Assert.Equal("La verificación.", Translated(working, "La verificación.", Secretariat).Text);
    }

    [Fact]
    public void A_translator_types_live_into_their_language_only_and_not_in_the_working_text()
    {
        var working = Working();
        var translation = Translated(working, "La vérification.");
        var insert = TextOperation.Empty.Retain(CodePoints.Length(translation.Text)).Insert("!");
        var spanish = new Actor("tr-es", MemberRole.Translator, null, ["es"]);

        var (events, _) = ParagraphDecisions.LiveEdit(translation, insert, 0, FrenchTranslator, "op-1", Now, 20_000);
        Assert.Equal("La vérification.!", Apply(translation, events).Text);
        Assert.Throws<ForbiddenException>(() => ParagraphDecisions.LiveEdit(translation, insert, 0, spanish, "op-2", Now, 20_000));
        Assert.Throws<ForbiddenException>(() => ParagraphDecisions.LiveEdit(translation, insert, 0, Expert, "op-3", Now, 20_000));
        Assert.Throws<ForbiddenException>(() => ParagraphDecisions.LiveEdit(working,
            TextOperation.Empty.Retain(CodePoints.Length(working.Text)).Insert("!"), 0, FrenchTranslator, "op-4", Now, 20_000));
    }

    [Fact]
    public void The_first_translation_into_a_language_is_recorded_by_the_draft()
    {
        var working = Working();
        var (_, draftEvents) = TranslationDecisions.Write(NewDraft(), working, null, "fr", "La vérification.", new WorkingSource(0, working.Text),
            FrenchTranslator, Now);

        Assert.Equal([new DraftTranslationLanguageAdded(GroupId, DraftId, "fr")], draftEvents);
    }

    [Fact]
    public void The_working_language_is_not_translated()
    {
        var working = Working();
        var english = new Actor("tr-en", MemberRole.Translator, null, ["en"]);

        Assert.Throws<ConflictException>(() =>
            TranslationDecisions.Write(NewDraft(), working, null, "en", "Verification.", new WorkingSource(0, working.Text), english, Now));
    }

    [Fact]
    public void The_working_language_is_fixed_once_a_translation_exists()
    {
        var draft = NewDraft();
        Assert.Equal("en", draft.WorkingLanguage);

        var french = Draft.Evolve(draft, TranslationDecisions.ChangeWorkingLanguage(draft, "fr", Chair).Single())!;
        Assert.Equal("fr", french.WorkingLanguage);
        Assert.Empty(TranslationDecisions.ChangeWorkingLanguage(french, "fr", Secretariat));

        var translated = Draft.Evolve(french, new DraftTranslationLanguageAdded(GroupId, DraftId, "en"))!;
        var refused = Assert.Throws<ConflictException>(() => TranslationDecisions.ChangeWorkingLanguage(translated, "es", Chair));
        Assert.Equal("fr", refused.Extensions["workingLanguage"]);
    }

    [Fact]
    public void Only_the_Chair_or_the_Secretariat_chooses_the_working_language()
    {
        Assert.Throws<ForbiddenException>(() => TranslationDecisions.ChangeWorkingLanguage(NewDraft(), "fr", Expert));
        Assert.Throws<ForbiddenException>(() => TranslationDecisions.ChangeWorkingLanguage(NewDraft(), "fr", FrenchTranslator));
    }

    [Fact]
    public void A_translation_is_not_a_paragraph_of_the_draft_for_the_routes_that_name_paragraphs()
    {
        var translation = Translated(Working(), "La vérification.");

        Assert.Throws<NotFoundException>(() => translation.InDraft(GroupId, DraftId));
        Assert.Same(translation, translation.TextInDraft(GroupId, DraftId));
        Assert.Throws<NotFoundException>(() => translation.TextInDraft(Guid.NewGuid(), DraftId));
    }

    [Theory]
    [InlineData("بناء الثقة من خلال التحقق.")]
    [InlineData("核查建立信任。")]
    [InlineData("Vérification 👩🏽‍🔬 e\u0301 🇫🇷")]
    public void A_translation_keeps_every_script_byte_exact(string text)
    {
        var translation = Translated(Working(), text, Secretariat);

        Assert.Equal(text, translation.Text);
        Assert.Equal(CodePoints.Length(text), translation.Authorship.Sum(r => r.Length));
    }
}
