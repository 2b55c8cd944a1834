using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TwinLab.Core.Application;
using TwinLab.Server.Audit;
using TwinLab.Server.Dashboard;
using TwinLab.Server.Domains;
using TwinLab.Server.Events;
using TwinLab.Server.Hosting;
using TwinLab.Server.Drift;
using TwinLab.Server.Routing.Delivery;
using TwinLab.Server.Security;
using TwinLab.Server.Sync;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Server;

/// <summary>Wires the TwinLab server: services, security, error handling and every endpoint area.</summary>
/// <remarks><c>Program.cs</c> and <c>twinlab serve</c> both go through <see cref="Configure"/>, so the server a test starts
/// is the server a user runs.</remarks>
public static class TwinLabServer
{
    /// <summary>Registers the services over the store named by <paramref name="settings"/> (the SQLite file, or a PostgreSQL
    /// schema several servers share).</summary>
    /// <param name="builder">The web application being built.</param>
    /// <param name="settings">Database, addresses and security settings.</param>
    /// <param name="simulators">The simulators experiments may use (default: the engine's built-ins).</param>
    /// <exception cref="InvalidOperationException">The settings are refused (see <see cref="ServerSettings.RefusalReason"/>).</exception>
    public static WebApplicationBuilder AddTwinLabServer(this WebApplicationBuilder builder, ServerSettings settings, SimulatorCatalog? simulators = null)
    {
        if (settings.RefusalReason() is { } reason) throw new InvalidOperationException(reason);
        builder.ListenOnlyOn(settings);
        builder.Services.AddSingleton(settings);
        // Under `serve --cluster` with PostgreSQL membership the node's service runs on the store the twin grains share and
        // follows their writes (history, ?asOf, branches, telemetry, /events, routes); otherwise on --store's.
        if (settings.Cluster is { Membership: Cluster.Hosting.MembershipKind.Postgres } && settings.Store == StoreKind.Postgres)
            throw new InvalidOperationException("--store postgres with --cluster (membership: postgres): a cluster node runs on the cluster's twin store (cluster.yaml's postgres and twins_schema); leave out --store.");
        var shared = settings.Cluster is { Membership: Cluster.Hosting.MembershipKind.Postgres } onPostgres ? Cluster.Hosting.ClusterTwinStore.Open(onPostgres) : null;
        builder.AddTwinLabStore(settings, shared);
        if (settings.FollowInterval > TimeSpan.Zero) builder.Services.AddHostedService<Hosting.StoreFollower>();
        builder.Services.AddSingleton<Twins.ITwinGraphBackend>(sp => new Twins.EmbeddedTwinGraph(sp.GetRequiredService<TwinService>()));
        builder.Services.AddSingleton(simulators ?? SimulatorCatalog.CreateDefault());
        builder.Services.AddSingleton<EventHub>();
        builder.Services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<EventHub>());
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "TwinLab (Azure Digital Twins-compatible data plane)";
            document.Info.Description = "ADT data-plane endpoints (every request needs ?api-version=) plus TwinLab extensions: /branches, /experiments, /events, ?branch= and ?asOf=.";
            return Task.CompletedTask;
        }));
        builder.AddTwinLabRequestLimits();
        builder.AddTwinLabSecurity(settings);
        builder.AddTwinLabHardening(settings);
        builder.AddTwinLabAudit(settings);
        builder.AddTwinLabEvents();
        builder.AddTwinLabJobs(settings);
        builder.AddTwinLabEventRoutes();
        builder.AddTwinLabExperiments(settings);
        builder.AddTwinLabSync(settings);
        builder.AddTwinLabRouteDelivery(settings);
        builder.AddTwinLabDrift(settings);
        if (settings.Cluster is { } cluster) builder.AddTwinLabCluster(cluster, simulators ?? SimulatorCatalog.CreateDefault(), shared);
        return builder;
    }

    /// <summary>The request pipeline: security headers, in <c>--dev</c> loopback connections only, then errors in ADT's shape,
    /// CORS, correlation ids, authentication, rate limits, authorization.</summary>
    public static WebApplication UseTwinLabPipeline(this WebApplication app)
    {
        app.UseTwinLabSecurityHeaders();
        if (app.Services.GetRequiredService<ServerSettings>().Dev) app.UseMiddleware<LoopbackOnly>();
        app.UseAdtErrors();
        app.UseTwinLabCors();
        app.UseTwinLabAudit();
        app.UseTwinLabSecurity();
        return app;
    }

    /// <summary>Maps every endpoint area, and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapTwinLabApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapApiReference();
        app.MapModelsApi();
        app.MapDigitalTwinsApi();
        app.MapRelationshipsApi();
        app.MapQueryApi();
        app.MapComponentsApi();
        app.MapTelemetryApi();
        app.MapBranchesApi();
        app.MapEventRoutesApi();
        app.MapImportJobsApi();
        app.MapExperimentsApi();
        app.MapEventsApi();
        app.MapSyncApi();
        app.MapEndpointsApi();
        app.MapDriftApi();
        app.MapTwinInsightApi();
        app.MapHistoryApi();
        app.MapTelemetryPointsApi();
        app.MapScenarioTemplatesApi();
        app.MapHealthApi();
        app.MapContactApi();
        app.MapNetworkApi();
        app.MapPoliciesApi();
        app.MapClusterApi();
        app.MapDashboard();
        app.MapAuditApi();
        return app;
    }

    /// <summary>Registers the services on <paramref name="builder"/>, builds the application and maps the pipeline and endpoints.</summary>
    public static WebApplication Configure(WebApplicationBuilder builder, ServerSettings settings, SimulatorCatalog? simulators = null)
    {
        builder.AddTwinLabServer(settings, simulators);
        var app = builder.Build();
        app.UseTwinLabPipeline();
        app.MapTwinLabApi();
        return app;
    }

    /// <summary>Builds the server the <c>twinlab serve</c> verb runs, listening on <see cref="ServerSettings.Urls"/>.</summary>
    public static WebApplication Build(ServerSettings settings, SimulatorCatalog? simulators = null)
    {
        var builder = WebApplication.CreateBuilder();
        return Configure(builder, settings, simulators);
    }

    /// <summary>Why the started <paramref name="app"/> must not go on serving: it listens on an address its settings refuse
    /// (see <see cref="ServerSettings.BoundAddressRefusal"/>); <c>null</c> when all is well or it listens on no address
    /// (an in-memory test host).</summary>
    public static string? ListeningRefusal(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } addresses
            ? app.Services.GetRequiredService<ServerSettings>().BoundAddressRefusal(addresses)
            : null;

    /// <summary>
    /// Makes Kestrel listen on <see cref="ServerSettings.Urls"/> and nowhere else: the addresses the settings were checked
    /// against (<see cref="ServerSettings.RefusalReason"/>) are the ones bound. <c>urls</c> replaces <c>ASPNETCORE_URLS</c>,
    /// <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> and Kestrel's default; <c>Kestrel:Endpoints</c> (which would
    /// override it) is dropped from the configuration Kestrel reads, the rest of the <c>Kestrel</c> section is kept.
    /// </summary>
    private static void ListenOnlyOn(this WebApplicationBuilder builder, ServerSettings settings)
    {
        builder.WebHost.UseUrls([.. settings.Urls]);
        var section = builder.Configuration.GetSection("Kestrel");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var kept = section.AsEnumerable(makePathsRelative: true)
                .Where(kv => kv.Value is not null
                    && !kv.Key.Equals("Endpoints", StringComparison.OrdinalIgnoreCase)
                    && !kv.Key.StartsWith("Endpoints:", StringComparison.OrdinalIgnoreCase));
            kestrel.Configure(new ConfigurationBuilder().AddInMemoryCollection(kept).Build(), reloadOnChange: false);
        });
    }
}
