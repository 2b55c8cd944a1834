using TwinLab.Server;

var builder = WebApplication.CreateBuilder(args);
var app = TwinLabServer.Configure(builder, ServerSettings.From(builder.Configuration));
app.Start();
// Configure binds exactly the checked addresses; this catches anything that still changed them.
if (TwinLabServer.ListeningRefusal(app) is { } refused)
{
    Console.Error.WriteLine($"error: {refused}.");
    await app.StopAsync();
    return 1;
}
app.WaitForShutdown();
return 0;
