// A writer for the crash-durability test (tests/TwinLab.Storage.Tests/CrashDurabilityTests.cs), meant to be killed.
//
//   dotnet TwinLab.CrashWriter.dll <dbPath> <startNumber> <count>
//
// For k = start .. start+count-1 it does ONE TwinService.Write that patches twin c{k % 10} with /n = k and
// /check = k * 7 (two operations) and appends telemetry {"seq": k} to the same twin, then prints "ack {k}" and
// flushes. An ack therefore means "Write returned": the test kills this process with SIGKILL at a random moment
// and checks that every acked write is in the database and that no write is half there.
using System.Globalization;
using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;

const string ModelId = "dtmi:crash:Counter;1";
const string Model = """
    {
      "@context": "dtmi:dtdl:context;3",
      "@id": "dtmi:crash:Counter;1",
      "@type": "Interface",
      "contents": [
        { "@type": "Property", "name": "n", "schema": "integer", "writable": true },
        { "@type": "Property", "name": "check", "schema": "integer", "writable": true },
        { "@type": "Telemetry", "name": "seq", "schema": "integer" }
      ]
    }
    """;
const int TwinCount = 10;

if (args.Length != 3
    || !long.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
    || !long.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
{
    Console.Error.WriteLine("usage: TwinLab.CrashWriter <dbPath> <startNumber> <count>");
    return 1;
}

using var service = new TwinService(SqliteTwinStore.Open(args[0]));

// Set-up in one write, so a kill during it leaves either nothing or everything.
service.Write(g =>
{
    if (!service.Snapshot.Models.Contains(ModelId))
        g.ImportModels([new DtdlSource(Model, "Counter.json")]);
    using var body = JsonDocument.Parse($$$"""{"$metadata":{"$model":"{{{ModelId}}}"}}""");
    for (var i = 0; i < TwinCount; i++)
    {
        if (g.FindTwin($"c{i}") is null) g.CreateOrReplaceTwin($"c{i}", body.RootElement);
    }
});

var stdout = Console.Out;
for (var k = start; k < start + count; k++)
{
    var twinId = $"c{k % TwinCount}";
    JsonPatchOperation[] patch =
    [
        JsonPatchOperation.Add("/n", JsonSerializer.SerializeToElement(k)),
        JsonPatchOperation.Add("/check", JsonSerializer.SerializeToElement(k * 7)),
    ];
    var telemetry = JsonSerializer.SerializeToElement(new Dictionary<string, long> { ["seq"] = k });
    service.Write(g =>
    {
        g.UpdateTwin(twinId, patch);
        g.AppendTelemetry(twinId, null, telemetry);
    });
    // One write call per line, so a kill cannot leave "ack 12" of "ack 123" in the pipe (the test also ignores a
    // line without its newline).
    stdout.Write(string.Create(CultureInfo.InvariantCulture, $"ack {k}\n"));
    stdout.Flush();
}
return 0;
