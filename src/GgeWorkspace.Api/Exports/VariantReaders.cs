namespace GgeWorkspace.Api.Exports;

/// <summary>
/// Who reads each rendering of a draft, on screen and as a file: the read endpoints and the export ask this one table, so
/// an export answers the same roles as the read it renders, whatever its format. As at the UN, every rendering is
/// circulated to the whole Group, Observers included; a draft is confidential to the Group, so non-members get 404.
/// </summary>
public static class VariantReaders
{
    private static readonly Dictionary<ExportVariant, IReadOnlyCollection<MemberRole>> Readers = new()
    {
        // The clean text is what the Chair circulates for the Group to agree on: every member must have it.
        [ExportVariant.Clean] = Roles.Anyone,
        // The draft itself, with its brackets, options and statuses: the text the Group negotiates.
        [ExportVariant.Negotiation] = Roles.Anyone,
        // Attribution is open within the Group: delegations see who proposed, supported and objected.
        [ExportVariant.Compilation] = Roles.Anyone,
        // The Chair's text is issued to all delegations as the basis for negotiation.
        [ExportVariant.ChairsText] = Roles.Anyone,
        // A redline compares revisions every member already holds.
        [ExportVariant.Redline] = Roles.Anyone,
    };

    /// <summary>The roles that read <paramref name="variant"/>, on screen and as a file.</summary>
    public static IReadOnlyCollection<MemberRole> Of(ExportVariant variant) => Readers[variant];
}
