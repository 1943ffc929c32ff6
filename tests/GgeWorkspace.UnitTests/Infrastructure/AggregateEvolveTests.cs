using System.Reflection;
using System.Runtime.CompilerServices;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Events;
using GgeWorkspace.Api.Infrastructure.Marten;

namespace GgeWorkspace.UnitTests.Infrastructure;

/// <summary>
/// Every stored event type is evolved by the aggregate whose stream holds it: each aggregate lists the event types of its
/// stream next to its one Evolve, and an event no aggregate lists, or that an Evolve does not handle, fails here by name.
/// </summary>
public sealed class AggregateEvolveTests
{
    /// <summary>An aggregate: a type with the one Evolve and the list of its stream's event types.</summary>
    private sealed record Aggregate(Type Type, IReadOnlyList<Type> EventTypes, MethodInfo Evolve)
    {
        public override string ToString() => Type.Name;
    }

    private static readonly Assembly Service = typeof(MartenSetup).Assembly;

    /// <summary>Every event type Marten is told about (MartenSetup registers the same set).</summary>
    private static readonly IReadOnlyList<Type> StoredEventTypes =
        [.. Service.GetTypes().Where(StoredEventRules.IsProductEvent).OrderBy(t => t.Name)];

    private static readonly IReadOnlyList<Aggregate> Aggregates =
    [
        .. Service.GetTypes()
            .Select(t => (Type: t, Evolve: t.GetMethod("Evolve", BindingFlags.Public | BindingFlags.Static, [t, typeof(object)]),
                Events: t.GetProperty("EventTypes", BindingFlags.Public | BindingFlags.Static)))
            .Where(a => a.Evolve is not null && a.Events is not null)
            .Select(a => new Aggregate(a.Type, (IReadOnlyList<Type>)a.Events!.GetValue(null)!, a.Evolve!)),
    ];

    [Fact]
    public void Every_snapshot_the_service_keeps_has_one_Evolve_and_lists_its_events()
    {
        Assert.Equal(
            ["Amendment", "CommentThread", "Draft", "DraftAdoption", "DraftCitations", "Group", "GroupSourceDocument", "Paragraph",
                "ParagraphPositions", "RevisionLog", "SilenceProcedure", "Workstream"],
            Aggregates.Select(a => a.Type.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_stored_event_type_belongs_to_the_stream_of_an_aggregate()
    {
        var listed = Aggregates.SelectMany(a => a.EventTypes).ToHashSet();
        Assert.Equal([], StoredEventTypes.Where(t => !listed.Contains(t)).Select(t => t.Name));
    }

    [Fact]
    public void Aggregates_list_only_stored_event_types_and_each_once()
    {
        foreach (var aggregate in Aggregates)
        {
            Assert.Equal([], aggregate.EventTypes.Where(t => !StoredEventRules.IsProductEvent(t)).Select(t => $"{aggregate}: {t.Name}"));
            Assert.Equal(aggregate.EventTypes.Count, aggregate.EventTypes.Distinct().Count());
        }
    }

    [Fact]
    public void Every_event_of_a_stream_kind_is_listed_by_the_aggregate_of_that_stream()
    {
        (Type Kind, Type Aggregate)[] streams =
        [
            (typeof(IParagraphEvent), typeof(Paragraph)),
            (typeof(IAmendmentEvent), typeof(Amendment)),
            (typeof(ICommentThreadEvent), typeof(CommentThread)),
            (typeof(IPositionsEvent), typeof(ParagraphPositions)),
            (typeof(ISilenceEvent), typeof(SilenceProcedure)),
        ];
        var missing = streams.SelectMany(s => StoredEventTypes
            .Where(t => s.Kind.IsAssignableFrom(t) && !Aggregates.Single(a => a.Type == s.Aggregate).EventTypes.Contains(t))
            .Select(t => $"{s.Aggregate.Name}: {t.Name}"));
        Assert.Equal([], missing);
    }

    [Fact]
    public void Every_aggregate_evolves_by_every_event_type_its_stream_holds()
    {
        var unhandled = new List<string>();
        foreach (var aggregate in Aggregates)
        {
            var state = RuntimeHelpers.GetUninitializedObject(aggregate.Type);
            foreach (var eventType in aggregate.EventTypes)
            {
                // Empty instances: the Evolve may fail on their missing fields, but only an event it does not handle is refused as unexpected.
                var e = RuntimeHelpers.GetUninitializedObject(eventType);
                foreach (var before in new[] { null, state })
                {
                    try
                    {
                        aggregate.Evolve.Invoke(null, [before, e]);
                    }
                    catch (TargetInvocationException failure) when (failure.InnerException is UnexpectedEventException)
                    {
                        unhandled.Add($"{aggregate}{(before is null ? " (before its first event)" : "")}: {eventType.Name}");
                    }
                    catch (TargetInvocationException)
                    {
                    }
                }
            }
        }
        Assert.Equal([], unhandled);
    }

    [Fact]
    public void An_event_of_another_stream_is_refused_by_name_instead_of_being_ignored()
    {
        var amendment = Amendment.Evolve(null, new AmendmentProposed(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
            AmendmentKind.ReplaceText, "New text.", null, 0, "Old text.", "expert", null, DateTimeOffset.UnixEpoch));

        var refused = Assert.Throws<UnexpectedEventException>(() =>
            Amendment.Evolve(amendment, new MemberRemoved(Guid.NewGuid(), "expert")));

        Assert.Equal("Amendment does not evolve by MemberRemoved.", refused.Message);
    }

    [Fact]
    public void A_replayed_paragraph_stream_holding_an_event_of_another_stream_is_damaged_naming_it()
    {
        var paragraphId = Guid.NewGuid();
        var paragraph = Paragraph.Evolve(null, new ParagraphProposed(Guid.NewGuid(), Guid.NewGuid(), paragraphId, "Text.", "expert", null, DateTimeOffset.UnixEpoch));

        var replayed = Paragraph.Replay(paragraph, paragraphId, 7, new MemberRemoved(Guid.NewGuid(), "expert"));

        Assert.Equal(new ParagraphDamage(7, "MemberRemoved: Paragraph does not evolve by MemberRemoved."), replayed?.Damage);
        Assert.Equal("Text.", replayed?.Text);
    }
}
