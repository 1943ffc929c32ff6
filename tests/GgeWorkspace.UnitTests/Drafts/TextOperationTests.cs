using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;

namespace GgeWorkspace.UnitTests.Drafts;

public sealed class TextOperationTests
{
    [Fact]
    public void Operations_merge_neighbours_of_one_kind_and_drop_empty_parts_but_keep_their_order()
    {
        var op = TextOperation.Of(
            new TextComponent.Retain(2), new TextComponent.Retain(0), new TextComponent.Retain(1),
            new TextComponent.Delete(1), new TextComponent.Insert("a"), new TextComponent.Insert(""), new TextComponent.Insert("b"), new TextComponent.Delete(2));

        Assert.Equal(TextOperation.Empty.Retain(3).Delete(1).Insert("ab").Delete(2), op);
        Assert.Equal((6, 5), (op.BaseLength, op.TargetLength));
    }

    [Theory]
    [InlineData("abc", 1, "XY", 1)]
    [InlineData("a😀b", 1, "🇺🇳", 1)]
    [InlineData("مرحبا", 0, "e\u0301", 2)]
    [InlineData("核查", 1, "👩‍👩‍👧", 1)]
    public void A_delete_and_an_insert_at_one_position_apply_alike_in_either_order_so_stored_operations_keep_their_meaning(
        string text, int at, string inserted, int deleted)
    {
        var rest = CodePoints.Length(text) - at - deleted;
        var insertFirst = TextOperation.Empty.Retain(at).Insert(inserted).Delete(deleted).Retain(rest);
        var deleteFirst = TextOperation.Empty.Retain(at).Delete(deleted).Insert(inserted).Retain(rest);

        Assert.NotEqual(insertFirst, deleteFirst);
        Assert.Equal(TextOperation.Apply(text, insertFirst), TextOperation.Apply(text, deleteFirst));
    }

    [Fact]
    public void Positions_count_code_points_so_a_surrogate_pair_is_one_character()
    {
        const string text = "a😀b";
        Assert.Equal(3, CodePoints.Length(text));
        Assert.Equal("a🇺🇳b", TextOperation.Apply(text, TextOperation.Empty.Retain(1).Insert("🇺🇳").Delete(1).Retain(1)));
        Assert.Equal("😀", CodePoints.Slice(text, 1, 1));
        Assert.Equal((3, 1), (CodePoints.ToUtf16Index(text, 2), CodePoints.ToCodePointIndex(text, 2)));
    }

    [Fact]
    public void Applying_an_operation_to_a_text_of_another_length_is_a_conflict()
    {
        var error = Assert.Throws<TextOperationException>(() => TextOperation.Apply("abc", TextOperation.Identity(2)));
        Assert.Equal(2, error.ExpectedLength);
    }

    [Fact]
    public void An_operation_is_json_an_array_of_retains_inserts_and_negative_deletes()
    {
        var op = TextOperation.Empty.Retain(3).Insert("مرحبا").Delete(2).Retain(1);
        var json = JsonSerializer.Serialize(op);

        Assert.Equal("[3,\"\\u0645\\u0631\\u062D\\u0628\\u0627\",-2,1]", json);
        Assert.Equal(op, JsonSerializer.Deserialize<TextOperation>(json));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TextOperation>("[0]"));
    }

    [Fact]
    public void Text_change_events_round_trip_through_json_as_stored_in_the_event_store()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var e = new ParagraphTextChanged(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), TextOperation.Empty.Retain(2).Insert("核查").Delete(1),
            4, TextChangeKind.LiveEdit, "expert-cn", "China", DateTimeOffset.UnixEpoch);

        var json = JsonSerializer.Serialize(e, options);

        Assert.Contains("\"operation\":[2,", json);
        Assert.Contains("\"kind\":\"LiveEdit\"", json);
        Assert.Equal(e, JsonSerializer.Deserialize<ParagraphTextChanged>(json, options));
    }

    [Fact]
    public void Concurrent_inserts_at_the_same_place_are_ordered_by_the_tie_break()
    {
        var a = TextOperation.Empty.Retain(1).Insert("B").Retain(1);
        var b = TextOperation.Empty.Retain(1).Insert("A").Retain(1);

        Assert.Equal("xBAy", TextOperation.Apply(TextOperation.Apply("xy", a), TextOperation.Transform(b, a, TieBreak.OtherFirst)));
        Assert.Equal("xBAy", TextOperation.Apply(TextOperation.Apply("xy", b), TextOperation.Transform(a, b, TieBreak.ThisFirst)));
        var (aPrime, bPrime) = TextOperation.TransformPair(a, b);
        Assert.Equal("xBAy", TextOperation.Apply(TextOperation.Apply("xy", b), aPrime));
        Assert.Equal("xBAy", TextOperation.Apply(TextOperation.Apply("xy", a), bPrime));
    }

    [Theory]
    [InlineData(0, false, 0)]
    [InlineData(2, false, 2)]
    [InlineData(2, true, 5)]
    [InlineData(3, false, 6)]
    [InlineData(5, false, 6)]
    [InlineData(7, false, 8)]
    public void Carets_follow_the_text_and_move_to_the_start_of_a_deletion(int index, bool stickToRight, int expected)
    {
        // "ab|cd|efg" -> insert "XYZ" at 2, delete "de" (3..5).
        var op = TextOperation.Empty.Retain(2).Insert("XYZ").Retain(1).Delete(2).Retain(2);
        Assert.Equal(expected, TextOperation.TransformPosition(index, op, stickToRight));
    }

    [Theory]
    [InlineData(0, false, 0)]
    [InlineData(1, false, 1)]
    [InlineData(1, true, 3)]
    [InlineData(2, false, 1)]
    [InlineData(2, true, 3)]
    [InlineData(3, false, 1)]
    [InlineData(3, true, 3)]
    [InlineData(4, false, 4)]
    public void A_position_over_a_replacement_does_not_depend_on_whether_the_delete_or_the_insert_comes_first(int index, bool stickToRight, int expected)
    {
        // "a|bc|d": "bc" replaced by "XY", written both ways.
        var deleteFirst = TextOperation.Empty.Retain(1).Delete(2).Insert("XY").Retain(1);
        var insertFirst = TextOperation.Empty.Retain(1).Insert("XY").Delete(2).Retain(1);
        Assert.Equal(expected, TextOperation.TransformPosition(index, deleteFirst, stickToRight));
        Assert.Equal(expected, TextOperation.TransformPosition(index, insertFirst, stickToRight));
    }

    [Theory]
    [InlineData(0, false, 0)]
    [InlineData(0, true, 1)]
    [InlineData(2, false, 2)]
    [InlineData(2, true, 3)]
    public void A_position_sticks_left_or_right_of_an_insert_at_the_edges_of_the_text(int index, bool stickToRight, int expected)
    {
        var atStart = TextOperation.Empty.Insert("😀").Retain(2);
        var atEnd = TextOperation.Empty.Retain(2).Insert("😀");
        Assert.Equal(expected, TextOperation.TransformPosition(index, index == 0 ? atStart : atEnd, stickToRight));
    }

    [Fact]
    public void A_position_counts_an_astral_character_as_one_code_point_on_either_side_of_a_replacement()
    {
        // "😀🌍|𠀋x": the three astral code points replaced by a ZWJ family of five.
        var op = TextOperation.Empty.Delete(3).Insert("👩‍👩‍👧").Retain(1);
        Assert.Equal(0, TextOperation.TransformPosition(2, op, stickToRight: false));
        Assert.Equal(5, TextOperation.TransformPosition(2, op, stickToRight: true));
        Assert.Equal(6, TextOperation.TransformPosition(4, op));
    }

    [Fact]
    public void A_diff_in_code_points_never_splits_a_surrogate_pair()
    {
        // 😀 (D83D DE00) and 😁 (D83D DE01) share their high surrogate.
        var op = TextOperation.FromDiff("a😀b", "a😁b");
        Assert.Equal(TextOperation.Empty.Retain(1).Insert("😁").Delete(1).Retain(1), op);
    }

    [Property(MaxTest = 300)]
    public Property Concurrent_operations_converge_whichever_is_applied_first() =>
        Prop.ForAll(TextGen.TextAndTwoOperations(), t =>
        {
            var (s, a, b) = t;
            var viaA = TextOperation.Apply(TextOperation.Apply(s, a), TextOperation.Transform(b, a, TieBreak.OtherFirst));
            var viaB = TextOperation.Apply(TextOperation.Apply(s, b), TextOperation.Transform(a, b, TieBreak.ThisFirst));
            var (aPrime, bPrime) = TextOperation.TransformPair(a, b);
            var pairA = TextOperation.Apply(TextOperation.Apply(s, a), bPrime);
            var pairB = TextOperation.Apply(TextOperation.Apply(s, b), aPrime);
            return viaA == viaB && pairA == pairB && TextGen.IsWellFormed(viaA);
        });

    [Property(MaxTest = 300)]
    public Property Composing_two_operations_has_the_effect_of_applying_one_after_the_other() =>
        Prop.ForAll(TextGen.TextAndOperation(), SeedGen(), (t, seed) =>
        {
            var (s, a) = t;
            var middle = TextOperation.Apply(s, a);
            var b = TextGen.RandomOperation(middle, new Random(seed));
            return TextOperation.Apply(middle, b) == TextOperation.Apply(s, TextOperation.Compose(a, b));
        });

    [Property(MaxTest = 300)]
    public Property Inverting_an_operation_undoes_it() =>
        Prop.ForAll(TextGen.TextAndOperation(), t =>
            TextOperation.Apply(TextOperation.Apply(t.Text, t.Operation), TextOperation.Invert(t.Operation, t.Text)) == t.Text);

    [Property(MaxTest = 300)]
    public Property A_diff_turns_the_old_text_into_the_new_one() =>
        Prop.ForAll(TextGen.TextAndOperation(), TextGen.Text().ToArbitrary(), (t, other) =>
        {
            var edited = TextOperation.Apply(t.Text, t.Operation);
            return TextOperation.Apply(t.Text, TextOperation.FromDiff(t.Text, edited)) == edited
                && TextOperation.Apply(t.Text, TextOperation.FromDiff(t.Text, other)) == other;
        });

    [Property(MaxTest = 200)]
    public Property Json_round_trips_any_operation() =>
        Prop.ForAll(TextGen.TextAndOperation(), t =>
            JsonSerializer.Deserialize<TextOperation>(JsonSerializer.Serialize(t.Operation)) == t.Operation);

    private static Arbitrary<int> SeedGen() => Gen.Choose(0, int.MaxValue).ToArbitrary();
}

/// <summary>Texts mixing ASCII, Arabic, Chinese, emoji (surrogate pairs, with modifiers) and combining marks.</summary>
internal static class TextGen
{
    private static readonly string[] Pieces = ["a", "b", " ", "é", "e\u0301", "ع", "ر", "ب", "中", "文", "😀", "👍🏽", "🇺🇳", "\u064E"];

    public static Gen<string> Text() => Gen.ListOf(Gen.Elements(Pieces)).Select(p => string.Concat(p));

    public static Arbitrary<(string Text, TextOperation Operation)> TextAndOperation() =>
        Text().SelectMany(_ => Gen.Choose(0, int.MaxValue), (s, seed) => (s, RandomOperation(s, new Random(seed)))).ToArbitrary();

    public static Arbitrary<(string Text, TextOperation A, TextOperation B)> TextAndTwoOperations() =>
        Text().SelectMany(_ => Gen.Two(Gen.Choose(0, int.MaxValue)), (s, seeds) =>
            (s, RandomOperation(s, new Random(seeds.Item1)), RandomOperation(s, new Random(seeds.Item2)))).ToArbitrary();

    /// <summary>A random operation on <paramref name="text"/>: retains, deletes and inserts of random pieces.</summary>
    public static TextOperation RandomOperation(string text, Random random)
    {
        var op = TextOperation.Empty;
        var remaining = CodePoints.Length(text);
        while (remaining > 0 || random.Next(3) == 0)
        {
            switch (random.Next(3))
            {
                case 0 when remaining > 0:
                    var retain = random.Next(1, remaining + 1);
                    op = op.Retain(retain);
                    remaining -= retain;
                    break;
                case 1 when remaining > 0:
                    var delete = random.Next(1, Math.Min(remaining, 4) + 1);
                    op = op.Delete(delete);
                    remaining -= delete;
                    break;
                default:
                    op = op.Insert(string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pieces[random.Next(Pieces.Length)])));
                    if (remaining == 0 && random.Next(2) == 0) return op;
                    break;
            }
        }
        return op;
    }

    /// <summary>No surrogate was split: every high surrogate is followed by a low one and every low one preceded by a high one.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))) return false;
            if (char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1]))) return false;
        }
        return true;
    }
}
