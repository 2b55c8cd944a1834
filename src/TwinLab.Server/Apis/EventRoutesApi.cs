namespace TwinLab.Server;

/// <summary><c>/eventroutes</c> (being built).</summary>
public static class EventRoutesApi
{
    /// <summary>Maps the event route endpoints.</summary>
    public static WebApplication MapEventRoutesApi(this WebApplication app) => app;
}
