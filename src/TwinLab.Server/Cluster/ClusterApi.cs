using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using TwinLab.Cluster.Experiments;
using TwinLab.Cluster.Hosting;
using TwinLab.Cluster.Operations;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Server;

/// <summary>
/// <c>/cluster</c> (a TwinLab extension, only under <c>twinlab serve --cluster</c>): run a scenario file's experiment across
/// the Orleans cluster this server is a silo of, follow it, fetch its results, and read the cluster's metrics.
/// </summary>
public static class ClusterApi
{
    /// <summary>The error code of an unknown cluster experiment (404).</summary>
    public const string ClusterExperimentNotFound = "ClusterExperimentNotFound";

    /// <summary>The error code of results asked for before the cluster experiment finished, or of one that failed (409).</summary>
    public const string ClusterExperimentNotFinished = "ClusterExperimentNotFinished";

    /// <summary>Makes this server a silo of the cluster <paramref name="config"/> describes.</summary>
    /// <param name="builder">The server being built.</param>
    /// <param name="config">The cluster file.</param>
    /// <param name="catalog">The simulators.</param>
    /// <param name="shared">The twin store the silos share (PostgreSQL membership), which the node's
    /// <see cref="Core.Application.TwinService"/> also runs on and disposes; <c>null</c> with localhost membership.</param>
    public static WebApplicationBuilder AddTwinLabCluster(this WebApplicationBuilder builder, ClusterConfig config, SimulatorCatalog catalog,
        Core.Twins.ITwinStore? shared = null)
    {
        builder.Services.AddSingleton(config);
        builder.UseOrleans(silo => silo.UseTwinLabCluster(config, catalog, shared));
        return builder.UseClusterTwins(sp => sp.GetRequiredService<IGrainFactory>(), config.IndexShards, followsLog: shared is not null);
    }

    /// <summary>
    /// <see cref="Core.Application.TwinService.AppendGuard"/> of a node on a shared store: main's twins, relationships and
    /// models are the grains' to write (each grain holds its twin, the index shards and the models grain theirs; a write
    /// made past them would be overwritten or missed). Telemetry, and anything on other branches, goes through.
    /// </summary>
    internal static string? WrittenByGrains(string branch, IReadOnlyList<Core.Twins.GraphChange> changes) =>
        branch != Core.History.BranchInfo.Main || changes.All(c => c is Core.Twins.TelemetryAppended) ? null
            : "On a cluster node, main's twins, relationships and models are written by the twin grains: use PUT/PATCH/DELETE " +
              "/digitaltwins/{id} (a component's properties are patched there at /{component}/{property}), its /relationships and " +
              "POST /models. This request would write them past the grains, which is not served on a cluster (yet); telemetry " +
              "and branches other than main are.";

    /// <summary>
    /// Serves the ADT twin, relationship, query and model-upload endpoints from the cluster's twin grains instead of the
    /// embedded database (what <see cref="AddTwinLabCluster"/> does; a test may point a server at a cluster it is a client of).
    /// </summary>
    /// <param name="builder">The server being built (after <c>AddTwinLabServer</c>).</param>
    /// <param name="grains">The cluster's grain factory.</param>
    /// <param name="indexShards">Index shards per branch, as the silos are configured.</param>
    /// <param name="followsLog">Whether the node's <see cref="Core.Application.TwinService"/> runs on the grains' shared
    /// store: it then serves branches other than main and <c>?asOf</c>.</param>
    public static WebApplicationBuilder UseClusterTwins(this WebApplicationBuilder builder, Func<IServiceProvider, IGrainFactory> grains, int indexShards,
        bool followsLog = false)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<Twins.ITwinGraphBackend>(sp =>
            new ClusterTwinGraph(new Cluster.Twins.ClusterTwins(grains(sp), indexShards),
                followsLog ? new Twins.EmbeddedTwinGraph(sp.GetRequiredService<Core.Application.TwinService>()) : null)));
        return builder;
    }

    /// <summary>Maps the cluster endpoints (when the server is a silo).</summary>
    public static WebApplication MapClusterApi(this WebApplication app)
    {
        if (app.Services.GetService<ClusterConfig>() is null) return app;
        var api = app.MapAdtGroup("/cluster").WithTags("Cluster");
        api.MapPost("/experiments", StartExperiment).WithName("StartClusterExperiment")
            .WithSummary("Runs a scenario file (YAML body; ?seed=, ?partition=) with its replications spread over the cluster; 202 with its status (TwinLab extension)");
        api.MapGet("/experiments/{id}", ExperimentStatusOf).WithName("GetClusterExperiment")
            .WithSummary("Progress of a cluster experiment: replications and partitions done, outstanding, retried (TwinLab extension)");
        api.MapGet("/experiments/{id}/results", ExperimentResults).WithName("GetClusterExperimentResults")
            .WithSummary("The finished experiment's results.json, identical to a single-machine run with the same seed (TwinLab extension)");
        api.MapGet("/metrics", Metrics).WithName("GetClusterMetrics")
            .WithSummary("Silos, activations per grain type, messages per second, experiment progress (TwinLab extension)");
        return app;
    }

    internal static async Task<Accepted<ExperimentStatus>> StartExperiment(HttpContext http, IGrainFactory grains, ClusterMetrics metrics, CancellationToken cancel)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(cancel);
        var query = http.Request.Query;
        var seed = query["seed"].ToString() is { Length: > 0 } s
            ? ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                : throw new TwinLabException(ErrorCodes.InvalidArgument, $"?seed={s} is not a whole number.")
            : (ulong?)null;
        var partition = query["partition"].ToString() is { Length: > 0 } p
            ? int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                : throw new TwinLabException(ErrorCodes.InvalidArgument, $"?partition={p} is not a whole number of at least 1.")
            : 0;
        var id = Guid.NewGuid().ToString("N");
        ExperimentStatus status;
        try
        {
            status = await grains.GetGrain<IExperimentGrain>(id).StartAsync(new ExperimentOrder(text, "request body", seed, partition));
        }
        catch (ArgumentException e)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, e.Message);
        }
        metrics.Track(id);
        return TypedResults.Accepted($"/cluster/experiments/{id}", status);
    }

    internal static async Task<Ok<ExperimentStatus>> ExperimentStatusOf(string id, IGrainFactory grains)
    {
        var status = await grains.GetGrain<IExperimentGrain>(id).GetStatusAsync();
        return status.State == ExperimentState.NotStarted
            ? throw new TwinLabException(ClusterExperimentNotFound, $"No cluster experiment '{id}'.")
            : TypedResults.Ok(status);
    }

    internal static async Task<ContentHttpResult> ExperimentResults(string id, IGrainFactory grains)
    {
        var grain = grains.GetGrain<IExperimentGrain>(id);
        var status = await grain.GetStatusAsync();
        if (status.State == ExperimentState.NotStarted) throw new TwinLabException(ClusterExperimentNotFound, $"No cluster experiment '{id}'.");
        return await grain.GetResultJsonAsync() is { } json
            ? TypedResults.Content(json, "application/json")
            : throw new TwinLabException(ClusterExperimentNotFinished,
                $"Cluster experiment '{id}' is {status.State.ToString().ToLowerInvariant()}" + (status.Error is { } e ? $": {e}" : "; its results are not ready."));
    }

    internal static async Task<Ok<ClusterReading>> Metrics(ClusterMetrics metrics) => TypedResults.Ok(await metrics.ReadAsync());
}
