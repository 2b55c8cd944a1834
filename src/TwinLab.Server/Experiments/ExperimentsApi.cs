namespace TwinLab.Server;

/// <summary><c>/experiments</c> (being built).</summary>
public static class ExperimentsApi
{
    /// <summary>Registers the experiment queue.</summary>
    public static WebApplicationBuilder AddTwinLabExperiments(this WebApplicationBuilder builder, ServerSettings settings) => builder;

    /// <summary>Maps the experiment endpoints.</summary>
    public static WebApplication MapExperimentsApi(this WebApplication app) => app;
}
