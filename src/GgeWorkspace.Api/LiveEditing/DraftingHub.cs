using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Auth;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>
/// The real-time endpoint of a drafting room. Every method goes through the mediator, so the same
/// membership and role check as the REST API runs on every invocation, not only on connect.
/// </summary>
[Authorize]
public sealed class DraftingHub(IMediator mediator, CallerAccessor callers, LiveConnections connections) : Hub
{
    public const string Path = "/hubs/drafting";

    public static string GroupChannel(Guid groupId) => $"group:{groupId:N}";

    /// <summary>Joins a group's live channel; answers with the group as the caller may see it.</summary>
    public async Task<GroupView> JoinGroup(Guid groupId)
    {
        callers.Use(Context.User!);
        var view = await mediator.Send(new GetGroup(groupId), Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupChannel(groupId), Context.ConnectionAborted);
        connections.Joined(groupId, callers.Current.Sub, Context.ConnectionId);
        return view;
    }

    public async Task LeaveGroup(Guid groupId)
    {
        callers.Use(Context.User!);
        connections.Left(groupId, callers.Current.Sub, Context.ConnectionId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupChannel(groupId));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Who the server believes the caller is; lets clients check their token round-trips.</summary>
    public string WhoAmI()
    {
        callers.Use(Context.User!);
        return callers.Current.Sub;
    }
}
