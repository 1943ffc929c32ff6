using System.Text.Json.Serialization;

namespace GgeWorkspace.Text;

/// <summary>
/// Which insert goes first when two concurrent operations insert at the same position. Always explicit: the sides match
/// ot-text-unicode's <c>'left'</c> and <c>'right'</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TieBreak>))]
public enum TieBreak
{
    /// <summary>The operation being transformed goes first (ot-text-unicode <c>'left'</c>).</summary>
    ThisFirst,

    /// <summary>The operation transformed against goes first (ot-text-unicode <c>'right'</c>); the server transforms an incoming operation so.</summary>
    OtherFirst,
}
