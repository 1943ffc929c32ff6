using FluentValidation;
using GgeWorkspace.Api.Exports;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Revisions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GgeWorkspace.UnitTests.Exports;

public sealed class RecipientCopyRulesTests
{
    private static readonly Guid GroupId = Guid.Parse("0190d000-0000-7000-8000-000000000001");
    private static readonly Guid DraftId = Guid.Parse("0190d000-0000-7000-8000-000000000002");

    private static Group GroupOf(params (string Sub, MemberRole Role, string? State)[] members)
    {
        var group = Group.Evolve(null, new GroupCreated(GroupId, "GGE", "A/RES/71/67", "Europe/Zurich"));
        foreach (var (sub, role, state) in members)
            group = Group.Evolve(group, new MemberAdded(GroupId, sub, null, role, state,
                state is null ? ContributionAttribution.Personal : ContributionAttribution.NominatingState));
        return group!;
    }

    private static RecipientCopyPrepared Copy(string delegation) =>
        new(GroupId, DraftId, Guid.NewGuid(), delegation, "Zero draft", 0, 12, "clean", "docx", new DateTimeOffset(2026, 6, 3, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_copy_is_for_a_State_or_the_EU_that_nominated_a_member_and_any_other_delegation_is_refused_listing_the_Group_s()
    {
        var group = GroupOf(("chair", MemberRole.Chair, "NOR"), ("can", MemberRole.Expert, "CAN"), ("eu", MemberRole.Expert, "EU"),
            ("personal", MemberRole.Expert, null), ("secretariat", MemberRole.Secretariat, null));

        Assert.Equal("CAN", RecipientCopies.Delegation(" can ", group));
        Assert.Equal("EU", RecipientCopies.Delegation("EU", group));
        Assert.Equal("NOR", RecipientCopies.Delegation("NOR", group));
        var refused = Assert.Throws<ValidationException>(() => RecipientCopies.Delegation("FRA", group));
        var failure = Assert.Single(refused.Errors);
        Assert.Equal("delegation", failure.PropertyName);
        Assert.Equal("'FRA' is not a delegation of this Group; the delegations are CAN, EU, NOR.", failure.ErrorMessage);
    }

    [Fact]
    public void A_delegation_is_named_as_the_UN_names_it_after_the_delegation_of()
    {
        Assert.Equal("Canada", RecipientCopies.DelegationName("CAN"));
        Assert.Equal("the Russian Federation", RecipientCopies.DelegationName("RUS"));
        Assert.Equal("the Netherlands", RecipientCopies.DelegationName("NLD"));
        Assert.Equal("Nigeria", RecipientCopies.DelegationName("NGA"));
        Assert.Equal("Zero draft, clean, docx, for the delegation of Canada", RecipientCopies.Summary(Copy("CAN")));
    }

    [Fact]
    public void A_copy_recorded_in_the_revision_log_changes_no_revision_even_before_the_zero_draft()
    {
        var log = RevisionLog.Evolve(null, Copy("CAN"));
        Assert.NotNull(log);
        Assert.Empty(log.Revisions);
        Assert.Equal(0, log.NextNumber);

        var issued = new RevisionIssued(GroupId, DraftId, Guid.NewGuid(), 0, "Zero draft", DateTimeOffset.UnixEpoch, 12, null, new RevisionSnapshot("Report", null, []));
        var withZero = RevisionLog.Evolve(RevisionLog.Evolve(log, issued), Copy("NOR"))!;
        Assert.Equal(["Zero draft"], withZero.Revisions.Select(r => r.Label));
        Assert.Equal(1, withZero.NextNumber);
    }

    [Fact]
    public async Task Without_soffice_at_the_configured_path_a_pdf_is_refused_naming_the_packages_to_install()
    {
        using var renderer = new PdfRenderer(Options.Create(new ExportOptions { Soffice = "/nonexistent/libreoffice/soffice" }), NullLogger<PdfRenderer>.Instance);

        var refused = await Assert.ThrowsAsync<RendererUnavailableException>(() => renderer.RenderAsync([1, 2, 3], CancellationToken.None));

        Assert.Contains("libreoffice-writer-nogui", refused.Message, StringComparison.Ordinal);
        Assert.Null(PdfRenderer.Locate("no-such-program-on-path"));
    }

    [Fact]
    public void A_version_time_is_in_the_group_time_zone_across_daylight_saving_and_in_UTC_when_the_zone_is_unknown()
    {
        Assert.Equal("3 June 2026 10:00", ExportText.GroupTime(new DateTimeOffset(2026, 6, 3, 8, 0, 0, TimeSpan.Zero), "Europe/Zurich"));
        Assert.Equal("3 January 2026 09:00", ExportText.GroupTime(new DateTimeOffset(2026, 1, 3, 8, 0, 0, TimeSpan.Zero), "Europe/Zurich"));
        Assert.Equal("3 June 2026 04:00", ExportText.GroupTime(new DateTimeOffset(2026, 6, 3, 8, 0, 0, TimeSpan.Zero), "America/New_York"));
        Assert.Equal("3 June 2026 08:00 UTC", ExportText.GroupTime(new DateTimeOffset(2026, 6, 3, 8, 0, 0, TimeSpan.Zero), "Mars/Olympus_Mons"));
    }
}
