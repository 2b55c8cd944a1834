using TwinLab.Core.Errors;
using TwinLab.Server.Security;

namespace TwinLab.Server.Domains;

/// <summary>
/// The folders the server reads a network's input files from. A Network twin names its input files (<c>topologyPath</c>,
/// <c>scanPath</c>, … recorded by <c>twinlab network import</c>), and anyone allowed to write that twin through the API
/// could point those properties at any file the server can read — its database, its keys, <c>/etc/passwd</c> — and learn
/// from the answer whether it exists or, through a parser's error, part of its content. So the server only opens input
/// files inside these folders: the database's folder and everything below it, the examples shipped beside the server
/// (what <c>twinlab demo</c> imports) and the folders configured in <c>TwinLab:Network:InputDirectories</c> (separated by
/// <c>;</c>), and never the server's own secrets (the database, its certificate and keys, see <see cref="ImportFolderGuard"/>).
/// </summary>
internal sealed class NetworkInputFolders
{
    /// <summary>The configuration key of the extra folders.</summary>
    public const string ConfigurationKey = "TwinLab:Network:InputDirectories";

    private readonly IReadOnlyList<string> _roots;
    private readonly IReadOnlyList<(string What, string Path)> _secrets;

    public NetworkInputFolders(ServerSettings settings, string? configured)
    {
        var roots = new List<string>
        {
            Path.GetDirectoryName(Path.GetFullPath(settings.DbPath)) ?? Directory.GetCurrentDirectory(),
            Path.Combine(AppContext.BaseDirectory, "examples"),
        };
        foreach (var folder in (configured ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            roots.Add(Path.GetFullPath(folder));
        _roots = [.. roots.Select(Path.TrimEndingDirectorySeparator)];
        _secrets = ImportFolderGuard.GuardedFiles(settings);
    }

    /// <summary>The folders input files may be read from.</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>Refuses <paramref name="path"/> (named by <paramref name="field"/> on network <paramref name="network"/>)
    /// unless it lies in one of <see cref="Roots"/> and is none of the server's secrets; the refusal does not say whether
    /// the file exists.</summary>
    /// <exception cref="TwinLabException"><see cref="NetworkAnalyses.NetworkNotAnalysable"/>.</exception>
    public void Check(string network, string field, string path)
    {
        var full = Path.GetFullPath(path);
        // Symbolic links are followed before the check, so a link inside a root cannot lead outside it.
        var target = ResolveLinks(full);
        // The database's journal files (-wal, -shm, -journal) count as the database.
        var secret = _secrets.FirstOrDefault(s => IsFileOrSidecar(target, s.Path) || IsFileOrSidecar(full, s.Path));
        if (secret.Path is not null || !_roots.Any(root => ImportFolderGuard.IsWithin(target, root) && ImportFolderGuard.IsWithin(full, root)))
            throw new TwinLabException(NetworkAnalyses.NetworkNotAnalysable,
                $"Network '{network}': {field} names a file outside the folders this server reads network inputs from " +
                $"(the database's folder, the shipped examples and {ConfigurationKey}); import the network from there or add its folder to {ConfigurationKey}.");
    }

    private static bool IsFileOrSidecar(string path, string secret) =>
        string.Equals(path, secret, StringComparison.Ordinal) || path.StartsWith(secret + "-", StringComparison.Ordinal);

    private static string ResolveLinks(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? path : Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);
        }
        catch (IOException)
        {
            return path;
        }
        catch (UnauthorizedAccessException)
        {
            return path;
        }
    }
}
