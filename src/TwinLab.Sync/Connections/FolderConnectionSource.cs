using TwinLab.Sync.Files;

namespace TwinLab.Sync.Connections;

/// <summary>A <c>folder</c> connection's source: a <see cref="FolderSource"/> on its folder, keeping its file checkpoints in
/// the database under the connection's id.</summary>
internal sealed class FolderConnectionSource(FolderSource source) : IConnectionSource
{
    /// <summary>The source for <paramref name="c"/>.</summary>
    public static FolderConnectionSource For(ConnectionDefinition c, SourceContext context)
    {
        var f = c.Folder ?? throw new InvalidOperationException($"Connection '{c.Id}' has no folder settings.");
        var options = new FolderSourceOptions { Folder = f.Path, Glob = f.Glob, DoneFolder = f.DoneFolder, Source = c.Id };
        return new FolderConnectionSource(new FolderSource(options, context.Mapping, context.Sink, context.Store, context.Time));
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancel) => source.StartAsync(cancel);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancel) => source.StopAsync(cancel);

    /// <inheritdoc />
    public SourceHealth Health
    {
        get
        {
            var c = source.Counters;
            var state = c.State switch
            {
                "running" => ConnectionStates.Running,
                "failing" => ConnectionStates.Failing,
                _ => ConnectionStates.NotRunning,
            };
            return new SourceHealth(state, c.Errors, c.LastError, c.LastErrorTime);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => source.DisposeAsync();
}
