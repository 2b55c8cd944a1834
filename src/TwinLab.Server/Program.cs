using TwinLab.Server;

var builder = WebApplication.CreateBuilder(args);
var settings = ServerSettings.From(builder.Configuration);
builder.AddTwinLabServer(settings);

var app = builder.Build();
app.UseAdtErrors();
app.MapTwinLabApi();

app.Run();
