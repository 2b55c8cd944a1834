using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using TwinLab.Health.Pharmacology;
using static TwinLab.Health.Ingest.Fhir.FhirCodes;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>
/// Maps MedicationStatement and MedicationRequest resources to <see cref="MedicationUse"/>s: which catalogue drug, what
/// daily dose, from when to when.
/// </summary>
/// <remarks>
/// <para>Drug: medicationCodeableConcept, or medicationReference to a contained or bundled Medication's code, read by
/// <see cref="MedicationProduct.Read"/>. A combination tablet gives one use per drug. Drugs outside the catalogue are
/// noted and left out; names that look like a blood-pressure drug the catalogue lacks are problems, since leaving them
/// out makes the regimen incomplete.</para>
/// <para>Daily dose: each dosage's doseAndRate.doseQuantity (mg, g, µg; or a count of tablets/capsules × the strength in
/// the product name) × its timing's frequency per day (repeat.frequency per period and periodUnit, or the timing code
/// QD, BID, TID, QID, QOD, AM, PM, HS, Q4H–Q12H, WK). A missing dosage means one tablet once daily, and a missing timing
/// once daily, each with a note; a tablet count with no strength known takes the drug's standard dose per tablet (a note).</para>
/// <para>Dates. Statement: effectivePeriod.start or effectiveDateTime (else dateAsserted, noted); completed or stopped
/// ends at effectivePeriod.end (else dateAsserted). Request: the first dosageInstruction's timing.repeat.boundsPeriod.start,
/// else authoredOn, else dispenseRequest.validityPeriod.start; completed or stopped ends at boundsPeriod.end, else start +
/// boundsDuration, else validityPeriod.end. An active statement or request is ongoing (a planned end is noted and not
/// applied: the record says it is taken now). entered-in-error, cancelled, draft, not-taken and intended are skipped with
/// a note; a stopped one without an end date is a problem and left out.</para>
/// </remarks>
internal sealed class FhirMedications(DrugCatalogue catalogue, Func<string, FhirEntry, Medication?> resolve, FhirLog log)
{
    /// <summary>Maps one MedicationStatement or MedicationRequest.</summary>
    public IEnumerable<MedicationUse> Map(FhirEntry entry)
    {
        try
        {
            return entry.Resource switch
            {
                MedicationStatement s => MapOne(entry, Code(s.StatusElement), s.Medication, s.Dosage, "dosage", () => StatementDates(entry, s)),
                MedicationRequest r => MapOne(entry, Code(r.StatusElement), r.Medication, r.DosageInstruction, "dosageInstruction", () => RequestDates(entry, r)),
                _ => [],
            };
        }
        catch (CodedException e)
        {
            log.Problem(entry, $"cannot be read: {e.Message}");
            return [];
        }
    }

    private List<MedicationUse> MapOne(FhirEntry entry, string? status, DataType? medication, List<Dosage> dosages, string dosageName, Func<(DateOnly Start, DateOnly? End)?> dates)
    {
        if (status is "entered-in-error" or "cancelled" or "draft" or "not-taken" or "intended")
        {
            log.Note(entry, $"status '{status}': skipped");
            return [];
        }
        var concept = medication switch
        {
            CodeableConcept cc => cc,
            ResourceReference reference when reference.Reference is { Length: > 0 } r => resolve(r, entry)?.Code,
            _ => null,
        };
        if (concept is null)
        {
            var what = medication is ResourceReference rr ? $"medicationReference '{rr.Reference ?? rr.Display}' is not in the bundle or contained" : "no medication[x]";
            log.Problem(entry, what, ".medication");
            return [];
        }
        var product = MedicationProduct.Read(concept, catalogue);
        if (product.Parts.Count == 0)
        {
            if (MedicationProduct.LooksAntihypertensive(product.Name))
                log.Problem(entry, $"'{product.Name}' looks like a blood-pressure drug the twin does not model; left out, so the regimen is incomplete", ".medication");
            else
                log.Note(entry, $"'{product.Name}' is not an antihypertensive in the drug catalogue: left out of the regimen");
            return [];
        }
        if (dates() is not { } span) return [];
        var doses = DailyDoses(entry, product, dosages, dosageName);
        if (doses is null) return [];
        return [.. product.Parts.Select((p, i) => new MedicationUse(p.Drug, doses[i], span.Start, span.End, entry.Source, entry.Order))];
    }

    /// <summary>The daily dose of each part of the product, or null (a problem is logged).</summary>
    private double[]? DailyDoses(FhirEntry entry, MedicationProduct product, List<Dosage> dosages, string dosageName)
    {
        double mgPerDay = 0, unitsPerDay = 0;
        var withDose = dosages.Select((d, i) => (Dosage: d, Index: i)).Where(x => x.Dosage.DoseAndRate.Any(r => r.Dose is not null)).ToList();
        if (withDose.Count == 0)
        {
            var perDay = dosages.Count > 0 ? PerDay(dosages[0]) : null;
            unitsPerDay = perDay ?? 1;
            log.Note(entry, dosages.Count == 0 ? "no dosage: one tablet once daily assumed" : $"no dose in {dosageName}: one tablet{(perDay is null ? " once daily" : "")} assumed");
        }
        foreach (var (dosage, index) in withDose)
        {
            var element = $".{dosageName}[{index}].doseAndRate[0].dose";
            var dose = dosage.DoseAndRate.First(r => r.Dose is not null).Dose;
            Quantity? quantity = dose switch { Quantity q => q, Hl7.Fhir.Model.Range range => range.Low, _ => null };
            if (quantity?.Value is not { } amount)
            {
                log.Problem(entry, "the dose has no quantity", element);
                return null;
            }
            if (dose is Hl7.Fhir.Model.Range) log.Note(entry, $"a dose range: the low end {N((double)amount)} taken");
            var perDay = PerDay(dosage);
            if (perDay is null) log.Note(entry, $"no timing in {dosageName}[{index}]: once daily assumed");
            var daily = (double)amount * (perDay ?? 1);
            switch (Unit(quantity))
            {
                case "mg": mgPerDay += daily; break;
                case "g": mgPerDay += daily * 1000; break;
                case "ug" or "mcg": mgPerDay += daily / 1000; break;
                case "" or "1" or "tbl" or "tab" or "tabs" or "tablet" or "tablets" or "cap" or "caps" or "capsule" or "capsules" or "pill" or "pills" or "each":
                    unitsPerDay += daily; break;
                default:
                    log.Problem(entry, $"dose unit '{UnitText(quantity)}' is neither mg nor a count of tablets", element + ".unit");
                    return null;
            }
        }
        if (mgPerDay > 0 && product.Parts.Count > 1)
        {
            log.Problem(entry, $"a dose in mg of the combination '{product.Name}' does not say how much of each drug; give the number of tablets", $".{dosageName}");
            return null;
        }
        var result = new double[product.Parts.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var (drug, strength) = product.Parts[i];
            result[i] = mgPerDay;
            if (unitsPerDay > 0)
            {
                if (strength is null)
                    log.Note(entry, $"the strength of '{product.Name}' is not known: {drug.Name} {N(drug.StandardDoseMg)} mg (its standard dose) per tablet assumed");
                result[i] += unitsPerDay * (strength ?? drug.StandardDoseMg);
            }
        }
        return result;
    }

    /// <summary>Administrations per day from a dosage's timing, or null when it gives none.</summary>
    internal static double? PerDay(Dosage dosage)
    {
        var timing = dosage.Timing;
        if (timing?.Repeat is { } r && (r.Frequency is not null || r.Period is not null))
        {
            var frequency = (double)(r.Frequency ?? 1);
            var period = (double)(r.Period ?? 1);
            var days = Code(r.PeriodUnitElement) switch
            {
                "s" => period / 86400,
                "min" => period / 1440,
                "h" => period / 24,
                "wk" => period * 7,
                "mo" => period * 30.4375,
                "a" => period * 365.25,
                _ => period,
            };
            return days > 0 ? frequency / days : null;
        }
        foreach (var code in timing?.Code?.Coding.OfType<Hl7.Fhir.Model.Coding>().Select(c => c.Code?.ToUpperInvariant()) ?? [])
        {
            double? perDay = code switch
            {
                "QD" or "AM" or "PM" or "HS" or "BED" or "QAM" or "QPM" => 1,
                "BID" or "Q12H" => 2,
                "TID" or "Q8H" => 3,
                "QID" or "Q6H" => 4,
                "Q4H" => 6,
                "QOD" => 0.5,
                "WK" => 1.0 / 7,
                _ => null,
            };
            if (perDay is not null) return perDay;
        }
        var text = (timing?.Code?.Text ?? dosage.Text ?? "").ToLowerInvariant();
        if (text.Contains("twice", StringComparison.Ordinal)) return 2;
        if (text.Contains("three times", StringComparison.Ordinal)) return 3;
        if (text.Contains("once", StringComparison.Ordinal) || text.Contains("daily", StringComparison.Ordinal)) return 1;
        return null;
    }

    private (DateOnly, DateOnly?)? StatementDates(FhirEntry entry, MedicationStatement s)
    {
        var status = Code(s.StatusElement);
        var startText = EffectiveStart(s.Effective);
        if (startText is null && s.DateAsserted is { } asserted)
        {
            startText = asserted;
            log.Note(entry, "no effective date: dateAsserted taken as the start");
        }
        if (!TryDate(startText, out var start))
        {
            log.Problem(entry, "no start date (effectivePeriod.start or effectiveDateTime)", ".effective");
            return null;
        }
        var endText = (s.Effective as Period)?.End;
        if (status is "completed" or "stopped" && endText is null && s.DateAsserted is { } a && TryDate(a, out var ad) && ad > start) endText = a;
        return Span(entry, status, start, endText, ".effectivePeriod.end");
    }

    private (DateOnly, DateOnly?)? RequestDates(FhirEntry entry, MedicationRequest r)
    {
        var status = Code(r.StatusElement);
        var bounds = r.DosageInstruction.FirstOrDefault()?.Timing?.Repeat?.Bounds;
        var validity = r.DispenseRequest?.ValidityPeriod;
        var startText = (bounds as Period)?.Start ?? r.AuthoredOn ?? validity?.Start;
        if (!TryDate(startText, out var start))
        {
            log.Problem(entry, "no start date (dosageInstruction timing bounds, authoredOn or dispenseRequest.validityPeriod)", ".authoredOn");
            return null;
        }
        var endText = (bounds as Period)?.End;
        if (endText is null && bounds is Duration { Value: { } length } duration)
        {
            var days = NormaliseUnit(duration.Code ?? duration.Unit ?? "d");
            var n = (double)length * (days switch { "wk" or "week" or "weeks" => 7, "mo" or "month" or "months" => 30.4375, "a" or "year" or "years" => 365.25, _ => 1 });
            endText = start.AddDays((int)Math.Round(n)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (status is "completed" or "stopped") endText ??= validity?.End;
        return Span(entry, status, start, endText, ".dosageInstruction[0].timing.repeat.boundsPeriod.end");
    }

    private (DateOnly, DateOnly?)? Span(FhirEntry entry, string? status, DateOnly start, string? endText, string endElement)
    {
        DateOnly? end = TryDate(endText, out var e) ? e : null;
        if (status == "active")
        {
            if (end is not null) log.Note(entry, $"active with a planned end {end:yyyy-MM-dd}: taken as ongoing");
            return (start, null);
        }
        if (status is "completed" or "stopped" && end is null)
        {
            log.Problem(entry, $"status '{status}' but no end date: when it was stopped is not known", endElement);
            return null;
        }
        if (end is { } last && last <= start)
        {
            log.Problem(entry, $"ends ({last:yyyy-MM-dd}) on or before it starts ({start:yyyy-MM-dd})", endElement);
            return null;
        }
        return (start, end);
    }
}
