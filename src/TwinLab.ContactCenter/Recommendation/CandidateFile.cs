using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Recommendation;

/// <summary>
/// A YAML file of candidate changes for <c>twinlab contact recommend</c>: each names the simulator parameters it
/// sets and what it costs.
/// </summary>
/// <param name="Source">The file name (used in errors).</param>
/// <param name="Currency">Currency of every cost (a label only, such as <c>EUR</c>); null when the file gives none.</param>
/// <param name="Candidates">The changes, in file order.</param>
/// <remarks>
/// <code>
/// currency: EUR              # optional label
/// amortisation_days: 365     # optional default for one-off costs
/// candidates:
///   - name: chatbot-billing
///     description: A chatbot answers simple billing questions
///     parameters: { chatbot_deflection: 0.2, deflection_topic: billing }
///     cost: { fixed: 30000, per_day: 40 }   # one-off and/or per calendar day; omit for none
/// </code>
/// Parameter names and values are those of the <c>contact-center</c> simulator; numbers may be written as
/// percentages (<c>20%</c>). The recommender itself sets <c>days</c>, <c>start_day</c>, <c>warmup_hours</c>, the
/// service-level targets and <c>satisfaction</c>, so candidates may not. Unknown keys are errors.
/// </remarks>
public sealed record CandidateFile(string Source, string? Currency, IReadOnlyList<CandidateChange> Candidates)
{
    /// <summary>Reads the candidates file at <paramref name="path"/>.</summary>
    /// <exception cref="CandidateFileException">A value is missing or wrong; the message names line, column, candidate and field.</exception>
    /// <exception cref="TwinLabException">The file cannot be read.</exception>
    public static CandidateFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Cannot read candidates file '{path}': {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Reads candidates YAML; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="CandidateFileException">A value is missing or wrong; the message names line, column, candidate and field.</exception>
    public static CandidateFile Parse(string yaml, string source = "candidates")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return CandidateReader.Read(yaml, source);
    }

    /// <summary>Checks every candidate's parameters against a simulator (names, kinds, ranges, skill names).</summary>
    /// <param name="info">The simulator's description, e.g. <c>new ContactCenterSimulator(model).Info</c>.</param>
    /// <exception cref="CandidateFileException">A parameter is unknown, reserved for the recommender, or has a bad value;
    /// the message names the candidate, the field and its line.</exception>
    public void Validate(SimulatorInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        foreach (var candidate in Candidates) CandidateValidator.Overrides(candidate, info);
    }
}
