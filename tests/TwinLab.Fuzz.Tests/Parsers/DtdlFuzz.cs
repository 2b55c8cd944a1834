using TwinLab.Core.Models;
using TwinLab.Fuzz.Tests.Harness;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>DTDL v2/v3 JSON-LD (<see cref="DtdlParser.Parse"/>): the models of examples/, mutated.</summary>
[Trait("Parser", "dtdl")]
public sealed class DtdlFuzz(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<string> Seeds = Corpus.Files("examples/building/models/*.json", "examples/factory/models/*.json");

    [Fact]
    public void AnyDocument_ParsesOrReportsDtdlErrors() =>
        new Fuzzer(output).Check("dtdl", Inputs.Json(Seeds), 400,
            text => DtdlParser.Parse([new DtdlSource(text, "fuzz.json")], ModelSet.Empty));

    [Fact]
    public void DocumentInABatch_ParsesOrReportsDtdlErrors()
    {
        // The mutated document is read together with the building's other models, so references and 'extends' resolve.
        var building = Corpus.Files("examples/building/models/*.json");
        new Fuzzer(output).Check("dtdl-batch", Inputs.Json(building), 150,
            text => DtdlParser.Parse([new DtdlSource(text, "fuzz.json"), .. building.Skip(1).Select((b, i) => new DtdlSource(b, $"b{i}.json"))], ModelSet.Empty));
    }
}
