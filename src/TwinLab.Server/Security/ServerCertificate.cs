using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TwinLab.Server.Security;

/// <summary>
/// The certificate HTTPS addresses are served with: the configured one (PKCS#12, or PEM with its key), else the
/// development certificate kept beside the database (<see cref="DevCertificate"/>), made on first use.
/// </summary>
/// <remarks>Loaded on first use, so a server that never binds an HTTPS address (tests on an in-memory host) makes none.</remarks>
public sealed class ServerCertificate
{
    private readonly Lazy<(X509Certificate2 Certificate, string? DevPemPath, bool Created)> _loaded;

    /// <summary>The certificate for <paramref name="settings"/>.</summary>
    public ServerCertificate(ServerSettings settings)
    {
        IsDevelopment = settings.CertificatePath is null;
        _loaded = new(() => IsDevelopment ? LoadDev(settings) : (LoadConfigured(settings), null, false), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether this is the self-signed development certificate (no certificate configured).</summary>
    public bool IsDevelopment { get; }

    /// <summary>The certificate with its private key (loaded or made now).</summary>
    /// <exception cref="InvalidOperationException">The configured certificate cannot be read.</exception>
    public X509Certificate2 Certificate => _loaded.Value.Certificate;

    /// <summary>The PEM file clients can trust, for the development certificate; <c>null</c> for a configured one.</summary>
    public string? DevPemPath => _loaded.Value.DevPemPath;

    /// <summary>Whether the development certificate was made by this server (rather than reused).</summary>
    public bool Created => _loaded.Value.Created;

    private static (X509Certificate2, string?, bool) LoadDev(ServerSettings settings)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(settings.DbPath)) ?? Directory.GetCurrentDirectory();
        var (certificate, pem, created) = DevCertificate.LoadOrCreate(directory);
        return (certificate, pem, created);
    }

    private static X509Certificate2 LoadConfigured(ServerSettings settings)
    {
        var path = settings.CertificatePath!;
        try
        {
            if (settings.CertificateKeyPath is null && !LooksLikePem(path))
                return X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword);
            using var pem = settings.CertificatePassword is { } password
                ? X509Certificate2.CreateFromEncryptedPemFile(path, password, settings.CertificateKeyPath)
                : X509Certificate2.CreateFromPemFile(path, settings.CertificateKeyPath);
            // A PEM key is ephemeral; TLS on Windows needs it persisted, which a PKCS#12 round trip does everywhere.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"The certificate '{path}' cannot be read: {e.Message} " +
                "(give a PKCS#12 file with --cert-password if it has one, or a PEM certificate with --cert-key for its key).", e);
        }
    }

    private static bool LooksLikePem(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[4096];
        var n = reader.Read(buffer, 0, buffer.Length);
        return new string(buffer, 0, n).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
