using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Client.Live;

namespace GgeWorkspace.UnitTests.LiveEditing;

/// <summary>
/// The protocol's normative vectors (docs/live-editing-vectors.json, generated with ot-text-unicode as the reference) run
/// against the server's TextOperation, and against the web client's ot.js in Node.
/// </summary>
public sealed class LiveEditingVectorTests
{
    private static readonly Lazy<JsonArray> Cases = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "live-editing-vectors.json")))!["cases"]!.AsArray());

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return dir.FullName;
        throw new InvalidOperationException("GgeWorkspace.sln was not found above the test folder.");
    }

    public static TheoryData<string> Of(string kind) => [.. Cases.Value.Where(c => (string)c!["kind"]! == kind).Select(c => (string)c!["id"]!)];

    private static JsonNode Case(string id) => Cases.Value.Single(c => (string)c!["id"]! == id)!;

    private static TextOperation Operation(JsonNode? node) => node.Deserialize<TextOperation>()!;

    private static void Same(JsonNode? expected, TextOperation actual) => Assert.Equal(expected!.ToJsonString(), actual.ToString());

    [Fact]
    public void The_vectors_cover_every_kind_with_at_least_three_hundred_cases()
    {
        var kinds = Cases.Value.GroupBy(c => (string)c!["kind"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(Cases.Value.Count >= 300, $"{Cases.Value.Count} cases");
        foreach (var kind in new[] { "apply", "transform", "compose", "normalize", "position", "refuse", "accept", "textHash" }) Assert.True(kinds.GetValueOrDefault(kind) > 0, kind);
        Assert.Equal(Cases.Value.Count, Cases.Value.Select(c => (string)c!["id"]!).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Of), "apply")]
    public void Applying_gives_the_reference_text(string id)
    {
        var c = Case(id);
        Assert.Equal((string)c["expected"]!, TextOperation.Apply((string)c["text"]!, Operation(c["operation"])));
    }

    [Theory]
    [MemberData(nameof(Of), "transform")]
    public void Transforming_gives_the_reference_operation_for_the_tie_side(string id)
    {
        var c = Case(id);
        var side = (string)c["side"]! switch { "thisFirst" => TieBreak.ThisFirst, "otherFirst" => TieBreak.OtherFirst, var s => throw new InvalidDataException(s) };
        Same(c["expected"], TextOperation.Transform(Operation(c["operation"]), Operation(c["other"]), side));
    }

    [Theory]
    [MemberData(nameof(Of), "compose")]
    public void Composing_gives_the_reference_operation(string id)
    {
        var c = Case(id);
        var composed = TextOperation.Compose(Operation(c["first"]), Operation(c["second"]));
        Same(c["expected"], composed);
        var text = (string)c["text"]!;
        Assert.Equal(TextOperation.Apply(TextOperation.Apply(text, Operation(c["first"])), Operation(c["second"])), TextOperation.Apply(text, composed));
    }

    [Theory]
    [MemberData(nameof(Of), "normalize")]
    public void Reading_components_merges_neighbours_of_one_kind_and_keeps_their_order(string id)
    {
        var c = Case(id);
        Same(c["expected"], Operation(c["components"]));
    }

    [Theory]
    [MemberData(nameof(Of), "position")]
    public void A_position_moves_to_the_reference_place_whatever_the_order_of_a_replacement(string id)
    {
        var c = Case(id);
        Assert.Equal((int)c["expected"]!, TextOperation.TransformPosition((int)c["index"]!, Operation(c["operation"]), (bool)c["stickToRight"]!));
    }

    [Theory]
    [MemberData(nameof(Of), "textHash")]
    public void The_text_hash_matches_the_reference(string id)
    {
        var c = Case(id);
        Assert.Equal((string)c["expected"]!, TextHash.Of((string)c["text"]!));
    }

    /// <summary>What the hub answers: the reader's refusal, the door's, or (fitting the text or not) the sequencer's.</summary>
    private static (int Status, string Type, string? Field)? Answer(JsonNode c)
    {
        var json = (string)c["operation"]!;
        TextOperation operation;
        try
        {
            operation = JsonSerializer.Deserialize<TextOperation>(json)!;
        }
        catch (JsonException e) when (TextOperationJsonConverter.MalformedComponent(e, out var index))
        {
            return (400, ProblemTypes.InvalidOperation, index is { } i ? $"operation[{i}]" : "operation");
        }
        if (c["readOnly"] is not null) return null;
        var length = (int)c["textLength"]!;
        var text = (string?)c["text"] ?? new string('a', length);
        try
        {
            DraftingHub.CheckAtTheDoor(new SubmitOperation(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 0, "vector", operation), 20_000);
            TextOperation.Apply(text, operation);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationFormatException or TextOperationException)
        {
            var problem = ProblemDetailsExceptionHandler.ToProblem(e)!;
            var field = e is InvalidOperationFormatException invalid ? invalid.Errors.Keys.Single() : null;
            return (problem.Status!.Value, problem.Type!, field);
        }
    }

    [Theory]
    [MemberData(nameof(Of), "refuse")]
    public void A_malformed_or_misfitting_operation_is_refused_as_the_vector_says(string id)
    {
        var c = Case(id);
        var expected = c["expected"]!;
        var answer = Answer(c);
        Assert.NotNull(answer);
        Assert.Equal(((int)expected["status"]!, "tag:gge-workspace,2026:problem:" + (string)expected["type"]!, (string?)expected["field"]), answer.Value);
    }

    [Theory]
    [MemberData(nameof(Of), "accept")]
    public void A_well_formed_operation_that_fits_is_accepted(string id) => Assert.Null(Answer(Case(id)));

    [Fact]
    public async Task The_web_clients_operations_and_text_hash_pass_every_vector_in_node()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("node", [Path.Combine("tests", "live-editing-vectors", "run-ot.mjs"), Path.Combine("docs", "live-editing-vectors.json")])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"{await output}\n{await errors}");
        var expected = Cases.Value.Count(c => (string)c!["kind"]! is not ("refuse" or "accept"));
        Assert.EndsWith($"{expected} passed, 0 failed", (await output).TrimEnd());
    }
}
