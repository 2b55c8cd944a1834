using System.Reflection;
using TwinLab.Core.Models;

namespace TwinLab.Health.Models;

/// <summary>
/// The DTDL v3 interfaces of the hypertension twin (embedded in this assembly) and the names of their relationships:
/// Patient → hasCondition → Condition, Patient → takes → Medication, Patient → hasState → BloodPressureState.
/// </summary>
public static class HealthModels
{
    /// <summary>Prefix of every health model id.</summary>
    public const string Prefix = "dtmi:twinlab:health:";

    /// <summary>A person.</summary>
    public const string Patient = Prefix + "Patient;1";

    /// <summary>A person's measured blood pressure (readings as telemetry).</summary>
    public const string BloodPressureState = Prefix + "BloodPressureState;1";

    /// <summary>One drug of the medication history.</summary>
    public const string Medication = Prefix + "Medication;1";

    /// <summary>A condition.</summary>
    public const string Condition = Prefix + "Condition;1";

    /// <summary>Patient → Condition.</summary>
    public const string HasCondition = "hasCondition";

    /// <summary>Patient → Medication.</summary>
    public const string Takes = "takes";

    /// <summary>Patient → BloodPressureState.</summary>
    public const string HasState = "hasState";

    /// <summary>Every model id, alphabetical.</summary>
    public static IReadOnlyList<string> All { get; } = [BloodPressureState, Condition, Medication, Patient];

    private const string ResourcePrefix = "TwinLab.Health.Models.";

    private static readonly Lazy<IReadOnlyList<DtdlSource>> Loaded = new(Load);

    /// <summary>The model documents, one per interface, named <c>Models/&lt;Interface&gt;.json</c>; ready for
    /// <see cref="DtdlParser.Parse"/> or a twin graph's model import.</summary>
    public static IReadOnlyList<DtdlSource> Sources => Loaded.Value;

    private static IReadOnlyList<DtdlSource> Load()
    {
        var assembly = typeof(HealthModels).Assembly;
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(n => new DtdlSource(Read(assembly, n), "Models/" + n[ResourcePrefix.Length..])),
        ];
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
