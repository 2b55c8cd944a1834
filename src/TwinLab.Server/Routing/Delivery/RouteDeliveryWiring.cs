using Microsoft.Extensions.DependencyInjection.Extensions;
using TwinLab.Core.Application;
using TwinLab.Server.Events;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>Wires event-route delivery to endpoints (webhook, MQTT, SSE) into the server.</summary>
public static class RouteDeliveryWiring
{
    /// <summary>Registers the endpoint store, the outbox (<see cref="IRoutedEventOutbox"/>), the delivery states and the
    /// delivery service (settings <c>TwinLab:Delivery:*</c>, see <see cref="RouteDeliveryOptions"/>).</summary>
    public static WebApplicationBuilder AddTwinLabRouteDelivery(this WebApplicationBuilder builder, ServerSettings settings)
    {
        _ = settings;
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => RouteDeliveryOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new EndpointStore(sp.GetRequiredService<TwinService>().Store, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DeliveryStateStore(sp.GetRequiredService<TwinService>().Store));
        services.AddSingleton(sp => new RoutedEventOutbox(sp.GetRequiredService<TwinService>().Store, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IRoutedEventOutbox>(sp => sp.GetRequiredService<RoutedEventOutbox>());
        services.TryAddSingleton(sp => new DeadLetterStore(sp.GetRequiredService<TwinService>().Store, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var events = sp.GetRequiredService<EventStreamOptions>();
            return new RouteDeliveryService(sp.GetRequiredService<TwinService>(), sp.GetRequiredService<EventRouteStore>(),
                sp.GetRequiredService<EndpointStore>(), sp.GetRequiredService<DeliveryStateStore>(), sp.GetRequiredService<RoutedEventOutbox>(),
                sp.GetRequiredService<DeadLetterStore>(), () => events.OriginOf(null) with { TraceParent = null },
                sp.GetRequiredService<RouteDeliveryOptions>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RouteDeliveryService>>(), lease: sp.GetService<Hosting.IWorkLease>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<RouteDeliveryService>());
        return builder;
    }

    /// <summary>Maps <c>/endpoints</c>.</summary>
    public static WebApplication MapEndpointsApi(this WebApplication app) => EndpointsApi.Map(app);
}
