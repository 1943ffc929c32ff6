using GgeWorkspace.Api.Infrastructure;

if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args);

var app = WorkspaceHost.Build(args);
await app.RunAsync();
return 0;

public partial class Program;
