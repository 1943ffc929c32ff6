using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Client.Live;

namespace GgeWorkspace.UnitTests.LiveEditing;

public sealed class OperationFormatTests
{
    private static TextOperation Read(string json) => JsonSerializer.Deserialize<TextOperation>(json)!;

    private static (int? ComponentIndex, string Message) Refused(string json)
    {
        var refused = Assert.Throws<JsonException>(() => Read(json));
        Assert.True(TextOperationJsonConverter.MalformedComponent(refused, out var index));
        return (index, refused.Message);
    }

    [Fact]
    public void Counts_that_add_up_beyond_the_largest_integer_are_refused_instead_of_wrapping()
    {
        // Summed without checks, this operation's base length wrapped back to 12.
        Assert.Equal(1, Refused("""[2147483647, 1, "x", -2147483647, -1, 12]""").ComponentIndex);
        Assert.Equal(1, Refused("""[2147483647, -1]""").ComponentIndex);
        Assert.Equal(1, Refused("""[2147483647, "x"]""").ComponentIndex);
        Assert.Equal(1, Refused("""["a", 2147483647, "b"]""").ComponentIndex);
        Assert.Throws<OverflowException>(() => TextOperation.Of(new TextComponent.Retain(int.MaxValue), new TextComponent.Retain(1)));
        Assert.Throws<OverflowException>(() => TextOperation.Of(new TextComponent.Delete(int.MaxValue), new TextComponent.Retain(1)));
        Assert.Throws<OverflowException>(() => TextOperation.Of(new TextComponent.Insert("a"), new TextComponent.Retain(int.MaxValue), new TextComponent.Insert("b")));
    }

    [Fact]
    public void The_largest_counts_that_do_not_overflow_are_read()
    {
        var op = Read("""[2147483646, 1]""");
        Assert.Equal((int.MaxValue, int.MaxValue), (op.BaseLength, op.TargetLength));
        Assert.Equal(int.MaxValue, Read("""[-2147483647]""").BaseLength);
    }

    [Theory]
    [InlineData("[0]", 0, "zero")]
    [InlineData("[3, -0]", 1, "zero")]
    [InlineData("[1.5]", 0, "whole number")]
    [InlineData("[1e20]", 0, "whole number")]
    [InlineData("[1.0e2]", 0, "whole number")]
    [InlineData("[2147483648]", 0, "whole number")]
    [InlineData("[-2147483648]", 0, "whole number")]
    [InlineData("[9007199254740993]", 0, "whole number")]
    [InlineData("[3, null]", 1, "component")]
    [InlineData("[[1]]", 0, "component")]
    [InlineData("[1, [[[[[\"x\"]]]]]]", 1, "component")]
    [InlineData("[{\"retain\": 1}]", 0, "component")]
    [InlineData("[true]", 0, "component")]
    [InlineData("[2, \"\"]", 1, "empty")]
    [InlineData("[\"\\ud800\"]", 0, "surrogate")]
    [InlineData("[\"a\\udc00b\"]", 0, "surrogate")]
    public void A_malformed_component_is_refused_naming_its_place(string json, int index, string reason)
    {
        var refused = Refused(json);
        Assert.Equal(index, refused.ComponentIndex);
        Assert.Contains(reason, refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("\"abc\"")]
    [InlineData("5")]
    [InlineData("true")]
    public void An_operation_that_is_not_an_array_is_refused(string json)
    {
        Assert.Null(Refused(json).ComponentIndex);
    }

    [Fact]
    public void A_malformed_operation_inside_a_message_is_refused_with_its_path()
    {
        var json = """{"groupId":"0195d5d4-0000-7000-8000-000000000001","draftId":"0195d5d4-0000-7000-8000-000000000002","paragraphId":"0195d5d4-0000-7000-8000-000000000003","baseVersion":0,"clientOperationId":"c","operation":[12,0]}""";
        var refused = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SubmitOperation>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        Assert.Equal("$.operation", refused.Path);
        Assert.True(TextOperationJsonConverter.MalformedComponent(refused, out var index));
        Assert.Equal(1, index);
    }

    [Fact]
    public void Huge_arrays_are_read_by_structure_alone_and_overflow_is_found_wherever_it_is()
    {
        var components = Enumerable.Range(0, 100_000).Select(i => i % 2 == 0 ? "1" : "\"a\"");
        var op = Read($"[{string.Join(',', components)}]");
        Assert.Equal((50_000, 100_000), (op.BaseLength, op.TargetLength));

        var overflowing = Enumerable.Repeat("-1073741824", 2).Append("1").Prepend("\"x\"");
        Assert.Equal(2, Refused($"[{string.Join(',', overflowing)}]").ComponentIndex);
    }

    [Fact]
    public void Stored_operations_are_read_without_the_limits_of_incoming_messages()
    {
        // A paragraph written under a larger limit (or text rules since tightened) stays readable.
        var op = Read("""[1000000, "\u0007", -5]""");
        Assert.Equal(1_000_005, op.BaseLength);
    }

    [Theory]
    [InlineData("تحقق نزع السلاح النووي")]
    [InlineData("核裁军核查")]
    [InlineData("👩🏽‍🔬🇺🇳")]
    [InlineData("e\u0301 a\u0308\u0323")]
    public void Arabic_Chinese_emoji_and_combining_marks_round_trip_byte_exact(string text)
    {
        var op = TextOperation.Of(new TextComponent.Retain(3), new TextComponent.Insert(text), new TextComponent.Delete(2));
        var back = Read(op.ToString());
        Assert.Equal(op, back);
        Assert.Equal(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(((TextComponent.Insert)back.Components[1]).Text));
    }

    [Property(MaxTest = 500)]
    public Property Any_array_of_numbers_and_strings_is_read_into_a_valid_operation_or_refused_as_malformed()
    {
        var element = Gen.OneOf(
            Gen.Elements("0", "1", "-1", "2147483647", "-2147483647", "2147483648", "-2147483648", "9007199254740992", "1e20", "0.5", "null", "[]", "{}", "\"\"", "\"x\"", "\"\\ud83d\"", "\"😀\""),
            ArbMap.Default.GeneratorFor<int>().Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Choose(-3, 3).Select(n => (n * 715_827_882L).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Prop.ForAll(Gen.ListOf(element).Select(list => $"[{string.Join(',', list)}]").ToArbitrary(), json =>
        {
            try
            {
                var op = Read(json);
                // Read: counts are positive, lengths consistent and the written form reads back equal.
                return op.Components.All(c => c.Length > 0) && op.BaseLength >= 0 && op.TargetLength >= 0 && Read(op.ToString()) == op;
            }
            catch (JsonException e)
            {
                return TextOperationJsonConverter.MalformedComponent(e, out _);
            }
        });
    }

    [Fact]
    public void The_door_lists_every_rule_an_incoming_operation_breaks_in_one_400()
    {
        var id = Guid.CreateVersion7();
        var refused = Assert.Throws<InvalidOperationFormatException>(() => DraftingHub.CheckAtTheDoor(
            new SubmitOperation(id, id, id, -1, "", TextOperation.Of(new TextComponent.Retain(20_001))), 20_000));
        Assert.Equal(["baseVersion", "clientOperationId", "operation"], refused.Errors.Keys.Order());
        Assert.Equal(400, ProblemDetailsExceptionHandler.ToProblem(refused)!.Status);
        Assert.Equal(ProblemTypes.InvalidOperation, ProblemDetailsExceptionHandler.ToProblem(refused)!.Type);

        Assert.Contains("inserts", Assert.Throws<InvalidOperationFormatException>(() => DraftingHub.CheckAtTheDoor(
            new SubmitOperation(id, id, id, 0, "c", TextOperation.Of(new TextComponent.Insert(new string('a', 101)))), 100)).Errors["operation"][0]);
        Assert.Throws<InvalidOperationFormatException>(() => DraftingHub.CheckAtTheDoor(
            new SubmitOperation(id, id, id, 0, "c", TextOperation.Of(new TextComponent.Insert("a\ud800b"))), 100));
        Assert.Throws<InvalidOperationFormatException>(() => DraftingHub.CheckAtTheDoor(new SubmitOperation(id, id, id, 0, "c", null!), 100));
        Assert.Equal(["clientOperationId"], Assert.Throws<InvalidOperationFormatException>(() => DraftingHub.CheckAtTheDoor(
            new SubmitOperation(id, id, id, 0, "c\0", TextOperation.Of(new TextComponent.Retain(3))), 100)).Errors.Keys);
        Assert.Equal(["draftId", "paragraphId"], Assert.Throws<InvalidOperationFormatException>(() => DraftingHub.CheckAtTheDoor(
            new SubmitOperation(id, Guid.Empty, Guid.Empty, 0, "c", TextOperation.Of(new TextComponent.Retain(3))), 100)).Errors.Keys.Order());
        DraftingHub.CheckAtTheDoor(new SubmitOperation(id, id, id, 0, "c", TextOperation.Of(new TextComponent.Retain(100), new TextComponent.Insert("核查"))), 100);
    }

    [Fact]
    public void Nothing_is_stored_that_does_not_fit_its_text()
    {
        var op = TextOperation.Of(new TextComponent.Retain(3), new TextComponent.Insert("x"));
        op.EnsureStorable(3);
        Assert.Throws<TextOperationException>(() => op.EnsureStorable(4));
    }
}
