namespace TwinLab.Server;

/// <summary><c>/events</c> (being built).</summary>
public static class EventsApi
{
    /// <summary>Registers the event services.</summary>
    public static WebApplicationBuilder AddTwinLabEvents(this WebApplicationBuilder builder) => builder;

    /// <summary>Maps the event stream.</summary>
    public static WebApplication MapEventsApi(this WebApplication app) => app;
}
