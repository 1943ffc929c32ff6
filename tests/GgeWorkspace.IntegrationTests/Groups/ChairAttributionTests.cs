using System.Net;
using System.Net.Http.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;

namespace GgeWorkspace.IntegrationTests.Groups;

/// <summary>The Chair presides in a personal capacity: without an explicit attribution, a Chair speaks for no State.</summary>
public sealed class ChairAttributionTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private static async Task<GroupView> Read(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<GroupView>(Json.Options))!;
    }

    private async Task<GroupView> NewGroup()
    {
        var created = await api.ClientFor("demo-secretariat").PostAsJsonAsync("/api/groups", new { name = "GGE on verification", mandateReference = "A/RES/71/67" });
        return await Read(created);
    }

    private Task<HttpResponseMessage> AddMember(Guid groupId, long version, object body) =>
        api.ClientFor("demo-secretariat").SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{groupId}/members") { Content = JsonContent.Create(body, options: Json.Options) }.WithIfMatch(version));

    [Fact]
    public async Task A_Chair_added_without_an_attribution_is_attributed_personally_and_their_text_and_events_carry_no_State()
    {
        var group = await NewGroup();
        var added = await Read(await AddMember(group.Id, group.Version, new { sub = "chair-swe", displayName = "Chair", role = "Chair", nominatingState = "SWE" }));
        var chair = added.Members.Single(m => m.Sub == "chair-swe");
        Assert.Equal((ContributionAttribution.Personal, "SWE"), (chair.Attribution, chair.NominatingState));

        var drafting = new DraftingApi(api.ClientFor("chair-swe"), group.Id);
        var workstream = await drafting.CreateWorkstream("Verification challenges", "(a)");
        var section = await drafting.AddSection(workstream.DraftId, "Challenges");
        var p = await drafting.AddParagraph(workstream.DraftId, section, "The Group met three times.");
        var read = await drafting.Paragraph(workstream.DraftId, p.Id);

        Assert.All(read.Authorship!, run => Assert.Null(run.AuthorState));
        await using var session = api.Store.QuerySession();
        var stored = Assert.Single(await session.Events.FetchStreamAsync(p.Id));
        Assert.Null(Assert.IsType<ParagraphAdded>(stored.Data).AuthorState);
        Assert.False(stored.Headers?.ContainsKey(EventHeaders.State) ?? false);
    }

    [Fact]
    public async Task The_group_can_still_attribute_a_Chair_to_the_nominating_State_explicitly()
    {
        var group = await NewGroup();
        var added = await Read(await AddMember(group.Id, group.Version,
            new { sub = "chair-nor", role = "Chair", nominatingState = "NOR", attribution = "NominatingState" }));

        Assert.Equal(ContributionAttribution.NominatingState, added.Members.Single(m => m.Sub == "chair-nor").Attribution);
    }

    [Fact]
    public async Task An_Expert_changed_to_Chair_without_an_attribution_becomes_personal()
    {
        var group = await NewGroup();
        var added = await Read(await AddMember(group.Id, group.Version, new { sub = "expert-mex", role = "Expert", nominatingState = "MEX" }));
        Assert.Equal(ContributionAttribution.NominatingState, added.Members.Single(m => m.Sub == "expert-mex").Attribution);

        var changed = await api.ClientFor("demo-secretariat").SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/groups/{group.Id}/members/expert-mex")
        {
            Content = JsonContent.Create(new { role = "Chair", nominatingState = "MEX" }, options: Json.Options),
        }.WithIfMatch(added.Version));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var chair = (await Read(changed)).Members.Single(m => m.Sub == "expert-mex");
        Assert.Equal((MemberRole.Chair, ContributionAttribution.Personal, "MEX"), (chair.Role, chair.Attribution, chair.NominatingState));
    }
}
