namespace TwinLab.ContactCenter.Ingest;

/// <summary>Why a row of an interaction log was excluded.</summary>
/// <param name="Row">The 1-based data row (the header is row 0), as <see cref="Data.Interaction.Row"/> counts.</param>
/// <param name="Column">The file's column at fault, or null when the row as a whole is (a duplicate, a malformed line).</param>
/// <param name="Message">What is wrong, without the position; <see cref="ToString"/> adds it.</param>
public sealed record RowProblem(int Row, string? Column, string Message)
{
    /// <summary>"row 12, column 'wait_seconds': …".</summary>
    public override string ToString() => Column is null ? $"row {Row}: {Message}" : $"row {Row}, column '{Column}': {Message}";
}
