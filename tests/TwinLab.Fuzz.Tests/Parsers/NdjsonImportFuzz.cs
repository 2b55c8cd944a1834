using CsCheck;
using TwinLab.Core.Application;
using TwinLab.Core.Twins;
using TwinLab.Fuzz.Tests.Harness;
using TwinLab.Server.Jobs;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>
/// NDJSON bulk import files (the ADT import-job format: Header, Models, Twins, Relationships sections), run by
/// <see cref="ImportRun"/> into an in-memory store: examples/server/import/building.ndjson with one line made hostile,
/// or blindly edited. A broken file fails the job with <see cref="ImportFailedException"/> (its documented outcome) or
/// logs line errors; nothing else may escape.
/// </summary>
[Trait("Parser", "ndjson-import")]
public sealed class NdjsonImportFuzz(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<string> Seeds = Corpus.Files("examples/server/import/building.ndjson");

    [Fact]
    public void AnyImportFile_ImportsOrFailsTheJobWithAReason()
    {
        var dir = Directory.CreateTempSubdirectory("twinlab-fuzz-import").FullName;
        try
        {
            var hostileLine = Gen.Select(Gen.Int[0, 1 << 16], Gen.Int[0, 1 << 16], JsonHostile.Values, Gen.Int[0, 4], (line, pick, value, mode) =>
            {
                var lines = Seeds[0].Split('\n');
                var at = line % lines.Length;
                if (lines[at].Trim().Length > 0) lines[at] = JsonHostile.Replace(lines[at], pick, value, duplicateKey: mode == 0);
                return string.Join('\n', lines);
            });
            var inputs = Gen.Frequency((5, TextMutator.Mutate(Seeds, Tokens.Json)), (4, hostileLine), (1, Gen.Const(Seeds[0])));
            var n = 0;
            new Fuzzer(output).Check("ndjson-import", inputs, 100, text =>
            {
                var input = Path.Combine(dir, $"in{++n}.ndjson");
                var logPath = Path.Combine(dir, $"log{n}.ndjson");
                File.WriteAllText(input, text);
                try
                {
                    var log = new ImportLog(logPath, "fuzz", append: false, TimeProvider.System);
                    try
                    {
                        var run = new ImportRun(new TwinService(new InMemoryTwinStore()), "fuzz", "run", input, log, 100, null, null);
                        run.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
                    }
                    finally
                    {
                        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    }
                }
                finally
                {
                    File.Delete(input);
                    File.Delete(logPath);
                }
            }, accept: e => e is ImportFailedException);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
