using Microsoft.Extensions.DependencyInjection.Extensions;
using TwinLab.Core.Audit;
using TwinLab.Server.Audit;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Server;

/// <summary>The audit log: the store in the database file, the buffered recorder, the request middleware and the API.</summary>
public static class AuditWiring
{
    /// <summary>Registers the audit store on the server's database and the recorder (also as <see cref="IAuditLog"/>, for
    /// code that records what the middleware cannot see, such as a policy's denial).</summary>
    public static WebApplicationBuilder AddTwinLabAudit(this WebApplicationBuilder builder, ServerSettings settings)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAuditStore>(_ => SqliteAuditStore.Open(settings.DbPath));
        services.AddSingleton(sp => new AuditRecorder(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<ILogger<AuditRecorder>>()));
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditRecorder>());
        return builder;
    }

    /// <summary>Adds the middleware that records every request (place it before authentication).</summary>
    public static WebApplication UseTwinLabAudit(this WebApplication app)
    {
        app.UseMiddleware<AuditMiddleware>();
        return app;
    }
}
