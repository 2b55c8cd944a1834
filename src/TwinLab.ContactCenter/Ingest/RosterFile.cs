using TwinLab.ContactCenter.Data;
using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// Reads a roster from YAML: <c>shrinkage</c>, optional defaults (<c>cost_per_hour</c>, <c>chat_concurrency</c>),
/// optional named <c>shifts</c>, and <c>agents</c>, each with <c>id</c>, <c>skills</c> (names, or name → proficiency),
/// <c>shifts</c> (inline, or names of the named ones), <c>cost_per_hour</c> and <c>chat_concurrency</c>.
/// </summary>
/// <remarks>
/// An entry with <c>count: 12</c> stands for twelve identical agents numbered <c>id-01</c> … <c>id-12</c>.
/// A shift has <c>days</c> (<c>mon-fri</c>, <c>[sat, sun]</c>, <c>weekdays</c>, …), <c>start</c> and <c>end</c>
/// ("08:00"; a shift must not cross midnight) and <c>breaks</c> (<c>{start: "10:30", minutes: 15}</c>).
/// Shrinkage may be written as 0.3 or 30%. Unknown keys are errors.
/// <code>
/// shrinkage: 0.3
/// cost_per_hour: 24
/// shifts:
///   early: { days: mon-fri, start: "08:00", end: "16:30", breaks: [{ start: "12:00", minutes: 30 }] }
/// agents:
///   - { id: billing, count: 12, skills: [billing], shifts: [early] }
///   - { id: ana, skills: { billing: 1, tech: 0.8 }, shifts: [early], cost_per_hour: 28 }
/// </code>
/// </remarks>
public static class RosterFile
{
    /// <summary>Reads the roster file at <paramref name="path"/>.</summary>
    /// <exception cref="RosterFileException">A value is missing or wrong; the message names line, column and field.</exception>
    /// <exception cref="TwinLabException">The file cannot be read.</exception>
    public static Roster Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Cannot read roster file '{path}': {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Reads roster YAML; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="RosterFileException">A value is missing or wrong; the message names line, column and field.</exception>
    public static Roster Parse(string yaml, string source = "roster")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return new RosterReader(source).Read(yaml);
    }
}
