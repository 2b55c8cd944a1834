using TwinLab.Core.Errors;

namespace TwinLab.Sync.Drift.Expectations;

/// <summary>An expectations file that cannot be read; the message starts with <c>file:line:column: field:</c>.</summary>
public sealed class DriftFileException(string file, long line, long column, string field, string problem)
    : InputFileException(file, line, column, field, problem);
