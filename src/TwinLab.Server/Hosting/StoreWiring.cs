using Microsoft.Extensions.DependencyInjection.Extensions;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Storage.Postgres;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Server.Hosting;

/// <summary>Wires the server's twin store (<see cref="TwinService"/>) and its work lease (<see cref="IWorkLease"/>).</summary>
public static class StoreWiring
{
    /// <summary>
    /// Registers the <see cref="TwinService"/> over the store <paramref name="settings"/> name: the SQLite file (opened when
    /// first needed, leased to this process alone) or the PostgreSQL schema (opened now, so an unreachable database or a
    /// refused login stops the start with a message naming the option; leased through <see cref="PostgresLease"/>).
    /// </summary>
    /// <param name="builder">The server being built.</param>
    /// <param name="settings">The server's settings.</param>
    /// <param name="cluster">Under <c>serve --cluster</c> with <c>membership: postgres</c>: the twin store the node's silo
    /// shares with the cluster's other silos. The service runs on it (writes of main's twins past the grains refused:
    /// <see cref="ClusterApi.WrittenByGrains"/>), leased on its schema, and disposes it.</param>
    /// <exception cref="InvalidOperationException">The PostgreSQL store cannot be opened, or both a cluster store and
    /// <c>--store postgres</c> are asked for.</exception>
    public static WebApplicationBuilder AddTwinLabStore(this WebApplicationBuilder builder, ServerSettings settings, ITwinStore? cluster = null)
    {
        var services = builder.Services;
        if (cluster is not null)
        {
            if (settings.Store == StoreKind.Postgres || settings.Cluster?.Postgres is null)
                throw new InvalidOperationException("--store postgres with --cluster (membership: postgres): a cluster node runs on the cluster's twin store (cluster.yaml's postgres and twins_schema); leave out --store.");
            services.AddSingleton(_ => new TwinService(cluster) { AppendGuard = ClusterApi.WrittenByGrains });
            AddLease(services, settings with { PostgresConnection = settings.Cluster.Postgres, PostgresSchema = settings.Cluster.TwinsSchema });
            return builder;
        }
        if (settings.Store == StoreKind.Sqlite)
        {
            services.AddSingleton(_ => new TwinService(SqliteTwinStore.Open(settings.DbPath, Storage.Encryption.MasterKey.Resolve(settings.EncryptionKeyFile))));
            services.AddSingleton<IWorkLease, ProcessLease>();
            return builder;
        }
        var store = OpenPostgres(settings);
        services.AddSingleton(_ => new TwinService(store));
        AddLease(services, settings);
        return builder;
    }

    /// <summary>The PostgreSQL work lease on <paramref name="leased"/>'s connection and schema.</summary>
    private static void AddLease(IServiceCollection services, ServerSettings leased)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PostgresLease(leased, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresLease>>()));
        services.AddSingleton<IWorkLease>(sp => sp.GetRequiredService<PostgresLease>());
        // Registered before the services it guards, so it stops after them: they stop working before the lock is released.
        services.AddHostedService(sp => sp.GetRequiredService<PostgresLease>());
    }

    private static PostgresTwinStore OpenPostgres(ServerSettings settings)
    {
        try
        {
            return PostgresTwinStore.Open(settings.PostgresConnection!, settings.PostgresSchema);
        }
        catch (TwinLabException e)
        {
            // The store's messages name host, port, database and schema, never the password.
            throw new InvalidOperationException($"--store postgres (--postgres, --postgres-schema): {e.Message}", e);
        }
    }
}
