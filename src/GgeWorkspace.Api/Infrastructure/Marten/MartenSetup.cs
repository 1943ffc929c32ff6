using GgeWorkspace.Api.Infrastructure.Postgres;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.OpenTelemetry;
using Weasel.Core;

namespace GgeWorkspace.Api.Infrastructure.Marten;

public static class MartenSetup
{
    public static IServiceCollection AddGgeMarten(this IServiceCollection services)
    {
        services.AddSingleton<DamagedStreams>();
        services.AddHostedService(sp => sp.GetRequiredService<DamagedStreams>());
        services.AddHostedService<UnknownEventTypeWatch>();
        services.AddMarten(sp =>
            {
                var opts = new StoreOptions();
                var configuration = sp.GetRequiredService<IConfiguration>();
                var environment = sp.GetRequiredService<IHostEnvironment>();
                opts.Connection(sp.GetRequiredService<DatabaseServer>().ConnectionString);
                // Reads of the product's events never throw on a stored row: an unreadable one damages its stream instead (Events/).
                opts.Serializer(new ContainingSerializer(
                    new global::Marten.Services.SystemTextJsonSerializer { EnumStorage = EnumStorage.AsString, Casing = Casing.CamelCase },
                    sp.GetRequiredService<DamagedStreams>()));
                // Every event type known from the start, so any process (an operator command too) can name and read every stored row.
                opts.Events.AddEventTypes(typeof(MartenSetup).Assembly.GetTypes().Where(StoredEventRules.IsProductEvent));
                // A row of a type no process knows reads as damage of its stream too, instead of stopping whoever meets it.
                UnknownEventTypes.ReadAsStandIns(opts);
                // Writes commit only events that read back as they were written and meet the rules every reader applies.
                opts.Listeners.Add(new StoredEventCheck());

                // Production runs on migrations only (see migrations/); Development may create what is missing.
                opts.AutoCreateSchemaObjects = environment.IsDevelopment() ? AutoCreate.CreateOrUpdate : AutoCreate.None;

                opts.Events.MetadataConfig.HeadersEnabled = true;
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
                opts.Events.MetadataConfig.UserNameEnabled = true;

                // A poison event stops its projection loudly instead of being skipped.
                opts.Projections.Errors.SkipApplyErrors = false;
                opts.Projections.Errors.SkipSerializationErrors = false;
                opts.Projections.Errors.SkipUnknownEvents = false;
                opts.Projections.RebuildErrors.SkipApplyErrors = false;
                opts.Projections.RebuildErrors.SkipSerializationErrors = false;
                opts.Projections.RebuildErrors.SkipUnknownEvents = false;
                opts.Projections.LeadershipPollingTime = configuration.GetValue("Projections:LeadershipPollingMs", 5000);

                opts.OpenTelemetry.TrackConnections = TrackLevel.Normal;
                opts.OpenTelemetry.TrackEventCounters();

                // Every snapshot is built by its aggregate's own Evolve (EvolveProjection), the function every other reader uses.
                // Inline: every request authorizes against the group, and members read their own changes at once.
                opts.Projections.Add(new EvolveProjection<Group>(Group.Evolve, Group.EventTypes), ProjectionLifecycle.Inline);
                opts.Schema.For<Group>().Index(g => g.Name);

                // Inline: drafts, paragraphs and workstreams are read right after their own writes (draft view, If-Match).
                opts.Projections.Add(new EvolveProjection<Draft>(Draft.Evolve, Draft.EventTypes), ProjectionLifecycle.Inline);
                // A paragraph's snapshot is a replay of its history: a stored event that cannot be applied damages it (Paragraph.Replay).
                opts.Projections.Add(new EvolveProjection<Paragraph>((p, e) => Paragraph.Replay(p, e.StreamId, e.Sequence, e.Data), Paragraph.EventTypes), ProjectionLifecycle.Inline);
                opts.Projections.Add(new EvolveProjection<Workstream>(Workstream.Evolve, Workstream.EventTypes), ProjectionLifecycle.Inline);
                opts.Schema.For<Draft>().Index(d => d.GroupId);
                opts.Schema.For<Paragraph>().Index(p => p.DraftId);
                opts.Schema.For<Workstream>().Index(w => w.GroupId);

                // Inline: amendments, comment threads and the revision log are read right after their own writes (the
                // amendment's ETag for accepting, a thread's replies, the next revision number), and the draft view counts
                // open amendments and threads in the same snapshot as its paragraphs.
                opts.Projections.Add(new EvolveProjection<Amendment>(Amendment.Evolve, Amendment.EventTypes), ProjectionLifecycle.Inline);
                opts.Projections.Add(new EvolveProjection<CommentThread>(CommentThread.Evolve, CommentThread.EventTypes), ProjectionLifecycle.Inline);
                opts.Projections.Add(new EvolveProjection<RevisionLog>(RevisionLog.Evolve, RevisionLog.EventTypes), ProjectionLifecycle.Inline);
                opts.Schema.For<Amendment>().Index(a => a.DraftId);
                opts.Schema.For<CommentThread>().Index(t => t.DraftId).Index(t => t.ParagraphId);
                opts.Schema.For<RevisionLog>().Index(r => r.DraftId);

                // Inline: a delegation reads its own position at once, and the agreement guard, the silence freeze and the
                // adoption lock are checked on every write path, so they must never lag behind the events they guard.
                opts.Projections.Add(new EvolveProjection<ParagraphPositions>(ParagraphPositions.Evolve, ParagraphPositions.EventTypes), ProjectionLifecycle.Inline);
                opts.Projections.Add(new EvolveProjection<SilenceProcedure>(SilenceProcedure.Evolve, SilenceProcedure.EventTypes), ProjectionLifecycle.Inline);
                opts.Projections.Add(new EvolveProjection<DraftAdoption>(DraftAdoption.Evolve, DraftAdoption.EventTypes), ProjectionLifecycle.Inline);
                opts.Schema.For<ParagraphPositions>().Index(p => p.DraftId);
                opts.Schema.For<SilenceProcedure>().Index(p => p.DraftId).Index(p => p.Status);

                // Inline: the Secretariat reads the replies right after importing them, a re-import is checked against the stored
                // hash, and links and citations name source paragraphs that must already be readable; citations are read back at once.
                opts.Projections.Add(new EvolveProjection<GgeWorkspace.Api.Sources.GroupSourceDocument>(GgeWorkspace.Api.Sources.GroupSourceDocument.Evolve, GgeWorkspace.Api.Sources.GroupSourceDocument.EventTypes), ProjectionLifecycle.Inline);
                opts.Projections.Add(new EvolveProjection<GgeWorkspace.Api.Sources.DraftCitations>(GgeWorkspace.Api.Sources.DraftCitations.Evolve, GgeWorkspace.Api.Sources.DraftCitations.EventTypes), ProjectionLifecycle.Inline);
                opts.Schema.For<GgeWorkspace.Api.Sources.GroupSourceDocument>().Index(d => d.GroupId);
                opts.Schema.For<GgeWorkspace.Api.Sources.DraftCitations>().Index(c => c.GroupId);

                // Async: the activity feed is read later and must not slow writes. Live edits are not news: the daemon's
                // SQL leaves them out (DaemonEventTypes), as for the two subscriptions below.
                opts.Projections.Add(new GroupActivityProjection(), ProjectionLifecycle.Async);
                DaemonEventTypes.LeaveOutKeystrokes(opts.Projections.All.OfType<IProjectionWrapper>()
                    .Single(p => p.InnerProjection is GroupActivityProjection) as EventFilterable
                    ?? throw new InvalidOperationException("Marten no longer wraps an IProjection in a filterable projection."));
                opts.Schema.For<ActivityEntry>().Index(a => a.GroupId);

                opts.Schema.For<IdempotencyRecord>();
                opts.Schema.For<DamagedEvent>().Index(d => d.StreamId);
                return opts;
            })
            .UseLightweightSessions()
            // Live updates: committed events only, on the daemon's leader.
            .AddSubscriptionWithServices<GroupEventBroadcaster>(ServiceLifetime.Singleton, o => o.Options.SubscribeFromPresent())
            // The Chair's dashboard, pushed live after each committed change to a draft; also on the leader.
            .AddSubscriptionWithServices<DashboardBroadcaster>(ServiceLifetime.Singleton, o => o.Options.SubscribeFromPresent())
            .AddAsyncDaemon(DaemonMode.HotCold);
        return services;
    }
}
