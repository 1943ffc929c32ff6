namespace GgeWorkspace.Api.Shared;

/// <summary>An event that belongs to one group; the activity feed and live updates route by it.</summary>
public interface IGroupEvent
{
    Guid GroupId { get; }
}
