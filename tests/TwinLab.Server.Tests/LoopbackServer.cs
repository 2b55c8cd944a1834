using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace TwinLab.Server.Tests;

/// <summary>The anonymous (--dev) server on a real Kestrel socket on loopback, over a fresh temporary database: for what
/// an in-memory test host cannot show (TLS handshakes, Kestrel's own limits).</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly string _dir;

    private LoopbackServer(string dir, WebApplication app, Uri address)
    {
        _dir = dir;
        App = app;
        Address = address;
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>The address it listens on (the port chosen by the system).</summary>
    public Uri Address { get; }

    /// <summary>Starts a server on <paramref name="url"/> (give port 0 for a free one).</summary>
    public static async Task<LoopbackServer> StartAsync(string url)
    {
        var dir = Directory.CreateTempSubdirectory("twinlab-loopback-").FullName;
        var app = TwinLabServer.Build(new ServerSettings(Path.Combine(dir, "twinlab.db"), Dev: true, [url]));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new LoopbackServer(dir, app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
