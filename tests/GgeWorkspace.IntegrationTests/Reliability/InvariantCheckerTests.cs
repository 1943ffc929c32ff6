using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;

namespace GgeWorkspace.IntegrationTests.Reliability;

public sealed class InvariantCheckerTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private Task ExecuteAsync(string sql) => Sql.ExecuteAsync(api.ConnectionString, sql);

    [Fact]
    public async Task The_checker_passes_on_a_populated_database_and_finds_a_corrupted_read_model_and_a_version_gap()
    {
        var world = await PopulatedGroup.CreateAsync(api);
        await api.WaitForDaemonAsync();
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await InvariantCheck.AssertHoldsAsync(api.Store, api.Services);

        // A read model edited behind the events' back.
        await ExecuteAsync($"update mt_doc_paragraph set data = jsonb_set(data, '{{text}}', '\"Tampered text.\"') where id = '{world.ParagraphId}'");
        var violations = await InvariantCheck.RunAsync(api.Store, api.Services);
        var found = Assert.Single(violations);
        Assert.Equal(4, found.Invariant);
        Assert.Contains(world.ParagraphId.ToString(), found.What);
        Assert.Contains("Tampered text.", found.What);

        // An event lost from the middle of a stream.
        await ExecuteAsync($"delete from mt_events where stream_id = '{world.OtherGroupId}' and version = 2");
        violations = await InvariantCheck.RunAsync(api.Store, api.Services);
        Assert.Contains(violations, v => v.Invariant == 3 && v.What.Contains(world.OtherGroupId.ToString(), StringComparison.Ordinal));
    }
}

/// <summary>The checker on stored data broken in the ways it must report rather than crash on (own database: it stays broken).</summary>
public sealed class InvariantCheckerFindingsTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private Task ExecuteAsync(string sql) => Sql.ExecuteAsync(api.ConnectionString, sql);

    [Fact]
    public async Task The_checker_reports_an_unreadable_event_a_missing_snapshot_and_a_stale_snapshot_without_crashing()
    {
        var room = await DraftRoom.CreateAsync(api);
        var unreadable = await room.AddParagraph("An event of this paragraph will not read.");
        var missing = await room.AddParagraph("This paragraph's snapshot will be gone.");
        var stale = await room.AddParagraph("This paragraph's snapshot will lag behind.");
        await room.ReplaceText(stale, "This paragraph's snapshot will lag behind its events.");
        await api.WaitForDaemonAsync();
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await InvariantCheck.AssertHoldsAsync(api.Store, api.Services);

        // The first event's text becomes a number; a snapshot row is deleted; another is set back one text change.
        await ExecuteAsync($"update mt_events set data = jsonb_set(data, '{{text}}', '42') where stream_id = '{unreadable.Id}' and version = 1");
        await ExecuteAsync($"delete from mt_doc_paragraph where id = '{missing.Id}'");
        await ExecuteAsync($"update mt_doc_paragraph set data = jsonb_set(jsonb_set(data, '{{textVersion}}', '0'), '{{text}}', to_jsonb('{stale.Text.Replace("'", "''", StringComparison.Ordinal)}'::text)) where id = '{stale.Id}'");

        var violations = await InvariantCheck.RunAsync(api.Store, api.Services);
        Assert.Contains(violations, v => v.Invariant == 9 && v.What.Contains(unreadable.Id.ToString(), StringComparison.Ordinal) && v.What.Contains("cannot be read", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Invariant == 4 && v.What.Contains(missing.Id.ToString(), StringComparison.Ordinal) && v.What.Contains("no stored snapshot", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Invariant == 4 && v.What.Contains(stale.Id.ToString(), StringComparison.Ordinal) && v.What.Contains("differs from its rebuild", StringComparison.Ordinal));
    }
}
