namespace GgeWorkspace.Api.Consensus;

/// <summary>
/// The stream ids of consensus streams that belong to a paragraph or a draft. They are derived from that id (name-based,
/// RFC 9562 version 5) so the write side finds them without a lookup, and they never collide with the paragraph or draft
/// stream itself. Silence procedures have their own ids (<c>Guid.CreateVersion7()</c>).
/// </summary>
public static class ConsensusStreams
{
    private static readonly Guid PositionsNamespace = Guid.Parse("6a1d2c6e-6f73-4b6f-9e0a-706f73697469");
    private static readonly Guid AdoptionNamespace = Guid.Parse("6a1d2c6e-6f73-4b6f-9e0a-61646f707469");

    /// <summary>The stream of the delegations' positions on one paragraph (and of its auto-agree request).</summary>
    public static Guid PositionsOf(Guid paragraphId) => StreamIds.NameBased(PositionsNamespace, paragraphId);

    /// <summary>The stream recording the adoption of one draft.</summary>
    public static Guid AdoptionOf(Guid draftId) => StreamIds.NameBased(AdoptionNamespace, draftId);
}
