using TwinLab.Core.Application;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Server;

/// <summary>Wires the TwinLab server: services, error handling and the Azure Digital Twins data-plane endpoints.</summary>
public static class TwinLabServer
{
    /// <summary>Registers the <see cref="TwinService"/> over the SQLite database named by <paramref name="settings"/>.</summary>
    /// <exception cref="InvalidOperationException">The settings are refused (see <see cref="ServerSettings.RefusalReason"/>).</exception>
    public static WebApplicationBuilder AddTwinLabServer(this WebApplicationBuilder builder, ServerSettings settings)
    {
        if (settings.RefusalReason() is { } reason) throw new InvalidOperationException(reason);
        builder.Services.AddSingleton(_ => new TwinService(SqliteTwinStore.Open(settings.DbPath)));
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "TwinLab (Azure Digital Twins-compatible data plane)";
            document.Info.Description = "ADT data-plane endpoints (every request needs ?api-version=) plus TwinLab extensions: /branches, ?branch= and ?asOf=.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Maps every endpoint area, and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapTwinLabApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapModelsApi();
        app.MapDigitalTwinsApi();
        app.MapRelationshipsApi();
        app.MapQueryApi();
        app.MapComponentsApi();
        app.MapTelemetryApi();
        app.MapBranchesApi();
        return app;
    }

    /// <summary>Builds the server the <c>twinlab serve</c> verb runs, listening on <see cref="ServerSettings.Urls"/>.</summary>
    public static WebApplication Build(ServerSettings settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.AddTwinLabServer(settings);
        var app = builder.Build();
        app.UseAdtErrors();
        app.MapTwinLabApi();
        return app;
    }
}
