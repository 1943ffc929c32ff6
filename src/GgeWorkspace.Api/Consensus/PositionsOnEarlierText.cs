using GgeWorkspace.Text;

namespace GgeWorkspace.Api.Consensus;

/// <summary>The paragraph's text a position was given on: its text version and the text itself, so a later text can be compared.</summary>
public sealed record GivenOnText(long TextVersion, string Text);

/// <summary>
/// A position given on earlier text than the paragraph has now, and how much the text changed since, in code points. For
/// the Chair's information: it neither blocks agreement nor changes readiness. It stays until the delegation confirms
/// the position on the current text (states it again) or changes it.
/// </summary>
public sealed record PositionOnEarlierText(Delegation Delegation, PositionKind Kind, long TextVersion, int CodePointsInserted, int CodePointsDeleted);

public static class EarlierText
{
    /// <summary>
    /// Null when the position was given on the text the paragraph has now, or on a text not recorded (positions stated
    /// before they recorded it). Texts are compared, not versions, so an edit undone is no change.
    /// </summary>
    public static PositionOnEarlierText? Of(DelegationPosition position, string currentText)
    {
        if (position.GivenOn is not { } given || given.Text == currentText) return null;
        var inserted = 0;
        var deleted = 0;
        foreach (var component in TextOperation.FromDiff(given.Text, currentText).Components)
        {
            if (component is TextComponent.Insert insert) inserted += CodePoints.Length(insert.Text);
            else if (component is TextComponent.Delete delete) deleted += delete.Count;
        }
        return new(position.Delegation, position.Position.Kind, given.TextVersion, inserted, deleted);
    }

    /// <summary>The positions on a paragraph given on earlier text than <paramref name="currentText"/>.</summary>
    public static IReadOnlyList<PositionOnEarlierText> In(IEnumerable<DelegationPosition>? positions, string currentText) =>
        [.. (positions ?? []).Select(p => Of(p, currentText)).OfType<PositionOnEarlierText>()];
}
