namespace TwinLab.Server.Domains;

/// <summary>The network security twin over HTTP: attack graph, crown jewels, what-ifs, recommended measures.</summary>
public static class NetworkApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder app) => app;
}
