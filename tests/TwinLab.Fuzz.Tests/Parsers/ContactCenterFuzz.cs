using CsvHelper;
using TwinLab.ContactCenter.Ingest;
using TwinLab.Fuzz.Tests.Harness;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>The contact-centre twin's imports: interaction (call) logs as CSV (<see cref="InteractionLog"/>, with
/// separator and date-order detection) and roster YAML (<see cref="RosterFile.Parse"/>).</summary>
public sealed class ContactCenterFuzz(ITestOutputHelper output)
{
    [Fact, Trait("Parser", "interaction-csv")]
    public void AnyInteractionLog_IsReadOrReportsAnError()
    {
        var seeds = Corpus.Files("examples/contact-center/interactions.csv").Select(Head).ToArray();
        new Fuzzer(output).Check("interaction-csv", Inputs.Csv(seeds), 300,
            text => InteractionLog.ReadWith(o => CsvReader.FromText(text, o), "fuzz.csv", ColumnMap.Default, new ImportOptions()));
    }

    [Fact, Trait("Parser", "roster-yaml")]
    public void AnyRoster_IsReadOrReportsTheLine() =>
        new Fuzzer(output).Check("roster-yaml", Inputs.Yaml(Corpus.Files("examples/contact-center/roster.yaml")), 400, text => RosterFile.Parse(text, "fuzz.yaml"));

    // The example log has thousands of rows; its first 60 lines keep each case fast while holding every column.
    private static string Head(string text) => string.Join('\n', text.Split('\n').Take(60));
}
