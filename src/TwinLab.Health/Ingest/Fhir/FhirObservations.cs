using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using TwinLab.Health.Patients;
using static TwinLab.Health.Ingest.Fhir.FhirCodes;
using Condition = TwinLab.Health.Patients.Condition;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>
/// Maps one patient's Observations to blood-pressure readings, labs and a current pregnancy.
/// </summary>
/// <remarks>
/// <para>Blood pressure: a panel (LOINC 85354-9, or 55284-4, or any observation with 8480-6/8462-4 components) gives one
/// reading from its systolic and diastolic components; standalone systolic and diastolic observations at the same
/// effective instant are paired into one reading. A heart rate (8867-4) at the same instant, or a heart-rate component of
/// the panel, becomes the reading's pulse; every heart rate is also a <see cref="LabKind.HeartRate"/> lab.</para>
/// <para>Setting: the FHIR core spec has no element that says "taken at home", so the rule is: <see cref="ReadingSetting.Home"/>
/// when the observation claims the HL7 CardX Hypertension Management IG profile <c>self-measured-bp</c> (whose
/// definition is "taken by the subject or a related person, in a non-clinical environment") or an HL7 Personal Health
/// Device IG profile (<c>/uv/phd/</c>); or when its performer is the patient or a RelatedPerson (as the CardX examples
/// record it); or when the text of its method, category, device or performer contains "home", "self" or "patient
/// reported". Everything else is <see cref="ReadingSetting.Clinic"/>.</para>
/// <para>Units must be the ones LOINC specifies (mm[Hg]; /min; mmol/L, with mEq/L equal for a monovalent ion; mg/dL or
/// µmol/L for creatinine; mL/min/{1.73_m2}); another unit is a problem naming the element. Values are returned as stated:
/// plausibility is checked by the import for FHIR and CSV alike.</para>
/// </remarks>
internal sealed class FhirObservations(PatientRef patient, FhirLog log)
{
    /// <summary>Creatinine: 1 mg/dL = 88.4 µmol/L (molar mass 113.12 g/mol: 10 mg/L ÷ 113.12 g/mol = 88.4 µmol/L; the
    /// factor used by KDIGO 2012 and laboratory medicine texts).</summary>
    public const double CreatinineMgDlToUmolL = 88.4;

    private static readonly Dictionary<string, double> Mmhg = new() { ["mm[hg]"] = 1, ["mmhg"] = 1 };
    private static readonly Dictionary<string, double> PerMinute = new() { ["/min"] = 1, ["1/min"] = 1, ["beats/min"] = 1, ["beat/min"] = 1, ["bpm"] = 1 };
    private static readonly Dictionary<string, double> Mmol = new() { ["mmol/l"] = 1, ["meq/l"] = 1 };
    private static readonly Dictionary<string, double> Creatinine = new() { ["mg/dl"] = CreatinineMgDlToUmolL, ["umol/l"] = 1 };
    private static readonly Dictionary<string, double> EgfrUnits = new() { ["ml/min/1.73m2"] = 1, ["ml/min/1.73.m2"] = 1 };

    private readonly List<(FhirEntry Entry, bool Systolic, double Value, DateTimeOffset Time, ReadingSetting Setting)> _halves = [];
    private readonly Dictionary<DateTime, double> _pulses = [];
    private readonly List<(DateTimeOffset Time, bool Pregnant, FhirEntry Entry, string Display)> _pregnancy = [];

    /// <summary>Readings found, oldest first after <see cref="Finish"/>.</summary>
    public List<BpReading> Readings { get; } = [];

    /// <summary>Labs found.</summary>
    public List<LabResult> Labs { get; } = [];

    /// <summary>A current pregnancy read from a pregnancy-status observation, if any.</summary>
    public Condition? Pregnancy { get; private set; }

    /// <summary>Maps one Observation.</summary>
    public void Add(FhirEntry entry)
    {
        var obs = (Observation)entry.Resource;
        try
        {
            AddObservation(entry, obs);
        }
        catch (CodedException e)
        {
            log.Problem(entry, $"cannot be read: {e.Message}");
        }
    }

    private void AddObservation(FhirEntry entry, Observation obs)
    {
        var status = Code(obs.StatusElement);
        if (status is "entered-in-error" or "cancelled")
        {
            log.Note(entry, $"status '{status}': skipped");
            return;
        }
        var hasBpComponent = obs.Component.Any(c => HasLoinc(c.Code, Systolic, Diastolic));
        var isPanel = HasLoinc(obs.Code, BpPanel) || hasBpComponent;
        var isHalf = !isPanel && HasLoinc(obs.Code, Systolic, Diastolic);
        var labKind = HasLoinc(obs.Code, HeartRate) ? LabKind.HeartRate
            : HasLoinc(obs.Code, Potassium) ? LabKind.Potassium
            : HasLoinc(obs.Code, CreatinineMass) || HasLoinc(obs.Code, CreatinineMolar) ? LabKind.Creatinine
            : HasLoinc(obs.Code, Egfr) ? LabKind.Egfr
            : (LabKind?)null;
        var isPregnancy = HasLoinc(obs.Code, PregnancyStatus);
        if (!isPanel && !isHalf && labKind is null && !isPregnancy)
        {
            log.Unused("Observation", Describe(obs.Code));
            return;
        }
        if (!TryTime(EffectiveStart(obs.Effective), out var time, out var hasTime))
        {
            log.Problem(entry, "no effective time (effectiveDateTime or effectivePeriod.start)", ".effective");
            return;
        }
        if (isPregnancy)
        {
            AddPregnancy(entry, obs, time);
            return;
        }
        if (!hasTime && (isPanel || isHalf))
            log.Note(entry, $"the blood pressure has a date but no time of day; read at 12:00 UTC on {time:yyyy-MM-dd}");
        if (isPanel)
        {
            AddPanel(entry, obs, time);
            return;
        }
        if (isHalf)
        {
            var systolic = HasLoinc(obs.Code, Systolic);
            if (TryValue(entry, obs.Value, ".valueQuantity", Mmhg, "mm[Hg]", out var value))
                _halves.Add((entry, systolic, value, time, SettingOf(obs)));
            return;
        }
        var (units, expected) = labKind switch
        {
            LabKind.HeartRate => (PerMinute, "/min"),
            LabKind.Potassium => (Mmol, "mmol/L or mEq/L"),
            LabKind.Creatinine => (Creatinine, "mg/dL or umol/L"),
            _ => (EgfrUnits, "mL/min/{1.73_m2}"),
        };
        if (!TryValue(entry, obs.Value, ".valueQuantity", units, expected, out var lab)) return;
        Labs.Add(new LabResult(labKind!.Value, lab, time, entry.Source));
        if (labKind == LabKind.HeartRate) _pulses.TryAdd(time.UtcDateTime, lab);
    }

    private void AddPanel(FhirEntry entry, Observation obs, DateTimeOffset time)
    {
        var sys = obs.Component.FindIndex(c => HasLoinc(c.Code, Systolic));
        var dia = obs.Component.FindIndex(c => HasLoinc(c.Code, Diastolic));
        if (sys < 0 || dia < 0)
        {
            var missing = sys < 0 && dia < 0 ? "systolic (LOINC 8480-6) and diastolic (LOINC 8462-4) components"
                : sys < 0 ? "systolic (LOINC 8480-6) component" : "diastolic (LOINC 8462-4) component";
            log.Problem(entry, $"the blood-pressure panel has no {missing}", ".component");
            return;
        }
        if (!TryValue(entry, obs.Component[sys].Value, $".component[{sys}].valueQuantity", Mmhg, "mm[Hg]", out var systolic)) return;
        if (!TryValue(entry, obs.Component[dia].Value, $".component[{dia}].valueQuantity", Mmhg, "mm[Hg]", out var diastolic)) return;
        double? pulse = null;
        var hr = obs.Component.FindIndex(c => HasLoinc(c.Code, HeartRate));
        if (hr >= 0 && TryValue(entry, obs.Component[hr].Value, $".component[{hr}].valueQuantity", PerMinute, "/min", out var p)) pulse = p;
        Readings.Add(new BpReading(time, systolic, diastolic, pulse, SettingOf(obs), entry.Source));
    }

    private void AddPregnancy(FhirEntry entry, Observation obs, DateTimeOffset time)
    {
        if (obs.Value is not CodeableConcept answer)
        {
            log.Problem(entry, "a pregnancy status needs a coded value (valueCodeableConcept)", ".value");
            return;
        }
        // SNOMED CT 77386006 "Pregnant" / LOINC answer LA15173-0 "Pregnant"; 60001007 "Not pregnant" / LA26683-5.
        var text = Describe(answer).ToLowerInvariant();
        var pregnant = Codes(answer, Snomed).Contains("77386006") || answer.Coding.OfType<Hl7.Fhir.Model.Coding>().Any(c => c.Code == "LA15173-0")
            || (text.Contains("pregnant", StringComparison.Ordinal) && !text.Contains("not pregnant", StringComparison.Ordinal)
                && !Codes(answer, Snomed).Contains("60001007") && !answer.Coding.OfType<Hl7.Fhir.Model.Coding>().Any(c => c.Code == "LA26683-5"));
        _pregnancy.Add((time, pregnant, entry, Describe(answer)));
    }

    /// <summary>Pairs standalone systolic and diastolic observations, attaches pulses, decides pregnancy, sorts.</summary>
    public void Finish()
    {
        foreach (var group in _halves.GroupBy(h => h.Time.UtcDateTime).OrderBy(g => g.Key))
        {
            var sys = group.Where(h => h.Systolic).OrderBy(h => h.Entry.Order).ToList();
            var dia = group.Where(h => !h.Systolic).OrderBy(h => h.Entry.Order).ToList();
            var pairs = Math.Min(sys.Count, dia.Count);
            for (var i = 0; i < pairs; i++)
            {
                var setting = sys[i].Setting == ReadingSetting.Home || dia[i].Setting == ReadingSetting.Home ? ReadingSetting.Home : ReadingSetting.Clinic;
                Readings.Add(new BpReading(sys[i].Time, sys[i].Value, dia[i].Value, null, setting, sys[i].Entry.Source));
            }
            foreach (var lone in sys.Skip(pairs).Concat(dia.Skip(pairs)))
            {
                var (have, want) = lone.Systolic ? ("systolic", "diastolic (LOINC 8462-4)") : ("diastolic", "systolic (LOINC 8480-6)");
                log.Problem(lone.Entry, $"a {have} blood pressure with no {want} observation at the same time ({lone.Time:yyyy-MM-dd HH:mm zzz}) to pair it with");
            }
        }
        for (var i = 0; i < Readings.Count; i++)
        {
            if (Readings[i].Pulse is null && _pulses.TryGetValue(Readings[i].Time.UtcDateTime, out var pulse))
                Readings[i] = Readings[i] with { Pulse = pulse };
        }
        Readings.Sort((a, b) => a.Time.CompareTo(b.Time));
        Labs.Sort((a, b) => a.Time.CompareTo(b.Time));
        if (_pregnancy.OrderBy(p => p.Time).ThenBy(p => p.Entry.Order).LastOrDefault() is { Entry: not null } latest)
        {
            if (latest.Pregnant)
                Pregnancy = new Condition(ConditionKind.Pregnancy, latest.Display, $"{Loinc}|{PregnancyStatus}", DateOnly.FromDateTime(latest.Time.DateTime), true);
            else
                log.Note(latest.Entry, $"latest pregnancy status '{latest.Display}': not pregnant");
        }
    }

    private bool TryValue(FhirEntry entry, DataType? value, string element, Dictionary<string, double> units, string expected, out double result)
    {
        result = 0;
        if (value is not Quantity quantity)
        {
            log.Problem(entry, value is null ? "no value" : $"the value is a {value.TypeName}, not a Quantity", element);
            return false;
        }
        if (quantity.Value is not { } number)
        {
            log.Problem(entry, "the quantity has no value", element);
            return false;
        }
        if (!units.TryGetValue(Unit(quantity), out var factor))
        {
            log.Problem(entry, $"unit '{UnitText(quantity)}' is not {expected}", element + ".unit");
            return false;
        }
        result = (double)number * factor;
        return true;
    }

    private ReadingSetting SettingOf(Observation obs)
    {
        var profiles = obs.Meta?.Profile ?? [];
        if (profiles.Any(p => p is not null && (p.Contains("self-measured-bp", StringComparison.OrdinalIgnoreCase) || p.Contains("/uv/phd/", StringComparison.OrdinalIgnoreCase))))
            return ReadingSetting.Home;
        if (obs.Performer.Any(p => patient.Matches(p.Reference) || (p.Reference?.StartsWith("RelatedPerson/", StringComparison.Ordinal) ?? false)))
            return ReadingSetting.Home;
        var texts = new List<string?>();
        void Concept(CodeableConcept? c)
        {
            if (c is null) return;
            texts.Add(c.Text);
            foreach (var coding in c.Coding.OfType<Hl7.Fhir.Model.Coding>()) { texts.Add(coding.Display); texts.Add(coding.Code); }
        }
        Concept(obs.Method);
        foreach (var category in obs.Category) Concept(category);
        texts.Add(obs.Device?.Display);
        texts.AddRange(obs.Performer.Select(p => p.Display));
        return texts.Any(IsHomeText) ? ReadingSetting.Home : ReadingSetting.Clinic;
    }

    private static bool IsHomeText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.ToLowerInvariant().Replace('-', ' ');
        return t.Contains("home", StringComparison.Ordinal) || t.Contains("self", StringComparison.Ordinal) || t.Contains("patient reported", StringComparison.Ordinal);
    }
}
