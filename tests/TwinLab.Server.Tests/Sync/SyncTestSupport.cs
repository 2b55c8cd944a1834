using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests.Sync;

/// <summary>A Sensor model (telemetry temperature and seq, a thermostat component with telemetry temp) and sensor twins,
/// and NDJSON requests.</summary>
internal static class SyncTestSupport
{
    public const string Thermostat = """
        {"@id":"dtmi:test:SensorThermostat;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Telemetry","name":"temp","schema":"double"}]}
        """;

    public const string Sensor = """
        {"@id":"dtmi:test:Sensor;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Telemetry","name":"temperature","schema":"double"},
                     {"@type":"Telemetry","name":"seq","schema":"long"},
                     {"@type":"Component","name":"thermostat","schema":"dtmi:test:SensorThermostat;1"}]}
        """;

    /// <summary>Maps <c>{"device", "seq", "t"}</c> to the device's telemetry, keyed by device and seq.</summary>
    public const string Mapping = """
        rules:
          - name: reading
            twin: $.device
            key: "{$.device}/{$.seq}"
            telemetry:
              temperature: $.t
              seq: $.seq
        """;

    public static async Task<HttpClient> Sensors(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ServerSettings> factory, int count = 3)
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{Thermostat},{Sensor}]"))).StatusCode);
        for (var i = 0; i < count; i++)
        {
            var r = await client.PutAsync(Url($"/digitaltwins/sensor-{i}"), Json("""{"$metadata":{"$model":"dtmi:test:Sensor;1"},"thermostat":{"$metadata":{}}}"""));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        return client;
    }

    public static StringContent Ndjson(params string[] lines)
    {
        var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return content;
    }

    public static string Reading(string device, long seq, double t) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"device":"{{device}}","seq":{{seq}},"t":{{t}}}""");

    public static string Line(string twin, string messageId, string telemetry, string? component = null, string? time = null) =>
        $$"""{"$dtId":"{{twin}}",{{(component is null ? "" : $"\"$component\":\"{component}\",")}}"messageId":"{{messageId}}",{{(time is null ? "" : $"\"sourceTime\":\"{time}\",")}}"telemetry":{{telemetry}}}""";

    public static IReadOnlyList<TwinLab.Core.Twins.TelemetryPoint> Points(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ServerSettings> factory, string twin, string? name = null) =>
        factory.Services.GetRequiredService<TwinService>().ReadTelemetry(twin, name, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
