using TwinLab.Server.Hosting;

namespace TwinLab.Server.Security;

/// <summary>The 401 answer: <c>WWW-Authenticate: Bearer</c> and ADT's error body with code <c>Unauthorized</c>.</summary>
internal static class Unauthorized
{
    /// <summary>The error code in the body and the <c>x-ms-error-code</c> header.</summary>
    public const string Code = "Unauthorized";

    /// <summary>Said when a request carries no credentials at all.</summary>
    public const string MissingMessage =
        "Authentication is required: send 'Authorization: Bearer <token>' with a JWT or a TwinLab API key (tlk_…).";

    /// <summary>Writes the 401; <paramref name="failure"/> is why the presented token was refused, or <c>null</c> when none was sent.</summary>
    public static Task WriteAsync(HttpResponse response, string? failure)
    {
        // RFC 6750 §3: a request without credentials gets a bare challenge; a refused token gets error="invalid_token".
        response.Headers.WWWAuthenticate = failure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'", StringComparison.Ordinal)}\"";
        return AdtError.WriteAsync(response, StatusCodes.Status401Unauthorized, Code, failure ?? MissingMessage);
    }

    /// <summary>The bearer token of <c>Authorization: Bearer TOKEN</c>, <c>""</c> for another scheme or an empty token, or
    /// <c>null</c> when the header is absent.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0) return null;
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
    }
}
