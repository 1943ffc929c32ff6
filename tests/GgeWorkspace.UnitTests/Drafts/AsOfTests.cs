using GgeWorkspace.Api.Drafts;

namespace GgeWorkspace.UnitTests.Drafts;

public sealed class AsOfTests
{
    [Fact]
    public void As_of_is_a_global_sequence_or_an_instant_with_an_offset_read_in_utc()
    {
        Assert.Equal(new AsOf(1234, null), AsOf.Parse("1234"));
        Assert.Equal(new AsOf(null, new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero)), AsOf.Parse("2026-06-01T10:00:00Z"));
        Assert.Equal(new AsOf(null, new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero)), AsOf.Parse("2026-06-01T10:00:00+02:00"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("2026-06-01")]
    [InlineData("2026-06-01T10:00:00")]
    [InlineData("June 1st")]
    public void As_of_without_a_sequence_or_a_dated_time_with_an_offset_is_malformed(string raw)
    {
        Assert.Null(AsOf.Parse(raw));
        Assert.False(AsOf.IsValid(raw));
    }
}
