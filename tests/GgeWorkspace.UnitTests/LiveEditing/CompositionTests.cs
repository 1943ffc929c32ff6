using System.Diagnostics;
using System.Text.Json;

namespace GgeWorkspace.UnitTests.LiveEditing;

/// <summary>
/// The web client's input-method rule (wwwroot/js/draft/composition.js, run in Node): the text composed is sent as one
/// operation at compositionend, over whatever reached the paragraph meanwhile, and the writer's caret follows.
/// </summary>
public sealed class CompositionTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return dir.FullName;
        throw new InvalidOperationException("GgeWorkspace.sln was not found above the test folder.");
    }

    /// <summary>Composes `composed` over `shown` while `remote` (operations, or null for a whole new text `docText`) arrives.</summary>
    private static async Task<(JsonElement Op, int Caret, string Text)> ComposeAsync(string shown, string composed, string? remoteJson, string docText)
    {
        var module = new Uri(Path.Combine(RepositoryRoot(), "src", "GgeWorkspace.Api", "wwwroot", "js", "draft", "composition.js")).AbsoluteUri;
        var ot = new Uri(Path.Combine(RepositoryRoot(), "src", "GgeWorkspace.Api", "wwwroot", "js", "ot.js")).AbsoluteUri;
        const string script = """
            const [module, ot, shown, composed, remote, docText] = process.argv.slice(1);
            const { compositionStarted, deferRemote, composedEdit } = await import(module);
            const { apply } = await import(ot);
            const editing = { textarea: { value: shown, selectionEnd: shown.length } };
            compositionStarted(editing);
            for (const op of JSON.parse(remote) ?? [null]) deferRemote(editing, op);
            editing.textarea.value = composed;
            editing.textarea.selectionEnd = composed.length;
            const { op, caret } = composedEdit(editing, docText);
            console.log(JSON.stringify({ op, caret, text: apply(docText, op), composing: editing.composing }));
            """;
        var start = new ProcessStartInfo("node", ["--input-type=module", "-e", script, module, ot, shown, composed, remoteJson ?? "null", docText])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, await errors);
        var result = JsonDocument.Parse(await output).RootElement.Clone();
        Assert.False(result.GetProperty("composing").GetBoolean());
        return (result.GetProperty("op"), result.GetProperty("caret").GetInt32(), result.GetProperty("text").GetString()!);
    }

    [Fact]
    public async Task Without_remote_edits_the_composed_text_is_one_insert_and_the_caret_ends_after_it()
    {
        var (op, caret, text) = await ComposeAsync("核查", "核查中国", "[]", "核查");
        Assert.Equal("[2,\"中国\"]", op.GetRawText());
        Assert.Equal((4, "核查中国"), (caret, text));
    }

    [Fact]
    public async Task The_composed_text_goes_over_a_remote_edit_that_arrived_meanwhile_and_the_caret_follows()
    {
        var (op, caret, text) = await ComposeAsync("核查", "核查中国", "[[\"A \", 2]]", "A 核查");
        Assert.Equal("[4,\"中国\"]", op.GetRawText());
        Assert.Equal((6, "A 核查中国"), (caret, text));
    }

    [Fact]
    public async Task A_remote_insert_at_the_same_place_comes_first_as_the_server_committed_it_first()
    {
        var (_, caret, text) = await ComposeAsync("핵", "핵한국", "[[1, \"!\"], [2, \"?\"]]", "핵!?");
        Assert.Equal((5, "핵!?한국"), (caret, text));
    }

    [Fact]
    public async Task After_the_whole_text_was_replaced_meanwhile_the_composed_text_goes_over_the_difference()
    {
        var (_, caret, text) = await ComposeAsync("核查", "核查中国", null, "X核查");
        Assert.Equal((5, "X核查中国"), (caret, text));
    }
}
