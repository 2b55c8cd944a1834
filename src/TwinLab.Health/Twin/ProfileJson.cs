using System.Text.Json;
using System.Text.Json.Serialization;
using TwinLab.Core.Errors;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Twin;

/// <summary>
/// A <see cref="PatientProfile"/> as JSON (format <c>twinlab-health-profile/1</c>), the document the twin store keeps:
/// every field, regimens in the regimen syntax, times with their offsets, so that reading it back gives an equal profile.
/// </summary>
public static class ProfileJson
{
    /// <summary>The format tag written into every document.</summary>
    public const string Format = "twinlab-health-profile/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes a profile.</summary>
    public static string Serialize(PatientProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var dto = new ProfileDto(
            Format, profile.Id, profile.Name, profile.BirthDate, profile.Sex,
            [.. profile.Conditions],
            [.. profile.Labs],
            [.. profile.Medication.Select(m => new PeriodDto(m.Regimen.ToString(), m.Start, m.End, m.Source))],
            [.. profile.Readings.Select(r => new ReadingDto(r.Time, r.Systolic, r.Diastolic, r.Pulse, r.Setting, r.Source))]);
        return JsonSerializer.Serialize(dto, Options);
    }

    /// <summary>Reads a profile.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">What it is, for messages (<c>stored profile 'maria'</c>).</param>
    /// <param name="catalogue">The drugs regimens may name; the default catalogue when null.</param>
    /// <exception cref="TwinLabException">The document is not a profile of this format, or names an unknown drug.</exception>
    public static PatientProfile Deserialize(string json, string source, DrugCatalogue? catalogue = null)
    {
        ProfileDto dto;
        try
        {
            dto = JsonSerializer.Deserialize<ProfileDto>(json, Options) ?? throw Bad(source, "empty document");
        }
        catch (JsonException e)
        {
            throw Bad(source, e.Message);
        }
        if (dto.Format != Format) throw Bad(source, $"format is '{dto.Format}', not '{Format}'; it may come from a newer TwinLab");
        if (string.IsNullOrEmpty(dto.Id)) throw Bad(source, "no id");
        return new PatientProfile
        {
            Id = dto.Id,
            Name = dto.Name,
            BirthDate = dto.BirthDate,
            Sex = dto.Sex,
            Conditions = dto.Conditions ?? [],
            Labs = dto.Labs ?? [],
            Medication = [.. (dto.Medication ?? []).Select(m => new RegimenPeriod(Regimen.Parse(m.Regimen, catalogue), m.Start, m.End, m.Source))],
            Readings = [.. (dto.Readings ?? []).Select(r => new BpReading(r.Time, r.Systolic, r.Diastolic, r.Pulse, r.Setting, r.Source))],
        };
    }

    private static TwinLabException Bad(string source, string problem) => new(ErrorCodes.InvalidArgument, $"{source}: {problem}");

    private sealed record ProfileDto(
        string Format, string Id, string? Name, DateOnly? BirthDate, Sex Sex,
        List<Condition>? Conditions, List<LabResult>? Labs, List<PeriodDto>? Medication, List<ReadingDto>? Readings);

    private sealed record PeriodDto(string Regimen, DateOnly Start, DateOnly? End, string Source);

    private sealed record ReadingDto(DateTimeOffset Time, double Systolic, double Diastolic, double? Pulse, ReadingSetting Setting, string Source);
}
