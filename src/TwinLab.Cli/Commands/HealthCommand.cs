using System.CommandLine;
using TwinLab.Health.Calibration;
using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;
using TwinLab.Health.Prediction;
using TwinLab.Health.Twin;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab health import|patients|calibrate|predict|recommend|trial</c>: the hypertension twin. Imported patients are
/// twins on <c>--branch</c> (main by default) with their profile as a document; a calibration is stored beside the
/// profile and reused by predict and recommend while the profile is unchanged. Every output carries
/// <see cref="HealthDisclaimer.Text"/>.
/// </summary>
internal static class HealthCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("health", $"The hypertension twin: import a person's FHIR record, home-monitor readings or YAML profile, calibrate their response to each drug class, predict BP under a regimen, recommend regimens, run virtual trials. {HealthDisclaimer.Text}");
        cmd.Subcommands.Add(HealthImportVerb.Create(g));
        cmd.Subcommands.Add(HealthPatientsVerb.Create(g));
        cmd.Subcommands.Add(HealthCalibrateVerb.Create(g));
        cmd.Subcommands.Add(HealthPredictVerb.Create(g));
        cmd.Subcommands.Add(HealthRecommendVerb.Create(g));
        cmd.Subcommands.Add(HealthTrialVerb.Create(g));
        return cmd;
    }

    /// <summary>The PATIENT argument every patient verb takes.</summary>
    public static Argument<string> PatientArgument() => new("patient")
    {
        Description = "A patient id imported before with 'twinlab health import', or a FHIR/YAML/CSV file or folder to read on the fly (not stored)",
    };

    /// <summary>
    /// The patient a verb works on: a stored patient id on the verb's branch, or (when the text names an existing file or
    /// folder) the one patient imported from it on the fly, without storing anything.
    /// </summary>
    public static HealthPatient ResolvePatient(CliContext ctx, string text)
    {
        if (File.Exists(text) || Directory.Exists(text))
        {
            var import = HealthImport.Import(text);
            return import.Profiles.Count switch
            {
                0 => throw new CliUsageException($"{text}: no patient found (expected a FHIR Patient, a YAML profile or readings).{HealthImportVerb.ProblemsText(import)}"),
                1 => new HealthPatient(import.Profiles[0], null, import),
                _ => throw new CliUsageException($"{text}: holds {import.Profiles.Count} patients ({string.Join(", ", import.Profiles.Select(p => p.Id))}): import them with 'twinlab health import {text}' and name one."),
            };
        }
        var store = new HealthTwinStore(ctx.Service);
        if (store.LoadProfile(text, ctx.Branch) is { } profile) return new HealthPatient(profile, ctx.Branch, null);
        var known = store.ListPatients(ctx.Branch);
        throw new CliUsageException($"No patient '{text}' stored in {ctx.DbPath}{ctx.OnBranch} " +
            (known.Count == 0
                ? "(none imported yet): run 'twinlab health import FILE|DIR' first, or give a file or folder."
                : $"(stored: {string.Join(", ", known.Select(p => p.Id))}); or give a file or folder."));
    }

    /// <summary>
    /// A patient predict and recommend can work on: one with readings or a medication history to start the prediction
    /// from. Without either there is nothing of the person in the twin (only the population prior) and no day to start on.
    /// </summary>
    public static HealthPatient RequireReadings(HealthPatient patient) =>
        patient.Profile.Readings.Count > 0 || patient.Profile.Medication.Count > 0 ? patient
            : throw new CliUsageException($"Patient '{patient.Profile.Id}' has no BP readings and no medication history: import their home-monitor readings first ('twinlab health import READINGS.csv --patient {patient.Profile.Id}').");

    /// <summary>The stored calibration when it describes the profile as it is now, else a fresh one (stored for stored patients).</summary>
    public static (CalibrationResult Result, bool Reused) Calibration(CliContext ctx, HealthPatient patient, bool store)
    {
        if (patient.Branch is { } branch && HealthCalibrationStore.Load(ctx.Service, patient.Profile, branch) is { } stored)
            return (stored, true);
        var result = PatientCalibration.Calibrate(patient.Profile);
        if (store && patient.Branch is { } b) HealthCalibrationStore.Save(ctx.Service, patient.Profile, b, result);
        return (result, false);
    }

    /// <summary>The --target option's value for a patient (acc-aha when not given).</summary>
    public static BpTarget Target(string? text, PatientProfile profile, DateOnly today) =>
        text is null ? BpTarget.AccAha2017 : BpTarget.Parse(text, profile.AgeOn(today));

    /// <summary>The --target option.</summary>
    public static Option<string?> TargetOption() => new("--target")
    {
        Description = "acc-aha (default: ACC/AHA 2017 < 130/80), esc-esh (age-dependent), home-135-85, or SYS/DIA [clinic|home] (a bare 130/80 is clinic)",
    };

    /// <summary>The --samples option.</summary>
    public static Option<int> SamplesOption() => new("--samples") { Description = "Posterior samples (people like this patient) per regimen", DefaultValueFactory = _ => 1000 };

    /// <summary>The --seed option.</summary>
    public static Option<ulong> SeedOption() => new("--seed") { Description = "Seed of the samples: the same seed gives the same figures", DefaultValueFactory = _ => 20260101UL };

    /// <summary>The --report option.</summary>
    public static Option<string?> ReportOption() => new("--report") { Description = "Also write an HTML report (readings, calibration, BP trajectories, ranking) to this file" };

    /// <summary>Checks --samples.</summary>
    public static int Samples(int samples) =>
        samples is >= 50 and <= 100_000 ? samples : throw new CliUsageException($"--samples {samples}: give 50 to 100000.");
}

/// <summary>A patient a verb works on.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="Branch">The branch it is stored on; null when read from files on the fly.</param>
/// <param name="Import">The on-the-fly import (for its notes); null for a stored patient.</param>
internal sealed record HealthPatient(PatientProfile Profile, string? Branch, HealthImportResult? Import)
{
    /// <summary>Where the patient came from, in words.</summary>
    public string Origin => Branch is null ? "read from files, not stored" : $"stored patient on branch '{Branch}'";
}
