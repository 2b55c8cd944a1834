using TwinLab.Server;

var builder = WebApplication.CreateBuilder(args);
var app = TwinLabServer.Configure(builder, ServerSettings.From(builder.Configuration));
app.Run();
