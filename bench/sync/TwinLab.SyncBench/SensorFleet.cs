using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Sync.Mapping;

namespace TwinLab.SyncBench;

/// <summary>
/// What the bench publishes and ingests: twins <c>s-0000</c>… of a Sensor model with one telemetry, <c>temperature</c>;
/// messages on <c>ROOT/s-0042/telemetry</c> carrying <c>{"seq":17,"t":21.43,"sent":1764230400123456}</c> (<c>sent</c> is
/// the publisher's clock in Unix microseconds, for the send-to-visible latency); a mapping keyed by twin and sequence.
/// </summary>
internal static class SensorFleet
{
    public const string ModelId = "dtmi:twinlab:bench:Sensor;1";
    public const string Source = "bench-mqtt";

    public static string TwinId(int i) => "s-" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static string Topic(string root, int twin) => $"{root}/{TwinId(twin)}/telemetry";

    /// <summary>Imports the model and creates the twins (one transaction).</summary>
    public static void Create(TwinService service, int twins) => service.Write(graph =>
    {
        graph.ImportModels([new DtdlSource($$$"""
            {"@id":"{{{ModelId}}}","@type":"Interface","@context":"dtmi:dtdl:context;3",
             "contents":[{"@type":"Telemetry","name":"temperature","schema":"double"}]}
            """, "bench-sensor.json")]);
        using var body = JsonDocument.Parse($$$"""{"$metadata":{"$model":"{{{ModelId}}}"}}""");
        for (var i = 0; i < twins; i++) graph.CreateOrReplaceTwin(TwinId(i), body.RootElement);
    });

    public static MessageMapping Mapping(string root) => MessageMapping.Parse($$"""
        description: bench sensors
        rules:
          - topic: "{{root}}/{device}/telemetry"
            twin: "{device}"
            key: "{device}/{$.seq}"
            telemetry:
              temperature: $.t
        """, "bench-mapping.yaml");

    /// <summary>Writes a payload into <paramref name="buffer"/>; returns its length.</summary>
    public static int Payload(Span<byte> buffer, long seq, double temperature, long sentMicros)
    {
        var n = 0;
        n += Copy("{\"seq\":"u8, buffer[n..]);
        Utf8Formatter.TryFormat(seq, buffer[n..], out var w);
        n += w;
        n += Copy(",\"t\":"u8, buffer[n..]);
        Utf8Formatter.TryFormat(temperature, buffer[n..], out w, new System.Buffers.StandardFormat('F', 2));
        n += w;
        n += Copy(",\"sent\":"u8, buffer[n..]);
        Utf8Formatter.TryFormat(sentMicros, buffer[n..], out w);
        n += w;
        buffer[n++] = (byte)'}';
        return n;
    }

    /// <summary>The <c>sent</c> field of a payload (Unix microseconds), or -1.</summary>
    public static long SentMicros(ReadOnlySpan<byte> payload)
    {
        var at = payload.LastIndexOf("\"sent\":"u8);
        if (at < 0) return -1;
        return Utf8Parser.TryParse(payload[(at + 7)..], out long value, out _) ? value : -1;
    }

    public static long NowMicros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> to)
    {
        text.CopyTo(to);
        return text.Length;
    }

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
