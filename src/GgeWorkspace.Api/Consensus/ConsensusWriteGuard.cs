using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Consensus;

/// <summary>
/// Registered at startup for every write to a draft or a paragraph: the adoption lock, the silence freeze and the agreement
/// guard (<see cref="ParagraphWriteGuards"/>), read in the writer's session.
/// </summary>
public sealed class ConsensusWriteGuard : IWriteGuard<Draft>, IWriteGuard<Paragraph>
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<ConsensusWriteGuard>();
        services.AddSingleton<IWriteGuard<Draft>>(sp => sp.GetRequiredService<ConsensusWriteGuard>());
        services.AddSingleton<IWriteGuard<Paragraph>>(sp => sp.GetRequiredService<ConsensusWriteGuard>());
    }

    public Task EnsureAllowedAsync(IQuerySession session, Draft state, object change, CancellationToken ct) =>
        new ParagraphWriteGuards(session).EnsureDraftMayChangeAsync(state.Id, ct);

    public Task EnsureAllowedAsync(IQuerySession session, Paragraph state, object change, CancellationToken ct) =>
        new ParagraphWriteGuards(session).EnsureAllowedAsync(state, change, ct);
}
