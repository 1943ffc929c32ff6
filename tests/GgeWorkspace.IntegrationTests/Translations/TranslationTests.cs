using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Translations;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.Translations;

/// <summary>Translations of a draft's paragraphs over HTTP and the hub: who writes them, when they are stale, and live co-editing.</summary>
public sealed class TranslationTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private sealed record Room(Guid GroupId, Guid DraftId, Guid SectionId, ParagraphView Paragraph, DraftingApi Chair, DraftingApi Secretariat)
    {
        public string Draft => $"/drafts/{DraftId}";

        public string TranslationOf(Guid paragraphId, string language) => $"{Draft}/paragraphs/{paragraphId}/translations/{language}";
    }

    private async Task<Room> RoomAsync(string text = "Verification builds trust between States.", params (string Sub, string[] Languages)[] translators)
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var secretariat = new DraftingApi(api.ClientFor("demo-secretariat"), groupId);
        var version = (await secretariat.Client.GetAsync($"/api/groups/{groupId}")).Version();
        foreach (var (sub, languages) in translators)
        {
            var added = await secretariat.Send(HttpMethod.Post, "/members", new { sub, role = "Translator", languages }, version);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            version = added.Version();
        }
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");
        var section = await chair.AddSection(workstream.DraftId, "Challenges");
        var paragraph = await chair.AddParagraph(workstream.DraftId, section, text);
        return new Room(groupId, workstream.DraftId, section, paragraph, chair, secretariat);
    }

    private DraftingApi As(Room room, string sub) => new(api.ClientFor(sub), room.GroupId);

    private static Task<HttpResponseMessage> Write(DraftingApi who, Room room, Guid paragraphId, string language, string text, long sourceTextVersion, long? ifMatch = null) =>
        who.Send(HttpMethod.Put, room.TranslationOf(paragraphId, language), new { text, sourceTextVersion }, ifMatch);

    private static async Task<ParagraphView> Replace(Room room, ParagraphView paragraph, string text) =>
        await DraftingApi.Read<ParagraphView>(await room.Chair.Send(HttpMethod.Put, $"{room.Draft}/paragraphs/{paragraph.Id}/text", new { text }, paragraph.TextVersion));

    [Fact]
    public async Task Two_Translators_co_edit_a_French_paragraph_live_and_converge_then_a_working_text_edit_makes_it_stale_and_a_confirmation_current()
    {
        var room = await RoomAsync("Verification builds trust.", ("translator-fr-1", ["fr"]), ("translator-fr-2", ["fr", "es"]));
        var first = As(room, "translator-fr-1");
        var started = await DraftingApi.Read<TranslationView>(await Write(first, room, room.Paragraph.Id, "fr", "La vérification renforce la confiance.", 0));
        Assert.Equal(TranslationStatus.Current, started.Status);

        await using var one = new DraftingSession(api.HubFor("translator-fr-1"), room.GroupId, room.DraftId, "translator-fr-1");
        await using var two = new DraftingSession(api.HubFor("translator-fr-2"), room.GroupId, room.DraftId, "translator-fr-2");
        await one.JoinAsync();
        await two.JoinAsync();
        foreach (var session in new[] { one, two })
        {
            session.OpenTranslation(started.Id, started.Text!, started.TextVersion);
            session.ReadingWorkingText(started.Id, 0);
        }
        await two.UpdateTranslationPresenceAsync(started.Id, "fr", 3, null, typing: true);
        await Wait.UntilAsync(() => one.Presence.Values.Any(p => p.Sub == "translator-fr-2" && p.Language == "fr" && p.ParagraphId == started.Id),
            "the first translator sees the second in the French translation");

        string[] pieces = [" très", " 👩🏽‍🔬", " e\u0301", " 核查", " التحقق"];
        var inserted = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(new[] { one, two }.Select((session, i) => Task.Run(async () =>
        {
            var random = new Random(31 * (i + 1));
            for (var n = 0; n < 15; n++)
            {
                session.Edit(started.Id, text =>
                {
                    var at = random.Next(CodePoints.Length(text) + 1);
                    var piece = pieces[random.Next(pieces.Length)];
                    inserted.Add(piece);
                    return TextOperation.Empty.Retain(at).Insert(piece).Retain(CodePoints.Length(text) - at);
                });
                await Task.Delay(random.Next(0, 10));
            }
        })));
        await Wait.UntilAsync(() => one.Snapshot(started.Id).Synchronized && two.Snapshot(started.Id).Synchronized, "every operation committed");
        var live = await DraftingApi.Read<TranslationView>(await first.Client.GetAsync($"/api/groups/{room.GroupId}{room.TranslationOf(room.Paragraph.Id, "fr")}"));
        await Wait.UntilAsync(() => one.Snapshot(started.Id).Version == live.TextVersion && two.Snapshot(started.Id).Version == live.TextVersion,
            "both translators have every operation");
        Assert.Equal(live.Text, one.Snapshot(started.Id).Text);
        Assert.Equal(live.Text, two.Snapshot(started.Id).Text);
        Assert.True(live.TextVersion > 1);
        Assert.Equal(CodePoints.Length(started.Text!) + inserted.Sum(CodePoints.Length), CodePoints.Length(live.Text!));
        Assert.Equal(TranslationStatus.Current, live.Status);
        Assert.Empty(one.Errors);

        var edited = await Replace(room, room.Paragraph, "Verification builds lasting trust.");
        var stale = await DraftingApi.Read<TranslationView>(await first.Client.GetAsync($"/api/groups/{room.GroupId}{room.TranslationOf(room.Paragraph.Id, "fr")}"));
        Assert.Equal(TranslationStatus.Stale, stale.Status);
        Assert.Equal((0L, 1L), (stale.SourceTextVersion, stale.WorkingTextVersion));
        Assert.Equal([new WordChange(WordChangeKind.Kept, "Verification builds "), new WordChange(WordChangeKind.Inserted, "lasting "),
            new WordChange(WordChangeKind.Kept, "trust.")], stale.ChangesSince);

        var confirmed = await DraftingApi.Read<TranslationView>(await first.Send(HttpMethod.Post, room.TranslationOf(room.Paragraph.Id, "fr") + "/confirm",
            new { sourceTextVersion = edited.TextVersion }));
        Assert.Equal((TranslationStatus.Current, 1L, live.Text), (confirmed.Status, confirmed.SourceTextVersion, confirmed.Text));
        Assert.Null(confirmed.ChangesSince);
    }

    [Fact]
    public async Task A_live_edit_that_names_the_working_text_it_read_makes_the_translation_current()
    {
        var room = await RoomAsync("Verification builds trust.", ("translator-fr", ["fr"]));
        var translator = As(room, "translator-fr");
        var started = await DraftingApi.Read<TranslationView>(await Write(translator, room, room.Paragraph.Id, "fr", "La vérification renforce la confiance.", 0));
        var edited = await Replace(room, room.Paragraph, "Verification builds trust!");

        await using var session = new DraftingSession(api.HubFor("translator-fr"), room.GroupId, room.DraftId, "translator-fr");
        await session.JoinAsync();
        session.OpenTranslation(started.Id, started.Text!, started.TextVersion);
        session.ReadingWorkingText(started.Id, edited.TextVersion);
        session.Edit(started.Id, text => TextOperation.Empty.Retain(CodePoints.Length(text) - 1).Delete(1).Insert(" !"));
        await Wait.UntilAsync(() => session.Snapshot(started.Id).Synchronized, "the edit committed");

        var after = await DraftingApi.Read<TranslationView>(await translator.Client.GetAsync($"/api/groups/{room.GroupId}{room.TranslationOf(room.Paragraph.Id, "fr")}"));
        Assert.Equal(("La vérification renforce la confiance !", TranslationStatus.Current, 1L), (after.Text, after.Status, after.SourceTextVersion));
    }

    [Fact]
    public async Task A_Translator_cannot_type_in_the_working_text_nor_in_another_language_live()
    {
        var room = await RoomAsync("Verification builds trust.", ("translator-es", ["es"]));
        var french = await DraftingApi.Read<TranslationView>(await Write(room.Secretariat, room, room.Paragraph.Id, "fr", "La vérification.", 0));
        await using var connection = api.HubFor("translator-es");
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>(nameof(Api.LiveEditing.DraftingHub.JoinDraft), room.GroupId, room.DraftId);

        foreach (var (id, length) in new[] { (room.Paragraph.Id, CodePoints.Length(room.Paragraph.Text)), (french.Id, CodePoints.Length(french.Text!)) })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<OperationAck>(nameof(Api.LiveEditing.DraftingHub.SubmitOperation),
                new SubmitOperation(room.GroupId, room.DraftId, id, 0, Guid.NewGuid().ToString(), TextOperation.Empty.Retain(length).Insert("!"))));
            Assert.Equal(403, Reliability.AuthorizationMatrixTests.ProblemStatus(refused.Message));
        }
        var sourceOnParagraph = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<OperationAck>(nameof(Api.LiveEditing.DraftingHub.SubmitOperation),
            new SubmitOperation(room.GroupId, room.DraftId, room.Paragraph.Id, 0, Guid.NewGuid().ToString(),
                TextOperation.Empty.Retain(CodePoints.Length(room.Paragraph.Text)).Insert("!")) { SourceTextVersion = 0 }));
        Assert.Equal(400, Reliability.AuthorizationMatrixTests.ProblemStatus(sourceOnParagraph.Message));
    }

    [Theory]
    [InlineData("ar", "يبني التحقق الثقة بين الدول.")]
    [InlineData("zh", "核查在各国之间建立信任。")]
    [InlineData("ru", "Проверка укрепляет доверие 👩🏽‍🔬 e\u0301 🇷🇺.")]
    public async Task A_translation_keeps_Arabic_Chinese_emoji_and_combining_characters_byte_exact(string language, string text)
    {
        var room = await RoomAsync();
        var written = await Write(room.Secretariat, room, room.Paragraph.Id, language, text, 0);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(0, written.Version());

        var read = await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.TranslationOf(room.Paragraph.Id, language)}");
        var view = await DraftingApi.Read<TranslationView>(read);
        Assert.Equal(text, view.Text);
        Assert.Equal(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(view.Text!));
        Assert.Equal((language, room.Paragraph.Id, 1), (view.Language, view.ParagraphId, view.Number));
    }

    [Fact]
    public async Task A_translation_is_rewritten_with_its_text_version_and_never_blind()
    {
        var room = await RoomAsync();
        var started = await Write(room.Secretariat, room, room.Paragraph.Id, "fr", "La vérification renforce la confiance.", 0);
        Assert.Equal(0, started.Version());

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Write(room.Secretariat, room, room.Paragraph.Id, "fr", "Autre.", 0)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Write(room.Secretariat, room, room.Paragraph.Id, "fr", "Autre.", 0, ifMatch: 3)).StatusCode);
        var rewritten = await Write(room.Secretariat, room, room.Paragraph.Id, "fr", "La vérification renforce la confiance mutuelle.", 0, ifMatch: 0);
        Assert.Equal(1, rewritten.Version());
        Assert.Equal("La vérification renforce la confiance mutuelle.", (await DraftingApi.Read<TranslationView>(rewritten)).Text);
    }

    [Fact]
    public async Task A_translation_route_refuses_bad_input_with_the_field_at_fault()
    {
        var room = await RoomAsync(translators: ("translator-fr", ["fr"]));
        var translator = As(room, "translator-fr");

        var unknown = await Write(room.Secretariat, room, room.Paragraph.Id, "de", "Verifikation.", 0);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.ProblemAsync()).GetProperty("errors").TryGetProperty("language", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/translations?language=xx")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/translations")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.Secretariat.Send(HttpMethod.Put, room.TranslationOf(room.Paragraph.Id, "fr"), new { text = "La." })).StatusCode);

        var beyond = await Write(translator, room, room.Paragraph.Id, "fr", "La vérification.", 5);
        Assert.Equal(HttpStatusCode.Conflict, beyond.StatusCode);
        Assert.Equal(0, (await beyond.ProblemAsync()).GetProperty("workingTextVersion").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await Write(room.Secretariat, room, room.Paragraph.Id, "en", "Verification.", 0)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await Write(translator, room, room.Paragraph.Id, "es", "La verificación.", 0)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Write(room.Chair, room, room.Paragraph.Id, "fr", "La vérification.", 0)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Write(As(room, "demo-expert-can"), room, room.Paragraph.Id, "fr", "La vérification.", 0)).StatusCode);

        var other = await RoomAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Write(room.Secretariat, room, other.Paragraph.Id, "fr", "La vérification.", 0)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await translator.Client.GetAsync($"/api/groups/{other.GroupId}{other.TranslationOf(other.Paragraph.Id, "fr")}")).StatusCode);

        var french = await DraftingApi.Read<TranslationView>(await Write(translator, room, room.Paragraph.Id, "fr", "La vérification.", 0));
        Assert.Equal(HttpStatusCode.NotFound, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/paragraphs/{french.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.Chair.Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{french.Id}/status",
            new { status = "UnderNegotiation" }, 0)).StatusCode);
    }

    [Fact]
    public async Task A_Translator_needs_languages_and_reads_what_Observers_read()
    {
        var room = await RoomAsync();
        var version = (await room.Secretariat.Client.GetAsync($"/api/groups/{room.GroupId}")).Version();
        var without = await room.Secretariat.Send(HttpMethod.Post, "/members", new { sub = "translator-none", role = "Translator" }, version);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.True((await without.ProblemAsync()).GetProperty("errors").TryGetProperty("languages", out _));
        var unknown = await room.Secretariat.Send(HttpMethod.Post, "/members", new { sub = "translator-de", role = "Translator", languages = new[] { "de" } }, version);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var added = await room.Secretariat.Send(HttpMethod.Post, "/members", new { sub = "translator-ar", role = "Translator", languages = new[] { "ar" } }, version);
        var group = await DraftingApi.Read<JsonElement>(added);
        var member = group.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("sub").GetString() == "translator-ar");
        Assert.Equal(["ar"], member.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));

        var translator = As(room, "translator-ar");
        Assert.Equal(HttpStatusCode.OK, (await translator.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await translator.Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{room.Paragraph.Id}/comments",
            new { text = "Which States?" })).StatusCode);
    }

    [Fact]
    public async Task The_working_language_is_chosen_before_any_translation_and_fixed_after()
    {
        var room = await RoomAsync("La vérification renforce la confiance.");
        var draft = await room.Chair.Draft(room.DraftId);
        Assert.Equal("en", draft.WorkingLanguage);

        var french = await room.Chair.Send(HttpMethod.Put, $"{room.Draft}/working-language", new { language = "fr" }, draft.Version);
        var chosen = await DraftingApi.Read<WorkingLanguageView>(french);
        Assert.Equal("fr", chosen.WorkingLanguage);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.Chair.Send(HttpMethod.Put, $"{room.Draft}/working-language", new { language = "klingon" }, chosen.Version)).StatusCode);

        await DraftingApi.Read<TranslationView>(await Write(room.Secretariat, room, room.Paragraph.Id, "en", "Verification builds trust.", 0));
        var after = await room.Chair.Draft(room.DraftId);
        Assert.Equal("fr", after.WorkingLanguage);
        Assert.Equal(["en"], after.TranslationLanguages);
        var refused = await room.Chair.Send(HttpMethod.Put, $"{room.Draft}/working-language", new { language = "es" }, after.Version);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("fr", (await refused.ProblemAsync()).GetProperty("workingLanguage").GetString());
    }

    [Fact]
    public async Task The_draft_in_one_language_and_the_dashboard_count_current_stale_and_missing_translations()
    {
        var room = await RoomAsync("Verification builds trust.");
        var second = await room.Chair.AddParagraph(room.DraftId, room.SectionId, "Capacity building matters.");
        var otherSection = await room.Chair.AddSection(room.DraftId, "Lessons");
        var third = await room.Chair.AddParagraph(room.DraftId, otherSection, "Lessons were learned.");
        await Write(room.Secretariat, room, room.Paragraph.Id, "fr", "La vérification renforce la confiance.", 0);
        await Write(room.Secretariat, room, second.Id, "fr", "Le renforcement des capacités compte.", 0);
        await Replace(room, second, "Capacity building matters most.");

        var french = await DraftingApi.Read<DraftTranslationsView>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/translations?language=fr"));
        Assert.Equal(
            [(1, TranslationStatus.Current), (2, TranslationStatus.Stale), (3, TranslationStatus.Missing)],
            french.Paragraphs.Select(p => (p.Number!.Value, p.Status)));
        Assert.Contains(new WordChange(WordChangeKind.Inserted, " most"), french.Paragraphs[1].ChangesSince!);
        Assert.Null(french.Paragraphs[2].Text);

        var dashboard = await DraftingApi.Read<ConsensusDashboardView>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/dashboard"));
        var counts = dashboard.Translations!.Single(t => t.Language == "fr");
        Assert.Equal((1, 1, 1), (counts.Current, counts.Stale, counts.Missing));
        Assert.Equal([(1, 1, 0), (0, 0, 1)], counts.Sections.Select(s => (s.Current, s.Stale, s.Missing)));
        Assert.Equal((0, 0, 3), dashboard.Translations!.Where(t => t.Language == "ar").Select(t => (t.Current, t.Stale, t.Missing)).Single());
        Assert.DoesNotContain(dashboard.Translations!, t => t.Language == "en");
        Assert.Equal(3, dashboard.Totals.Paragraphs);
    }

    [Fact]
    public async Task A_revision_keeps_each_paragraphs_translations_as_they_stood()
    {
        var room = await RoomAsync("Verification builds trust.");
        await Write(room.Secretariat, room, room.Paragraph.Id, "zh", "核查建立信任。", 0);
        await Write(room.Secretariat, room, room.Paragraph.Id, "ar", "التحقق يبني الثقة.", 0);
        await Replace(room, room.Paragraph, "Verification builds lasting trust.");
        await Write(room.Secretariat, room, room.Paragraph.Id, "ar", "التحقق يبني ثقة دائمة.", 1, ifMatch: 0);

        var issued = await DraftingApi.Read<JsonElement>(await room.Chair.Send(HttpMethod.Post, $"{room.Draft}/revisions", new { note = "Zero draft" }));
        await Write(room.Secretariat, room, room.Paragraph.Id, "zh", "核查建立持久的信任。", 1, ifMatch: 0);

        var revision = await DraftingApi.Read<JsonElement>(await room.Chair.Client.GetAsync(
            $"/api/groups/{room.GroupId}{room.Draft}/revisions/{issued.GetProperty("number").GetInt32()}"));
        var translations = revision.GetProperty("content").GetProperty("sections")[0].GetProperty("paragraphs")[0].GetProperty("translations")
            .EnumerateArray().ToDictionary(t => t.GetProperty("language").GetString()!, t => (t.GetProperty("text").GetString(), t.GetProperty("status").GetString()));
        Assert.Equal(("核查建立信任。", "Stale"), translations["zh"]);
        Assert.Equal(("التحقق يبني ثقة دائمة.", "Current"), translations["ar"]);
    }

    [Fact]
    public async Task An_amendment_is_written_in_the_working_language_unless_it_names_another()
    {
        var room = await RoomAsync("Verification builds trust.");
        var expert = As(room, "demo-expert-can");
        var english = await DraftingApi.Read<JsonElement>(await expert.Send(HttpMethod.Post, $"{room.Draft}/amendments",
            new { kind = "ReplaceText", paragraphId = room.Paragraph.Id, text = "Verification builds lasting trust." }));
        var french = await DraftingApi.Read<JsonElement>(await expert.Send(HttpMethod.Post, $"{room.Draft}/amendments",
            new { kind = "ReplaceText", paragraphId = room.Paragraph.Id, text = "La vérification renforce la confiance.", language = "fr" }));
        var unknown = await expert.Send(HttpMethod.Post, $"{room.Draft}/amendments",
            new { kind = "ReplaceText", paragraphId = room.Paragraph.Id, text = "Verifikation.", language = "de" });

        Assert.Equal(("en", "fr"), (english.GetProperty("language").GetString(), french.GetProperty("language").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}
