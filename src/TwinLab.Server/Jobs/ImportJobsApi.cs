namespace TwinLab.Server;

/// <summary><c>/jobs/imports</c> (being built).</summary>
public static class ImportJobsApi
{
    /// <summary>Registers the import job runner.</summary>
    public static WebApplicationBuilder AddTwinLabJobs(this WebApplicationBuilder builder, ServerSettings settings) => builder;

    /// <summary>Maps the import job endpoints.</summary>
    public static WebApplication MapImportJobsApi(this WebApplication app) => app;
}
