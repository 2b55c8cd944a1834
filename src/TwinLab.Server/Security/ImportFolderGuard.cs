namespace TwinLab.Server.Security;

/// <summary>
/// Refuses an import folder that would expose the server's secrets: <c>/blobs/{name}</c> reads and writes any file in the
/// import folder, so the folder must not hold the database (or its journal), the development certificate (kept beside the
/// database, private key included), a configured certificate or key, or a JWT key file.
/// </summary>
public static class ImportFolderGuard
{
    /// <summary>Why <paramref name="importDirectory"/> must not be the import folder for <paramref name="settings"/>, or
    /// <c>null</c> when it may.</summary>
    public static string? RefusalReason(string importDirectory, ServerSettings settings)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(importDirectory));
        var guarded = GuardedFiles(settings);
        foreach (var (what, path) in guarded)
            if (IsWithin(path, root))
                return $"the import folder (TwinLab:ImportDirectory) '{root}' contains {what} '{path}', which /blobs would then serve; " +
                    "choose a folder of its own (the default is 'imports' beside the database)";
        return null;
    }

    /// <summary>The server's secret files for <paramref name="settings"/> (full paths): the database, the development
    /// certificate beside it, a configured certificate, its key and a JWT key file. Nothing that takes a path from a
    /// caller may open them.</summary>
    public static IReadOnlyList<(string What, string Path)> GuardedFiles(ServerSettings settings)
    {
        var db = Path.GetFullPath(settings.DbPath);
        var dbDirectory = Path.GetDirectoryName(db) ?? Directory.GetCurrentDirectory();
        var guarded = new List<(string What, string Path)>
        {
            ("the database", db),
            ("the development certificate", Path.Combine(dbDirectory, DevCertificate.PfxName)),
        };
        if (settings.CertificatePath is { } cert) guarded.Add(("the certificate (--cert)", Path.GetFullPath(cert)));
        if (settings.CertificateKeyPath is { } key) guarded.Add(("the certificate key (--cert-key)", Path.GetFullPath(key)));
        if (settings.JwtKey is { Length: > 1 } jwt && jwt.StartsWith('@')) guarded.Add(("the JWT key file (--jwt-key)", Path.GetFullPath(jwt[1..])));
        return guarded;
    }

    /// <summary>Whether <paramref name="path"/> lies strictly inside <paramref name="root"/> (both full paths).</summary>
    internal static bool IsWithin(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative != path && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !Path.IsPathRooted(relative);
    }
}
