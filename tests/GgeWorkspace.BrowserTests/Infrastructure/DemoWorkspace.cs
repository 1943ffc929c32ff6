using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GgeWorkspace.BrowserTests.Infrastructure;

/// <summary>A group with the demo cast and a workstream draft with paragraphs in English, Arabic and Chinese, made over HTTP.</summary>
public sealed record DemoWorkspace(Guid GroupId, Guid DraftId, IReadOnlyList<Guid> Paragraphs)
{
    public const string English = "Verification must be effective and non-discriminatory.";
    public const string Second = "The Group reviewed the verification work done so far.";
    public const string Arabic = "يؤكد الفريق أن التحقق عنصر أساسي لنزع السلاح النووي.";
    public const string Chinese = "核裁军核查应当有效、可信、非歧视。";

    public string DraftHash => $"#/groups/{GroupId}/drafts/{DraftId}";

    /// <summary>The draft's path in the API.</summary>
    public string ApiPath => $"/api/groups/{GroupId}/drafts/{DraftId}";

    /// <summary>A paragraph of the drafting room, by id.</summary>
    public static Microsoft.Playwright.ILocator Paragraph(Microsoft.Playwright.IPage page, Guid id) => page.Locator($"[data-paragraph-id=\"{id}\"]");

    public static async Task<DemoWorkspace> CreateAsync(WorkspaceServer server)
    {
        var secretariat = await server.ClientForAsync("demo-secretariat");
        var created = await Read(await secretariat.PostAsJsonAsync("/api/groups",
            new { name = "Group of Governmental Experts on nuclear disarmament verification", mandateReference = "A/RES/71/67" }));
        var groupId = created.GetProperty("id").GetGuid();
        var version = created.GetProperty("version").GetInt64();
        (string Sub, string Name, string Role, string? State)[] members =
        [
            ("demo-chair", "Ingrid Halvorsen", "Chair", "NOR"), ("demo-expert-can", "Claire Tremblay", "Expert", "CAN"),
            ("demo-expert-mex", "Sofía Hernández", "Expert", "MEX"), ("demo-expert-chn", "李明 (Li Ming)", "Expert", "CHN"),
            ("demo-observer", "Elena Petrova", "Observer", null),
        ];
        foreach (var (sub, name, role, state) in members)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{groupId}/members")
            {
                Content = JsonContent.Create(new { sub, displayName = name, role, nominatingState = state }),
            };
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
            version = (await Read(await secretariat.SendAsync(request))).GetProperty("version").GetInt64();
        }

        var chair = await server.ClientForAsync("demo-chair");
        var g = $"/api/groups/{groupId}";
        var workstream = await Read(await chair.PostAsJsonAsync($"{g}/workstreams", new
        {
            title = "Verification challenges", mandate = "Identify the verification challenges of a world without nuclear weapons",
            label = "(a)", provisionalSymbol = "GGE/NDV/2019/CRP.1",
        }));
        var draftId = workstream.GetProperty("draftId").GetGuid();
        var d = $"{g}/drafts/{draftId}";
        foreach (var heading in new[] { "Introduction", "Verification challenges" })
        {
            var draftVersion = (await Read(await chair.GetAsync(d))).GetProperty("version").GetInt64();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{d}/sections") { Content = JsonContent.Create(new { heading }) };
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{draftVersion}\""));
            (await chair.SendAsync(request)).EnsureSuccessStatusCode();
        }
        var sections = (await Read(await chair.GetAsync(d))).GetProperty("sections");
        var intro = sections[0].GetProperty("id").GetGuid();
        var challenges = sections[1].GetProperty("id").GetGuid();
        var paragraphs = new List<Guid>();
        foreach (var (section, text) in new[] { (intro, English), (challenges, Second), (challenges, Arabic), (challenges, Chinese) })
        {
            var p = await Read(await chair.PostAsJsonAsync($"{d}/paragraphs", new { sectionId = section, text }));
            paragraphs.Add(p.GetProperty("id").GetGuid());
        }

        // Something to see: a bracket on the second paragraph (code points 4..9, "Group").
        var second = await Read(await chair.GetAsync($"{d}/paragraphs/{paragraphs[1]}"));
        (await chair.PostAsJsonAsync($"{d}/paragraphs/{paragraphs[1]}/brackets", new
        {
            start = 4, end = 9, textVersion = second.GetProperty("textVersion").GetInt64(), kind = "Contentious", holders = new[] { "CHN" }, reason = "China asked for it.",
        })).EnsureSuccessStatusCode();
        return new DemoWorkspace(groupId, draftId, paragraphs);
    }

    public static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
