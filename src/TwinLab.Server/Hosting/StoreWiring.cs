using Microsoft.Extensions.DependencyInjection.Extensions;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
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
    /// <exception cref="InvalidOperationException">The PostgreSQL store cannot be opened.</exception>
    public static WebApplicationBuilder AddTwinLabStore(this WebApplicationBuilder builder, ServerSettings settings)
    {
        var services = builder.Services;
        if (settings.Store == StoreKind.Sqlite)
        {
            services.AddSingleton(_ => new TwinService(SqliteTwinStore.Open(settings.DbPath, Storage.Encryption.MasterKey.Resolve(settings.EncryptionKeyFile))));
            services.AddSingleton<IWorkLease, ProcessLease>();
            return builder;
        }
        var store = OpenPostgres(settings);
        services.AddSingleton(_ => new TwinService(store));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PostgresLease>();
        services.AddSingleton<IWorkLease>(sp => sp.GetRequiredService<PostgresLease>());
        // Registered before the services it guards, so it stops after them: they stop working before the lock is released.
        services.AddHostedService(sp => sp.GetRequiredService<PostgresLease>());
        return builder;
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
