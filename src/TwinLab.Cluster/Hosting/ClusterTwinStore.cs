using Microsoft.Extensions.Hosting;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Storage.Postgres;

namespace TwinLab.Cluster.Hosting;

/// <summary>
/// The twin store the silos of a <c>membership: postgres</c> cluster share: a <see cref="PostgresTwinStore"/> on the
/// database of cluster.yaml's <c>postgres</c> setting, in schema <see cref="ClusterConfig.TwinsSchema"/>. Each silo opens
/// its own instance; the store's head-row lock makes their appends one gap-free log.
/// </summary>
public static class ClusterTwinStore
{
    /// <summary>Opens (creating the schema and its tables if missing) the twin store <paramref name="config"/> names.</summary>
    /// <exception cref="ClusterFileException">The database cannot be reached, refuses the login or the schema; the message
    /// names cluster.yaml's <c>postgres</c> setting (never the password).</exception>
    public static PostgresTwinStore Open(ClusterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Membership != MembershipKind.Postgres || config.Postgres is null)
            throw new ArgumentException("The cluster file does not choose 'membership: postgres'.", nameof(config));
        try
        {
            return PostgresTwinStore.Open(config.Postgres, config.TwinsSchema);
        }
        catch (TwinLabException e)
        {
            // The store's message names schema, database, host and port; the connection string itself is not repeated.
            throw PostgresClusterSchema.Problem(config,
                $"cannot open the twin store (twins_schema '{config.TwinsSchema}', {PostgresClusterSchema.Describe(config.Postgres)}): {e.Message}");
        }
    }

    /// <summary>Disposes the silo's store when its host is disposed — after the silo has stopped and its grains are gone —
    /// and not before. A hosted service, so the container creates it at start and so disposes it at the end.</summary>
    internal sealed class Lifetime(ITwinStore store) : IHostedService, IDisposable
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() => store.Dispose();
    }
}
