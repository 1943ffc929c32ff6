using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

public sealed class DivergenceTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private async Task<(Guid GroupId, Guid DraftId, ParagraphView Paragraph)> Paragraph(string text)
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Lessons and outstanding issues", "(c)");
        var section = await chair.AddSection(workstream.DraftId, "Lessons");
        return (groupId, workstream.DraftId, await chair.AddParagraph(workstream.DraftId, section, text));
    }

    private async Task<DraftingSession> Join(string sub, Guid groupId, Guid draftId)
    {
        var session = new DraftingSession(api.HubFor(sub), groupId, draftId, sub);
        await session.JoinAsync();
        return session;
    }

    /// <summary>Corrupts the client's copy of the server's text, as a client bug would, without telling anyone.</summary>
    private static void Tamper(ParagraphDocument document, string text)
    {
        lock (document)
        {
            typeof(ParagraphDocument).GetProperty(nameof(ParagraphDocument.ServerText))!.SetValue(document, text);
            typeof(ParagraphDocument).GetProperty(nameof(ParagraphDocument.Text))!.SetValue(document, text);
        }
    }

    [Fact]
    public async Task A_client_whose_text_differs_from_the_servers_hash_resynchronises_and_the_server_counts_the_divergence()
    {
        var (groupId, draftId, paragraph) = await Paragraph("Verification مرحبا");
        await using var tampered = await Join("demo-chair", groupId, draftId);
        await using var other = await Join("demo-expert-can", groupId, draftId);
        var document = tampered.Open(paragraph.Id);
        other.Open(paragraph.Id);
        var divergences = api.Services.GetRequiredService<LiveDivergences>();
        var before = divergences.Count;

        // Same length, other characters: every operation still fits, only the hash can tell.
        Tamper(document, "Verifixation مرحبا");
        other.Edit(paragraph.Id, text => TextOperation.Empty.Retain(CodePoints.Length(text)).Insert(" 核查😀"));

        const string expected = "Verification مرحبا 核查😀";
        await Wait.UntilAsync(() => tampered.Snapshot(paragraph.Id).Text == expected, "the tampered client heals");
        Assert.Equal(1, tampered.Resyncs);
        Assert.Equal(before + 1, divergences.Count);

        // Healed for good: its next edit lands on the server's text, and both clients agree with the server.
        tampered.Edit(paragraph.Id, text => TextOperation.Empty.Insert("¶ ").Retain(CodePoints.Length(text)));
        await Wait.UntilAsync(() => other.Snapshot(paragraph.Id).Text == "¶ " + expected && tampered.Snapshot(paragraph.Id).Synchronized,
            "the healed client's edit reaches the other");
        var server = await new DraftingApi(api.ClientFor("demo-observer"), groupId).Paragraph(draftId, paragraph.Id);
        Assert.Equal("¶ " + expected, server.Text);
        Assert.Equal(server.Text, tampered.Snapshot(paragraph.Id).Text);
        Assert.Equal(1, tampered.Resyncs);
    }

    [Fact]
    public async Task A_client_whose_own_edit_comes_back_with_another_hash_heals_with_that_edit_kept()
    {
        var (groupId, draftId, paragraph) = await Paragraph("States should cooperate.");
        await using var tampered = await Join("demo-chair", groupId, draftId);
        var document = tampered.Open(paragraph.Id);

        // The client's own edit comes back with the server's hash, which its tampered copy does not match.
        Tamper(document, "States should co-operate");
        tampered.Edit(paragraph.Id, text => TextOperation.Empty.Retain(CodePoints.Length(text)).Insert(" 核查"));

        await Wait.UntilAsync(() => tampered.Snapshot(paragraph.Id) is { Synchronized: true, Text: "States should cooperate. 核查" },
            "the client heals with its edit kept");
        var server = await new DraftingApi(api.ClientFor("demo-observer"), groupId).Paragraph(draftId, paragraph.Id);
        Assert.Equal("States should cooperate. 核查", server.Text);
        Assert.Equal(1, tampered.Resyncs);
    }
}
