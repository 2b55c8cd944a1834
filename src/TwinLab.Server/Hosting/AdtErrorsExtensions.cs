using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary>Registers the ADT error-shape middleware.</summary>
public static class AdtErrorsExtensions
{
    /// <summary>Answers errors as <c>{"error": {"code", "message"}}</c> with the <c>x-ms-error-code</c> header.</summary>
    public static IApplicationBuilder UseAdtErrors(this IApplicationBuilder app) => app.UseMiddleware<AdtErrorMiddleware>();
}
