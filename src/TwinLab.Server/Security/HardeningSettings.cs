using System.Globalization;

namespace TwinLab.Server.Security;

/// <summary>The HTTP hardening settings from configuration: CORS (<c>TwinLab:Cors:Origins</c>), HSTS
/// (<c>TwinLab:Hsts:MaxAgeSeconds</c>) and rate limits (<c>TwinLab:RateLimit:*</c>).</summary>
/// <param name="CorsOrigins">Origins (<c>scheme://host[:port]</c>) a browser page may call the API from; empty (the
/// default) answers no cross-origin request.</param>
/// <param name="HstsMaxAgeSeconds">The <c>max-age</c> of <c>Strict-Transport-Security</c> on HTTPS responses to a host that is not
/// loopback; 0 sends none. Default one year.</param>
/// <param name="RateLimit">Requests per identity.</param>
internal sealed record HardeningSettings(IReadOnlyList<string> CorsOrigins, int HstsMaxAgeSeconds, RateLimitSettings RateLimit)
{
    /// <summary>One year: the <c>max-age</c> browsers' HSTS preload lists ask for.</summary>
    public const int DefaultHstsMaxAgeSeconds = 365 * 24 * 3600;

    /// <summary>Reads the settings; <paramref name="dev"/> turns rate limits off unless configured.</summary>
    /// <exception cref="InvalidOperationException">A setting is malformed or out of range; the message names its key.</exception>
    public static HardeningSettings From(IConfiguration configuration, bool dev) => new(
        CorsOriginList(configuration),
        ReadInt(configuration, "TwinLab:Hsts:MaxAgeSeconds", DefaultHstsMaxAgeSeconds, 0, 2 * DefaultHstsMaxAgeSeconds),
        RateLimitSettings.From(configuration, dev));

    /// <summary>The origins of <c>TwinLab:Cors:Origins</c>: a list (<c>:0</c>, <c>:1</c> … or a JSON array in appsettings) or one
    /// value separated by <c>;</c> or <c>,</c>. Each must be an exact http(s) origin: no path, no wildcard.</summary>
    private static IReadOnlyList<string> CorsOriginList(IConfiguration configuration)
    {
        const string key = "TwinLab:Cors:Origins";
        var section = configuration.GetSection(key);
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .SelectMany(v => v!.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var origins = new List<string>();
        foreach (var value in values)
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || value.TrimEnd('/').Length != uri.GetLeftPart(UriPartial.Authority).Length
                || uri.Query.Length > 0 || value.Contains('*'))
                throw new InvalidOperationException(
                    $"{key}: '{value}' is not an origin; give scheme://host[:port] exactly as the browser sends it (e.g. https://app.example.com), no path or wildcard.");
            origins.Add(uri.GetLeftPart(UriPartial.Authority));
        }
        return origins.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when unset.</summary>
    internal static int ReadInt(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{key} must be a whole number from {min} to {max}, not '{text}'.");
    }

    /// <summary>A positive number up to <paramref name="max"/>, or <paramref name="fallback"/> when unset.</summary>
    internal static double ReadPositive(IConfiguration configuration, string key, double fallback, double max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= max
            ? value
            : throw new InvalidOperationException($"{key} must be a number above 0 and at most {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
    }

    /// <summary><c>true</c>/<c>false</c>, or <paramref name="fallback"/> when unset.</summary>
    internal static bool ReadBool(IConfiguration configuration, string key, bool fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return bool.TryParse(text, out var value) ? value : throw new InvalidOperationException($"{key} must be true or false, not '{text}'.");
    }
}
