using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TwinLab.Server.Security;

/// <summary>
/// The self-signed development certificate <c>twinlab serve</c> uses for HTTPS when no certificate is configured: made for
/// <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>, kept beside the database and reused while it is valid, with its public
/// part written as PEM so clients can trust it (<c>NODE_EXTRA_CA_CERTS</c>, <c>curl --cacert</c>, an OS trust store).
/// </summary>
public static class DevCertificate
{
    /// <summary>File name of the certificate with its private key (PKCS#12, readable by the owner only).</summary>
    public const string PfxName = "twinlab-dev-cert.pfx";

    /// <summary>File name of the public certificate (PEM) for clients to trust.</summary>
    public const string PemName = "twinlab-dev-cert.pem";

    /// <summary>A stored certificate with at least this long to run is reused.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>Loads the development certificate from <paramref name="directory"/>, or creates it there.</summary>
    /// <returns>The certificate (with private key), the path of its PEM file, and whether it was made now.</returns>
    public static (X509Certificate2 Certificate, string PemPath, bool Created) LoadOrCreate(string directory, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        Directory.CreateDirectory(directory);
        var pfx = Path.Combine(directory, PfxName);
        var pem = Path.Combine(directory, PemName);
        if (File.Exists(pfx) && File.Exists(pem))
        {
            try
            {
                var existing = X509CertificateLoader.LoadPkcs12FromFile(pfx, password: null);
                if (existing.HasPrivateKey && existing.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore && existing.NotBefore.ToUniversalTime() <= now.UtcDateTime)
                    return (existing, pem, false);
                existing.Dispose();
            }
            catch (CryptographicException)
            {
                // Unreadable (truncated, another format): make a new one below.
            }
        }
        var certificate = Create(now);
        WritePrivate(pfx, certificate.Export(X509ContentType.Pkcs12));
        File.WriteAllText(pem, certificate.ExportCertificatePem() + "\n");
        return (X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null), pem, true);
    }

    /// <summary>Makes a one-year self-signed server certificate for the loopback names.</summary>
    internal static X509Certificate2 Create(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost, O=TwinLab development", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(365));
    }

    private static void WritePrivate(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        stream.Write(bytes);
    }
}
