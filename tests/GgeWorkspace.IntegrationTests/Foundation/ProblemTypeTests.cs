using System.Net;
using System.Net.Http.Json;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Foundation;

/// <summary>Every error answer names a stable problem type a client can switch on, whichever layer produced it.</summary>
public sealed class ProblemTypeTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task Every_problem_names_its_type_whether_thrown_by_a_handler_or_made_from_a_status_code()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = api.ClientFor("demo-chair");
        var anonymous = api.CreateClient();

        async Task Expect(HttpResponseMessage response, HttpStatusCode status, string type)
        {
            using (response)
            {
                Assert.Equal(status, response.StatusCode);
                var problem = await response.ProblemAsync();
                Assert.Equal(type, problem.GetProperty("type").GetString());
                Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            }
        }

        await Expect(await anonymous.GetAsync($"/api/groups/{groupId}"), HttpStatusCode.Unauthorized, ProblemTypes.Unauthenticated);
        await Expect(await chair.GetAsync($"/api/groups/{Guid.NewGuid()}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Expect(await chair.GetAsync("/api/no-such-route"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Expect(await chair.PostAsJsonAsync($"/api/groups/{groupId}/drafts", new { title = "" }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Expect(await chair.PostAsync($"/api/groups/{groupId}/drafts", new StringContent("{", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, ProblemTypes.MalformedRequest);
        await Expect(await chair.PostAsync($"/api/groups/{groupId}/drafts", new StringContent("x", System.Text.Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
    }
}
