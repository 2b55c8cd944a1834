namespace TwinLab.Server.Domains;

/// <summary>The contact-centre twin over HTTP: intraday load, staffing against requirement, KPIs per scenario.</summary>
public static class ContactApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapContactApi(this IEndpointRouteBuilder app) => app;
}
