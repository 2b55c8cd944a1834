namespace TwinLab.Server;

/// <summary>Authentication and request logging (being built).</summary>
public static class SecurityWiring
{
    /// <summary>Registers authentication.</summary>
    public static WebApplicationBuilder AddTwinLabSecurity(this WebApplicationBuilder builder, ServerSettings settings) => builder;

    /// <summary>Adds authentication to the pipeline.</summary>
    public static WebApplication UseTwinLabSecurity(this WebApplication app) => app;
}
