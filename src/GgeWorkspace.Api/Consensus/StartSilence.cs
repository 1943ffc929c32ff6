using GgeWorkspace.Api.Infrastructure.Writes;
using Microsoft.Extensions.Options;

namespace GgeWorkspace.Api.Consensus;

/// <summary>
/// The Chair places <see cref="Scope"/> under silence until <see cref="Deadline"/> (any offset; stored in UTC), or for
/// <see cref="SilenceDecisions.DefaultDuration"/> when null. Starts the procedure's stream.
/// </summary>
public sealed record PlaceUnderSilence(Guid GroupId, Guid DraftId, Guid ProcedureId, SilenceScope Scope, DateTimeOffset? Deadline = null) : ISilenceCommand;

public sealed record StartSilenceRequest(IReadOnlyList<Guid>? ParagraphIds, Guid? SectionId, bool? WholeDraft, DateTimeOffset? Deadline);

/// <summary>
/// The Chair places named paragraphs, a section or the whole draft under silence until a deadline (72 hours by default).
/// Only paragraphs that could be agreed are placed; the scheduler (<see cref="SilenceScheduler"/>) records the reminder and the outcome.
/// </summary>
public sealed record StartSilence(Guid GroupId, Guid DraftId, IReadOnlyList<Guid>? ParagraphIds, Guid? SectionId, bool WholeDraft, DateTimeOffset? Deadline,
    string? IdempotencyKey = null) : ICommand<SilenceProcedureView>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Chair;

    public SilenceScope Scope => ParagraphIds is { Count: > 0 } ids ? SilenceScope.OfParagraphs(ids)
        : SectionId is { } section ? SilenceScope.OfSection(section)
        : SilenceScope.WholeDraft;
}

public sealed class StartSilenceValidator : AbstractValidator<StartSilence>
{
    public StartSilenceValidator()
    {
        RuleFor(x => x).Must(x => (x.ParagraphIds is { Count: > 0 } ? 1 : 0) + (x.SectionId is null ? 0 : 1) + (x.WholeDraft ? 1 : 0) == 1)
            .WithMessage("Name exactly one of: paragraphIds (one or more), sectionId, or wholeDraft: true.").OverridePropertyName("scope");
        RuleFor(x => x.ParagraphIds).Must(ids => ids is null || ids.Count <= 1000).WithMessage("At most 1000 paragraphs.").OverridePropertyName("paragraphIds");
    }
}

/// <summary>Settings of the consensus procedures (section <c>Consensus</c>).</summary>
public sealed class ConsensusOptions
{
    public const string Section = "Consensus";

    /// <summary>The earliest deadline of a silence procedure, from the moment it starts.</summary>
    public TimeSpan MinimumSilenceDeadline { get; set; } = SilenceDecisions.DefaultMinimumDeadline;
}

public sealed class StartSilenceHandler(
    StreamWrite write, GroupAccess access, IOpenAmendmentCounts amendments, TimeProvider time, SilenceSchedule schedule, IOptions<ConsensusOptions> options)
    : ICommandHandler<StartSilence, SilenceProcedureView>
{
    public async ValueTask<SilenceProcedureView> Handle(StartSilence command, CancellationToken ct)
    {
        var session = write.Session;
        // The text circulated is the text committed: the paragraphs are locked while deciding, and each placed paragraph gets a
        // fence, so a live edit lands before the circulated text version or is refused, never after it unseen.
        var versions = await ParagraphFences.LockDraftAsync(session, command.GroupId, command.DraftId, ct);
        var state = await DraftConsensus.LoadAsync(session, amendments, command.GroupId, command.DraftId, ct);
        AdoptionRules.EnsureNotAdopted(state.Adoption);
        var id = Guid.CreateVersion7();
        var context = new SilenceContext(state.Draft, state.Paragraphs, state.Positions, state.OpenProcedures);
        var events = SilenceDecisions.Place(new PlaceUnderSilence(command.GroupId, command.DraftId, id, command.Scope, command.Deadline), null, context,
            Actor.From(access.Required.Member), time.GetUtcNow(), options.Value.MinimumSilenceDeadline);
        var written = await write.StartAsync<SilenceProcedure>(id, events, ct);
        foreach (var placed in ((SilenceProcedureStarted)events[0]).Placed)
        {
            ParagraphFences.Append(session, versions, new ParagraphPlacedUnderSilence(command.GroupId, command.DraftId, placed.ParagraphId, id, placed.TextVersion));
            ParagraphFences.AppendToPoints(session, versions, state.Draft, state.Paragraphs[placed.ParagraphId]);
        }
        await write.SaveAsync(ct);
        schedule.Nudge();
        return SilenceProcedureView.From(written.State, access.Required.Group.TimeZone);
    }
}

public static class StartSilenceEndpoint
{
    public static void Map(RouteGroupBuilder group)
    {
        const string silence = ConsensusRoutes.SilencePath;
        group.MapPost(silence, async (Guid groupId, Guid draftId, StartSilenceRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new StartSilence(groupId, draftId, r.ParagraphIds, r.SectionId, r.WholeDraft ?? false, r.Deadline,
                    IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, view.Version);
                return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/silence/{view.Id}", view);
            })
            .WithSummary("Chair: place paragraphIds, a sectionId or the wholeDraft under silence until deadline (default 72 hours; at least Consensus:MinimumSilenceDeadline, 3 hours, from now). Accepts Idempotency-Key.")
            .Produces<SilenceProcedureView>(StatusCodes.Status201Created);
    }
}
