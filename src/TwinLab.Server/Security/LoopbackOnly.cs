using TwinLab.Server.Hosting;

namespace TwinLab.Server.Security;

/// <summary>
/// In <c>--dev</c> (anonymous) mode, the first middleware: refuses (403, ADT error shape) any request that did not arrive on
/// and from a loopback address. Defence in depth behind <see cref="ServerSettings.RefusalReason"/> and the server's own
/// check of the addresses it listens on: should configuration ever bind a dev server elsewhere, it still serves no one but
/// this machine. A connection without addresses (an in-process test host) is local by construction and allowed.
/// </summary>
internal sealed class LoopbackOnly(RequestDelegate next)
{
    /// <summary>The error code of a refused request.</summary>
    public const string Forbidden = "Forbidden";

    public Task InvokeAsync(HttpContext context)
    {
        var connection = context.Connection;
        if (IsLocal(connection.LocalIpAddress) && IsLocal(connection.RemoteIpAddress)) return next(context);
        return AdtError.WriteAsync(context.Response, StatusCodes.Status403Forbidden, Forbidden,
            "This server runs with --dev (anonymous access) and answers loopback connections only.");
    }

    private static bool IsLocal(System.Net.IPAddress? ip) => ip is null || ServerSettings.IsLoopback(ip);
}
