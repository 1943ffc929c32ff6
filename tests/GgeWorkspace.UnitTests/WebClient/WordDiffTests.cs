using System.Diagnostics;

namespace GgeWorkspace.UnitTests.WebClient;

/// <summary>
/// The web client's word diff (js/word-diff.js), which shows amendments as suggestions, run in Node by
/// tests/web-client/word-diff.mjs: each test names the rule the script checks.
/// </summary>
public sealed class WordDiffTests
{
    [Theory]
    [InlineData("a_word_diff_gives_back_both_texts")]
    [InlineData("a_changed_word_is_one_deletion_and_one_insertion")]
    [InlineData("a_space_between_two_changed_words_belongs_to_one_change")]
    [InlineData("chinese_is_compared_character_by_character")]
    [InlineData("emoji_sequences_and_flags_are_never_split")]
    [InlineData("very_different_long_texts_are_one_replacement_that_gives_back_both")]
    [InlineData("a_suggestion_on_unchanged_text_is_the_word_diff")]
    [InlineData("words_written_since_the_proposal_are_left_as_they_are")]
    [InlineData("a_proposal_whose_words_changed_since_is_shown_against_the_text_now")]
    public async Task The_web_clients_word_diff_keeps_the_rule(string rule)
    {
        var start = new ProcessStartInfo("node", [Path.Combine("tests", "web-client", "word-diff.mjs"), rule])
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"{await output}\n{await errors}");
        Assert.Equal($"{rule}: holds", (await output).TrimEnd());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return dir.FullName;
        throw new InvalidOperationException("GgeWorkspace.sln was not found above the test folder.");
    }
}
