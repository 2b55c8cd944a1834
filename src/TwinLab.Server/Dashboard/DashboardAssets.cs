using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace TwinLab.Server.Dashboard;

/// <summary>
/// The dashboard's files (<c>Dashboard/wwwroot/**</c>), embedded in the server assembly so <c>twinlab serve</c> needs no
/// files beside it and the browser loads nothing from anywhere else (no CDN: the page works offline).
/// </summary>
/// <remarks>Each file is read once, with a strong ETag from its SHA-256 and a gzip copy when that is smaller; a browser
/// revalidates (<c>Cache-Control: no-cache</c>) and gets 304 while the server has not changed.</remarks>
internal sealed class DashboardAssets
{
    /// <summary>The resource name prefix the project file gives the embedded files.</summary>
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".json"] = "application/json; charset=utf-8",
        [".yaml"] = "application/yaml; charset=utf-8",
        [".woff2"] = "font/woff2",
        [".ico"] = "image/x-icon",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, Asset> _assets;

    /// <summary>One embedded file: its bytes, gzip bytes (when smaller), content type and ETag.</summary>
    internal sealed record Asset(string Path, byte[] Content, byte[]? Gzip, string ContentType, string ETag);

    private DashboardAssets(FrozenDictionary<string, Asset> assets) => _assets = assets;

    /// <summary>The files embedded in this assembly.</summary>
    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var path = name[Prefix.Length..].Replace('\\', '/');
            assets[path] = Read(assembly, name, path);
        }
        return new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The file at <paramref name="path"/> (relative, e.g. <c>js/app.js</c>), or <c>null</c>.</summary>
    public Asset? Find(string path) => _assets.GetValueOrDefault(path);

    /// <summary>Every embedded path.</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    private static Asset Read(Assembly assembly, string name, string path)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        using var zipped = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(zipped, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(content);
        var gz = zipped.Length < content.Length * 0.9 ? zipped.ToArray() : null;
        var type = ContentTypes.GetValueOrDefault(System.IO.Path.GetExtension(path), "application/octet-stream");
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
        return new Asset(path, content, gz, type, etag);
    }
}
