namespace GgeWorkspace.Api.Consensus;

/// <summary>The Chair adopted the draft as a whole ("nothing is agreed until everything is agreed"); from now on it is read-only.</summary>
public sealed record DraftAdopted(Guid GroupId, Guid DraftId, string AdoptedBySub, DateTimeOffset AdoptedAt, int ParagraphCount) : IDraftEvent;

/// <summary>The Chair adopts the draft.</summary>
public sealed record AdoptDraft(Guid GroupId, Guid DraftId);

/// <summary>
/// The adoption of one draft (its own stream, id <see cref="ConsensusStreams.AdoptionOf"/>, so the draft stream and its
/// snapshot stay as they are). The stream exists only once the draft is adopted.
/// </summary>
public sealed record DraftAdoption(Guid Id, Guid GroupId, Guid DraftId, string AdoptedBySub, DateTimeOffset AdoptedAt, int ParagraphCount)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    /// <summary>Every event type of a draft's adoption stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(DraftAdopted), typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a draft's adoption changes by an event: Marten's snapshot uses it; adopting is final.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static DraftAdoption? Evolve(DraftAdoption? state, object e) => (state, e) switch
    {
        (null, DraftAdopted x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent or DraftAdopted) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(DraftAdoption), e),
    };

    public static DraftAdoption From(DraftAdopted e) =>
        new(ConsensusStreams.AdoptionOf(e.DraftId), e.GroupId, e.DraftId, e.AdoptedBySub, e.AdoptedAt, e.ParagraphCount);
}

/// <summary>A remaining paragraph that is not agreed yet (null status: its stream was not found).</summary>
public sealed record ParagraphNotAgreed(Guid ParagraphId, int? Number, ParagraphStatus? Status);

/// <summary>Whether every remaining (not deleted) paragraph is agreed, and which are not.</summary>
public sealed record AdoptionReadiness(bool IsReady, int RemainingParagraphs, int AgreedParagraphs, IReadOnlyList<ParagraphNotAgreed> NotAgreed);

/// <summary>Pure rules of adopting the report.</summary>
public static class AdoptionRules
{
    /// <summary>The readiness of the draft: its remaining paragraphs in document order, and those not agreed. An empty draft is not ready.</summary>
    public static AdoptionReadiness Readiness(Draft draft, IReadOnlyDictionary<Guid, Paragraph> paragraphs)
    {
        var outline = DraftOutline.Of(draft);
        var remaining = outline.ParagraphNumbers.OrderBy(p => p.Value)
            .Select(p => (Id: p.Key, Number: p.Value, Paragraph: paragraphs.GetValueOrDefault(p.Key)))
            .Where(p => p.Paragraph is not { IsDeleted: true })
            .ToList();
        var notAgreed = remaining.Where(p => p.Paragraph?.Status != ParagraphStatus.Agreed)
            .Select(p => new ParagraphNotAgreed(p.Id, p.Number, p.Paragraph?.Status))
            .ToList();
        return new(remaining.Count > 0 && notAgreed.Count == 0, remaining.Count, remaining.Count - notAgreed.Count, notAgreed);
    }

    /// <summary>
    /// The Chair adopts the draft when every remaining paragraph is agreed: 403 for anyone else, 409 when already adopted,
    /// empty, or not every paragraph is agreed (extension <c>notAgreed</c> lists them).
    /// </summary>
    public static object[] Adopt(AdoptDraft command, DraftAdoption? state, Draft draft, IReadOnlyDictionary<Guid, Paragraph> paragraphs, Actor actor, DateTimeOffset now)
    {
        if (actor.Role != MemberRole.Chair) throw new ForbiddenException("Only the Chair can adopt the report.");
        EnsureNotAdopted(state);
        var readiness = Readiness(draft, paragraphs);
        if (readiness.RemainingParagraphs == 0) throw new ConflictException("The draft has no paragraphs to adopt.");
        if (!readiness.IsReady)
            throw new ConflictException(
                $"Nothing is agreed until everything is agreed: {readiness.NotAgreed.Count} of {readiness.RemainingParagraphs} paragraph(s) are not agreed yet ("
                + string.Join(", ", readiness.NotAgreed.Select(n => n.Number is { } number ? $"paragraph {number}" : n.ParagraphId.ToString())) + ").",
                new Dictionary<string, object?> { ["notAgreed"] = readiness.NotAgreed });
        return [new DraftAdopted(command.GroupId, command.DraftId, actor.Sub, now, readiness.RemainingParagraphs)];
    }

    /// <summary>An adopted draft is read-only: throws 409 (extension <c>adoptedAt</c>) for any change once adopted.</summary>
    public static void EnsureNotAdopted(DraftAdoption? adoption)
    {
        if (adoption is null) return;
        throw new ConflictException(
            $"The draft was adopted on {adoption.AdoptedAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)} and is read-only.",
            new Dictionary<string, object?> { ["adoptedAt"] = adoption.AdoptedAt });
    }

    /// <summary>Exports of a draft that is not adopted are marked as not final.</summary>
    public static bool IsFinal(DraftAdoption? adoption) => adoption is not null;
}
