using System.Net.Http.Headers;
using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>Language versions in the drafting room: translations beside the working text, kept current by Translators.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TranslationTests(WorkspaceServer server)
{
    private const string French = "La vérification doit être efficace et non discriminatoire.";
    private const string Arabic = "يجب أن يكون التحقق فعالاً وغير تمييزي، وفقاً للمعايير المتفق عليها.";

    private static ILocator Translation(IPage page, Guid paragraphId) => DemoWorkspace.Paragraph(page, paragraphId).Locator(".translation");

    [Fact]
    public async Task A_translator_brings_a_stale_French_paragraph_back_to_current_and_another_page_sees_it()
    {
        var demo = await WithTranslatorAsync();
        var id = demo.Paragraphs[0];
        await TranslateAsync(demo, id, "fr", French);
        await ChangeWorkingTextAsync(demo, id, "Verification must be effective, credible and non-discriminatory.");

        var translator = await OpenInAsync("demo-translator", demo, "fr");
        var observer = await OpenInAsync("demo-observer", demo, "fr");
        await Assertions.Expect(Translation(translator, id)).ToHaveAttributeAsync("data-translation-status", "Stale");
        await Assertions.Expect(Translation(translator, id).Locator(".badge")).ToHaveTextAsync("French translation: stale: the working text changed since");
        await Assertions.Expect(Translation(translator, id).Locator(".word-diff ins")).ToContainTextAsync("credible");
        await Assertions.Expect(Translation(translator, id).Locator(".word-diff ins .visually-hidden").First).ToHaveTextAsync("[inserted: ");
        await Assertions.Expect(Translation(observer, id)).ToHaveAttributeAsync("data-translation-status", "Stale");

        // Typed live: the translation is current as of the working text read once the edit commits.
        await Translation(translator, id).Locator("[data-translation-do=edit]").ClickAsync();
        await Translation(translator, id).Locator("textarea.translation-live").FillAsync("La vérification doit être efficace, crédible et non discriminatoire.");
        await Assertions.Expect(Translation(translator, id).Locator(".badge")).ToHaveTextAsync("French translation: current");
        await Assertions.Expect(Translation(translator, id).Locator(".word-diff")).ToHaveCountAsync(0);
        await Assertions.Expect(Translation(observer, id).Locator(".translation-presence .who[data-sub=\"demo-translator\"]")).ToBeVisibleAsync();
        await Translation(translator, id).Locator("[data-translation-do=done]").ClickAsync();
        await Assertions.Expect(Translation(observer, id).Locator(".translation-presence .who")).ToHaveCountAsync(0);
        await Assertions.Expect(Translation(translator, id).Locator(".translation-text")).ToHaveTextAsync("La vérification doit être efficace, crédible et non discriminatoire.");
        await Assertions.Expect(Translation(observer, id)).ToHaveAttributeAsync("data-translation-status", "Current");
        await Assertions.Expect(Translation(observer, id).Locator(".translation-text")).ToHaveTextAsync("La vérification doit être efficace, crédible et non discriminatoire.");
        await Assertions.Expect(Translation(observer, id).Locator("[data-translation-do]")).ToHaveCountAsync(0);

        // A missing translation is started from a form; a refusal is shown beside its field.
        var missing = Translation(translator, demo.Paragraphs[1]);
        await missing.Locator("[data-translation-do=edit]").ClickAsync();
        await missing.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(missing.Locator(".field-error")).ToBeVisibleAsync();
        await missing.Locator("textarea[name=text]").FillAsync("Le Groupe a examiné les travaux de vérification menés jusqu'ici.");
        await missing.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(missing.Locator(".badge")).ToHaveTextAsync("French translation: current");
        await Assertions.Expect(Translation(observer, demo.Paragraphs[1])).ToHaveAttributeAsync("data-translation-status", "Current");
        await translator.Context.CloseAsync();
        await observer.Context.CloseAsync();
    }

    [Fact]
    public async Task A_translator_confirms_a_stale_translation_from_the_list_of_what_is_left_in_their_languages()
    {
        var demo = await WithTranslatorAsync();
        await TranslateAsync(demo, demo.Paragraphs[0], "fr", French);
        await TranslateAsync(demo, demo.Paragraphs[1], "fr", "Le Groupe a examiné les travaux de vérification menés jusqu'ici.");
        await ChangeWorkingTextAsync(demo, demo.Paragraphs[1], "The Group reviewed the verification work done to date.");

        var page = await OpenInAsync("demo-translator", demo, "fr");
        await Assertions.Expect(page.Locator("[data-counts=fr]")).ToHaveTextAsync("French: 1 stale, 2 missing, 1 current");
        await Assertions.Expect(page.Locator("[data-counts=ar]")).ToHaveTextAsync("Arabic: 0 stale, 4 missing, 0 current");
        await page.GetByLabel("Only stale and missing translations in my languages").CheckAsync();
        await Assertions.Expect(page.Locator("[data-paragraph-id]:visible")).ToHaveCountAsync(3);
        await Assertions.Expect(DemoWorkspace.Paragraph(page, demo.Paragraphs[0])).ToBeHiddenAsync();

        await Translation(page, demo.Paragraphs[1]).Locator("[data-translation-do=confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-counts=fr]")).ToHaveTextAsync("French: 0 stale, 2 missing, 2 current");
        await Assertions.Expect(page.Locator("[data-paragraph-id]:visible")).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_translator_finds_no_working_text_writing_controls_and_writes_only_in_their_languages()
    {
        var demo = await WithTranslatorAsync();
        var page = await OpenInAsync("demo-translator", demo, "fr");
        await Assertions.Expect(page.Locator("[data-translation-do=edit]")).ToHaveCountAsync(4);
        foreach (var control in new[] { "[data-act=edit]", "[data-act=bracket]", "[data-act=add-after]", "[data-act=propose]", "#section-form", ".chair-controls", ".working-language-form" })
            await Assertions.Expect(page.Locator(control)).ToHaveCountAsync(0);

        await page.Locator("[data-do=language]").SelectOptionAsync("es");
        await Assertions.Expect(page.Locator(".translation[data-language=es]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-translation-do]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_Arabic_translation_is_shown_right_to_left_exactly_as_written()
    {
        var demo = await WithTranslatorAsync();
        await TranslateAsync(demo, demo.Paragraphs[0], "ar", Arabic);
        var page = await OpenInAsync("demo-expert-can", demo, "ar");
        var text = Translation(page, demo.Paragraphs[0]).Locator(".translation-text");
        await Assertions.Expect(text).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(text).ToHaveAttributeAsync("lang", "ar");
        Assert.Equal("rtl", await text.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        Assert.Equal(Arabic, await text.EvaluateAsync<string>("e => e.textContent"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_view_with_stale_missing_and_an_open_translation_has_no_accessibility_violations_and_is_pictured()
    {
        var demo = await WithTranslatorAsync();
        await TranslateAsync(demo, demo.Paragraphs[0], "fr", French);
        await ChangeWorkingTextAsync(demo, demo.Paragraphs[0], "Verification must be effective, credible and non-discriminatory.");
        var page = await OpenInAsync("demo-translator", demo, "fr");
        await Assertions.Expect(Translation(page, demo.Paragraphs[0]).Locator(".word-diff")).ToBeVisibleAsync();
        await Translation(page, demo.Paragraphs[1]).Locator("[data-translation-do=edit]").ClickAsync();
        await Assertions.Expect(Translation(page, demo.Paragraphs[1]).Locator("textarea[name=text]")).ToBeFocusedAsync();
        Assert.Empty((await page.RunAxe()).Violations);

        // The language view's screenshot: written to docs/screenshots with GGE_UPDATE_SCREENSHOTS=1, as ScreenshotTests does.
        var folder = Environment.GetEnvironmentVariable("GGE_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "languages.png"), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(folder, "languages.png")).Length > 10_000, "languages.png looks empty.");
        await page.Context.CloseAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return dir.FullName;
        throw new InvalidOperationException("GgeWorkspace.sln was not found above the test folder.");
    }

    [Fact]
    public async Task The_working_language_changes_until_the_draft_has_a_translation_and_then_the_refusal_is_shown()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var page = await server.OpenDraftAsync("demo-secretariat", demo);
        var form = page.Locator(".working-language-form");
        await form.Locator("select[name=language]").SelectOptionAsync("fr");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-do=language] option:checked")).ToHaveTextAsync("French (working language)");

        await TranslateAsync(demo, demo.Paragraphs[0], "en", DemoWorkspace.English);
        await form.Locator("select[name=language]").SelectOptionAsync("en");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form.Locator(".form-error")).ToContainTextAsync("fixed once a translation exists");
        await Assertions.Expect(page.Locator("[data-do=language] option:checked")).ToHaveTextAsync("French (working language)");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_Secretariat_officer_adds_a_Translator_with_languages_and_changes_them()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var page = await server.SignInAsync("demo-secretariat");
        await page.GotoAsync($"{server.BaseUrl}/#/groups/{demo.GroupId}");
        var form = page.Locator("#member-form");
        await form.Locator("input[name=sub]").FillAsync("demo-translator");
        await form.Locator("input[name=displayName]").FillAsync("Camille Laurent");
        await form.Locator("select[name=role]").SelectOptionAsync("Translator");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form.Locator(".field-error:visible")).ToContainTextAsync("languages they translate into");

        await form.GetByLabel("French").CheckAsync();
        await form.GetByLabel("Arabic").CheckAsync();
        await form.Locator("button[type=submit]").ClickAsync();
        var member = page.Locator("[data-member=\"demo-translator\"]");
        await Assertions.Expect(member).ToContainTextAsync("Translator · translates into Arabic, French");

        await member.Locator("[data-member-do=change]").ClickAsync();
        await page.Locator("dialog.ask input[name=languages]").FillAsync("Spanish, ru");
        await page.Locator("dialog.ask [data-answer=confirm]").ClickAsync();
        await Assertions.Expect(member).ToContainTextAsync("Translator · translates into Russian, Spanish");
        await page.Context.CloseAsync();
    }

    private async Task<DemoWorkspace> WithTranslatorAsync()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var secretariat = await server.ClientForAsync("demo-secretariat");
        var group = await DemoWorkspace.Read(await secretariat.GetAsync($"/api/groups/{demo.GroupId}"));
        using var add = new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{demo.GroupId}/members")
        {
            Content = JsonContent.Create(new { sub = "demo-translator", displayName = "Camille Laurent", role = "Translator", languages = new[] { "fr", "ar" } }),
        };
        add.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{group.GetProperty("version").GetInt64()}\""));
        await DemoWorkspace.Read(await secretariat.SendAsync(add));
        return demo;
    }

    /// <summary>The Secretariat translates the paragraph's working text as it is now.</summary>
    private async Task TranslateAsync(DemoWorkspace demo, Guid paragraphId, string language, string text)
    {
        var secretariat = await server.ClientForAsync("demo-secretariat");
        var working = await DemoWorkspace.Read(await secretariat.GetAsync($"{demo.ApiPath}/paragraphs/{paragraphId}"));
        var current = await secretariat.GetAsync($"{demo.ApiPath}/paragraphs/{paragraphId}/translations/{language}");
        var textVersion = (await DemoWorkspace.Read(current)).GetProperty("textVersion").GetInt64();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"{demo.ApiPath}/paragraphs/{paragraphId}/translations/{language}")
        {
            Content = JsonContent.Create(new { text, sourceTextVersion = working.GetProperty("textVersion").GetInt64() }),
        };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{textVersion}\""));
        await DemoWorkspace.Read(await secretariat.SendAsync(put));
    }

    private async Task ChangeWorkingTextAsync(DemoWorkspace demo, Guid paragraphId, string text)
    {
        var chair = await server.ClientForAsync("demo-chair");
        var working = await DemoWorkspace.Read(await chair.GetAsync($"{demo.ApiPath}/paragraphs/{paragraphId}"));
        using var put = new HttpRequestMessage(HttpMethod.Put, $"{demo.ApiPath}/paragraphs/{paragraphId}/text") { Content = JsonContent.Create(new { text }) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{working.GetProperty("textVersion").GetInt64()}\""));
        await DemoWorkspace.Read(await chair.SendAsync(put));
    }

    /// <summary>Signed in as <paramref name="sub"/> on the demo draft, showing it in <paramref name="language"/> beside the working text.</summary>
    private async Task<IPage> OpenInAsync(string sub, DemoWorkspace demo, string language)
    {
        var page = await server.OpenDraftAsync(sub, demo);
        await page.Locator("[data-do=language]").SelectOptionAsync(language);
        await Assertions.Expect(page.Locator($".translation[data-language={language}]")).ToHaveCountAsync(demo.Paragraphs.Count);
        return page;
    }
}
