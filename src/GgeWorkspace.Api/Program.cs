using GgeWorkspace.Api.Infrastructure;

if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args);

var app = WorkspaceHost.Build(args);
// Before the database, the migrations or the demo seed: a taken port is the commonest reason a second start fails.
if (ListeningAddresses.FirstTaken(app.Configuration) is { } taken)
{
    Console.Error.WriteLine(ListeningAddresses.TakenMessage(taken.Address, taken.Port));
    return 1;
}
await app.RunAsync();
return 0;

public partial class Program;
