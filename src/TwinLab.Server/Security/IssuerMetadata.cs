using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TwinLab.Server.Security;

/// <summary>
/// The OpenID Connect issuer's discovery document and signing keys, read on first use and cached; read again after
/// <see cref="BaseConfigurationManager.AutomaticRefreshInterval"/>, or at once when a token names an unknown key.
/// </summary>
/// <remarks>
/// IdentityModel's own <c>ConfigurationManager</c> re-reads the keys in the background when asked to, so the request that
/// brought the first token signed with a new key is refused. Here the re-read happens within that request: JwtBearer's
/// token handler asks for a refresh on an unknown <c>kid</c>, gets the new document and validates again. Re-reads asked
/// for this way happen at most once per <see cref="BaseConfigurationManager.RefreshInterval"/>, so tokens with made-up
/// key ids cannot make the server hammer the issuer. A key the issuer stops publishing stops being accepted from the
/// next read: there is no "last known good" fallback to the old keys.
/// </remarks>
internal sealed class IssuerMetadata : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>
{
    /// <summary>While nothing has been read, how long a failed read is answered from memory before trying again.</summary>
    public static readonly TimeSpan FailedReadRetry = TimeSpan.FromSeconds(5);

    private readonly IDocumentRetriever _documents;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _readAt;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastRequested = DateTimeOffset.MinValue;
    private Exception? _lastFailure;
    private volatile bool _stale;

    /// <summary>Reads <paramref name="metadataAddress"/> (and the JWKS it names) with <paramref name="backchannel"/>;
    /// <paramref name="requireHttps"/> refuses any http:// address, including the JWKS's.</summary>
    public IssuerMetadata(string metadataAddress, HttpClient backchannel, bool requireHttps, TimeProvider time)
    {
        MetadataAddress = metadataAddress;
        _documents = new HttpDocumentRetriever(backchannel) { RequireHttps = requireHttps };
        _time = time;
        UseLastKnownGoodConfiguration = false;
        RefreshInterval = OidcAuthority.KeyRefreshInterval;
    }

    /// <summary>Why nothing could be read from the issuer yet, or <c>null</c> once something was.</summary>
    public Exception? Unavailable => _current is null ? _lastFailure : null;

    /// <inheritdoc />
    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => await GetConfigurationAsync(cancel);

    /// <summary>The issuer's document with its signing keys: the cached one while fresh, else read now.</summary>
    /// <exception cref="InvalidOperationException">Nothing could be read yet (the issuer is unreachable or answers nonsense).</exception>
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (Fresh() is { } current) return current;
        await _gate.WaitAsync(cancel);
        try
        {
            if (Fresh() is { } readMeanwhile) return readMeanwhile;
            var now = _time.GetUtcNow();
            if (_current is null && _lastFailure is not null && now - _lastAttempt < FailedReadRetry) throw Unreadable(_lastFailure);
            _lastAttempt = now;
            try
            {
                // Not the request's token: one read serves every waiting request, and one leaving must not cancel it.
                _current = await OpenIdConnectConfigurationRetriever.GetAsync(MetadataAddress, _documents, CancellationToken.None);
                _readAt = now;
                _lastFailure = null;
            }
            catch (Exception e)
            {
                // Whatever broke (network, timeout, http:// refused, not a discovery document, no usable keys), it is a failed read.
                _lastFailure = e;
                // Keys read earlier are better than none; they are tried again after RefreshInterval.
                if (_current is null) throw Unreadable(e);
                _readAt = now - AutomaticRefreshInterval + RefreshInterval;
            }
            _stale = false;
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the next <see cref="GetConfigurationAsync"/> read the issuer again, unless a read was asked for this way
    /// less than <see cref="BaseConfigurationManager.RefreshInterval"/> ago.</summary>
    public override void RequestRefresh()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (now - _lastRequested < RefreshInterval) return;
            _lastRequested = now;
        }
        _stale = true;
    }

    private OpenIdConnectConfiguration? Fresh() =>
        _current is { } current && !_stale && _time.GetUtcNow() - _readAt < AutomaticRefreshInterval ? current : null;

    private InvalidOperationException Unreadable(Exception e) =>
        new($"The OpenID configuration could not be read from '{MetadataAddress}': {e.Message}", e);
}
