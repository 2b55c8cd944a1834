using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;
using FhirModel = Hl7.Fhir.Model;

namespace TwinLab.Health.Synthetic;

/// <summary>
/// Maria's FHIR R4 collection bundle, built with the Hl7.Fhir.R4 model and serializer: Patient, Conditions (type 2
/// diabetes, CKD stage 3a, hypertension), laboratory Observations (potassium, eGFR, creatinine), MedicationStatements
/// (lisinopril, then amlodipine added) and about 80 blood-pressure panels (LOINC 85354-9): morning home readings every
/// third day up to the start of her home-monitor CSV, and clinic readings about monthly, with heart rate at the clinic.
/// </summary>
/// <remarks>
/// Home readings are marked by the patient as performer and method "home blood pressure monitor"; clinic readings by
/// the practitioner as performer. Clinic values are the home mean converted with ACC/AHA 2017 Table 11
/// (<see cref="HomeBp.ToClinic"/>) plus the same noise as home readings.
/// </remarks>
internal static class MariaBundle
{
    private const string Base = "https://example.org/fhir/";
    private const string Loinc = "http://loinc.org";
    private const string Snomed = "http://snomed.info/sct";
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private const string Ucum = "http://unitsofmeasure.org";

    public static string Json(ExamplePatient p, RandomStream random)
    {
        var bundle = new Bundle { Id = "maria-example", Type = Bundle.BundleType.Collection };
        void Add(Resource r) => bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{Base}{r.TypeName}/{r.Id}", Resource = r });
        var subject = new ResourceReference($"Patient/{p.Id}");

        Add(new Patient
        {
            Id = p.Id,
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = "Lopez", Given = ["Maria"] }],
            Gender = AdministrativeGender.Female,
            BirthDate = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        Add(new Practitioner { Id = "dr-okafor", Name = [new HumanName { Family = "Okafor", Given = ["Ngozi"], Prefix = ["Dr"] }] });

        Add(Condition("maria-diabetes", subject, "2017-09-14", (Snomed, "44054006", "Diabetes mellitus type 2"), ("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "Type 2 diabetes mellitus without complications")));
        Add(Condition("maria-ckd", subject, "2024-02-06", (Snomed, "433144002", "Chronic kidney disease stage 3"), ("http://hl7.org/fhir/sid/icd-10-cm", "N18.31", "Chronic kidney disease, stage 3a")));
        Add(Condition("maria-hypertension", subject, "2026-02-16", (Snomed, "38341003", "Hypertensive disorder, systemic arterial"), ("http://hl7.org/fhir/sid/icd-10-cm", "I10", "Essential (primary) hypertension")));

        var labs = new (string Id, string Date, string Code, string Display, decimal Value, string Unit, string UcumCode)[]
        {
            ("maria-k-1", "2026-02-16", "2823-3", "Potassium [Moles/volume] in Serum or Plasma", 4.3m, "mmol/L", "mmol/L"),
            ("maria-egfr-1", "2026-02-16", "62238-1", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)", 58m, "mL/min/{1.73_m2}", "mL/min/{1.73_m2}"),
            ("maria-creat-1", "2026-02-16", "2160-0", "Creatinine [Mass/volume] in Serum or Plasma", 1.06m, "mg/dL", "mg/dL"),
            ("maria-k-2", "2026-10-12", "2823-3", "Potassium [Moles/volume] in Serum or Plasma", 4.6m, "mmol/L", "mmol/L"),
            ("maria-egfr-2", "2026-10-12", "62238-1", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)", 55m, "mL/min/{1.73_m2}", "mL/min/{1.73_m2}"),
            ("maria-creat-2", "2026-10-12", "2160-0", "Creatinine [Mass/volume] in Serum or Plasma", 1.11m, "mg/dL", "mg/dL"),
        };
        foreach (var l in labs)
        {
            Add(new Observation
            {
                Id = l.Id,
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")],
                Code = new CodeableConcept(Loinc, l.Code, l.Display),
                Subject = subject,
                Effective = new FhirDateTime(l.Date + "T08:15:00+00:00"),
                Value = new Quantity { Value = l.Value, Unit = l.Unit, System = Ucum, Code = l.UcumCode },
            });
        }

        Add(Statement("maria-lisinopril", subject, "314076", "lisinopril 10 MG Oral Tablet", 10, "2026-03-02"));
        Add(Statement("maria-amlodipine", subject, "197361", "amlodipine 5 MG Oral Tablet", 5, "2026-09-01"));

        var firstDay = new DateOnly(2026, 1, 5);
        var days = p.FirstDay.DayNumber - firstDay.DayNumber;
        var truth = SyntheticReadings.TrueDailyMean(p.Physiology, p.Medication, firstDay, days + 120);
        var noise = NoiseModel.Default;
        BpChange Noise() => new(
            random.NextGaussian() * Math.Sqrt(noise.DayToDay.Systolic * noise.DayToDay.Systolic + noise.Measurement.Systolic * noise.Measurement.Systolic),
            random.NextGaussian() * Math.Sqrt(noise.DayToDay.Diastolic * noise.DayToDay.Diastolic + noise.Measurement.Diastolic * noise.Measurement.Diastolic));
        var n = 0;
        for (var d = 0; d < days; d += 3)
        {
            var value = truth[d] + noise.TimeOfDayOffset(true) + Noise();
            var time = new DateTimeOffset(firstDay.AddDays(d).ToDateTime(new TimeOnly(6, 30).AddMinutes(random.NextInt(90))), TimeSpan.Zero);
            Add(BloodPressure($"maria-bp-home-{++n:000}", subject, time, value, home: true));
        }
        var visit = 0;
        for (var d = 7; d < days + 112; d += 30)
        {
            var value = HomeBp.ToClinic(truth[d]) + Noise();
            var time = new DateTimeOffset(firstDay.AddDays(d).ToDateTime(new TimeOnly(9, 0).AddMinutes(random.NextInt(420))), TimeSpan.Zero);
            visit++;
            Add(BloodPressure($"maria-bp-clinic-{visit:00}", subject, time, value, home: false));
            Add(new Observation
            {
                Id = $"maria-hr-clinic-{visit:00}",
                Status = ObservationStatus.Final,
                Category = [VitalSigns()],
                Code = new CodeableConcept(Loinc, "8867-4", "Heart rate"),
                Subject = subject,
                Effective = new FhirDateTime(time),
                Performer = [new ResourceReference("Practitioner/dr-okafor")],
                Value = new Quantity { Value = (decimal)Math.Round(p.MeanPulse + 4 * random.NextGaussian()), Unit = "beats/minute", System = Ucum, Code = "/min" },
            });
        }

        var options = new JsonSerializerOptions { WriteIndented = true, NewLine = "\n" }.ForFhir(ModelInfo.ModelInspector);
        return JsonSerializer.Serialize(bundle, options) + "\n";
    }

    private static CodeableConcept VitalSigns() =>
        new("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs");

    private static FhirModel.Condition Condition(string id, ResourceReference subject, string onset, params (string System, string Code, string Display)[] codes) => new()
    {
        Id = id,
        ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
        VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"),
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")],
        Code = new CodeableConcept { Coding = [.. codes.Select(c => new Coding(c.System, c.Code, c.Display))], Text = codes[0].Display },
        Subject = subject,
        Onset = new FhirDateTime(onset),
    };

    private static MedicationStatement Statement(string id, ResourceReference subject, string rxcui, string display, decimal doseMg, string start) => new()
    {
        Id = id,
        Status = MedicationStatement.MedicationStatusCodes.Active,
        Medication = new CodeableConcept { Coding = [new Coding(RxNorm, rxcui, display)], Text = display },
        Subject = subject,
        Effective = new Period { Start = start },
        Dosage =
        [
            new Dosage
            {
                Text = $"{doseMg.ToString(CultureInfo.InvariantCulture)} mg by mouth once daily",
                Timing = new Timing { Repeat = new Timing.RepeatComponent { Frequency = 1, Period = 1, PeriodUnit = Timing.UnitsOfTime.D } },
                DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity { Value = doseMg, Unit = "mg", System = Ucum, Code = "mg" } }],
            },
        ],
    };

    private static Observation BloodPressure(string id, ResourceReference subject, DateTimeOffset time, BpChange value, bool home) => new()
    {
        Id = id,
        Status = ObservationStatus.Final,
        Category = [VitalSigns()],
        Code = new CodeableConcept(Loinc, "85354-9", "Blood pressure panel with all children optional"),
        Subject = subject,
        Effective = new FhirDateTime(time),
        Performer = [new ResourceReference(home ? subject.Reference : "Practitioner/dr-okafor")],
        Method = home ? new CodeableConcept { Text = "home blood pressure monitor" } : null,
        Component =
        [
            new Observation.ComponentComponent { Code = new CodeableConcept(Loinc, "8480-6", "Systolic blood pressure"), Value = MmHg(value.Systolic) },
            new Observation.ComponentComponent { Code = new CodeableConcept(Loinc, "8462-4", "Diastolic blood pressure"), Value = MmHg(value.Diastolic) },
        ],
    };

    private static Quantity MmHg(double v) => new() { Value = (decimal)Math.Round(v), Unit = "mmHg", System = Ucum, Code = "mm[Hg]" };
}
