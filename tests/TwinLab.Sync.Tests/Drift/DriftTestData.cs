using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.Twins;
using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Synthetic;
using TwinLab.Health.Twin;
using TwinLab.Simulation.Random;
using TwinLab.Sync.Drift;

namespace TwinLab.Sync.Tests.Drift;

/// <summary>Shared set-ups: the example patients and centre, readings drawn with a seed, and a sink that records events.</summary>
internal static class DriftTestData
{
    public static string Examples { get; } = FindExamples();

    // Reading the FHIR bundle takes seconds; the profile is immutable, so every test shares one.
    private static readonly Lazy<PatientProfile> Maria = new(() =>
        Assert.Single(HealthImport.Import(Path.Combine(Examples, "health", "maria-fhir")).Profiles));

    /// <summary>Maria (examples/health/maria-fhir) imported into <paramref name="service"/>; returns her profile.</summary>
    public static PatientProfile ImportMaria(TwinService service)
    {
        new HealthTwinStore(service).Import(Maria.Value);
        return Maria.Value;
    }

    /// <summary>
    /// Twice-daily home readings of Maria from the day after her files end, drawn from her true physiology and
    /// medication (what produced her files) with <paramref name="seed"/>; from <paramref name="shiftFromDay"/> on, each
    /// reading is raised by <paramref name="shift"/> (systolic; diastolic by 60% of it) — as if she stopped her medication.
    /// </summary>
    public static List<BpReading> MariaReadings(int days, ulong seed, int shiftFromDay = int.MaxValue, double shift = 0)
    {
        var maria = ExamplePatients.Maria;
        var first = ExamplePatients.LastDay.AddDays(1);
        var readings = SyntheticReadings.TwiceDaily(maria.Physiology, maria.Medication, first, days, maria.MeanPulse, TimeSpan.Zero, RandomStream.FromSeed(seed));
        return [.. readings.Select(r => r.Day.DayNumber - first.DayNumber >= shiftFromDay
            ? r with { Systolic = Math.Round(r.Systolic + shift), Diastolic = Math.Round(r.Diastolic + 0.6 * shift) }
            : r)];
    }

    /// <summary>Appends readings as telemetry of the state twin, one write per reading (as a monitor connection would).</summary>
    public static void Append(TwinService service, string stateTwin, IEnumerable<BpReading> readings)
    {
        foreach (var r in readings)
        {
            var message = new JsonObject { ["systolic"] = r.Systolic, ["diastolic"] = r.Diastolic, ["setting"] = "home", ["source"] = "test" };
            service.Write(g => g.AppendTelemetry(stateTwin, null, JsonSerializer.SerializeToElement(message), r.Time));
        }
    }

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (Directory.Exists(Path.Combine(candidate, "health"))) return candidate;
        }
        throw new InvalidOperationException("examples/ not found above the test binaries");
    }
}

/// <summary>Records the drift events a monitor publishes.</summary>
internal sealed class RecordingSink : IDriftEventSink
{
    private readonly List<DriftEvent> _events = [];

    public IReadOnlyList<DriftEvent> Events
    {
        get
        {
            lock (_events) return [.. _events];
        }
    }

    public void Publish(DriftEvent e)
    {
        lock (_events) _events.Add(e);
    }
}
