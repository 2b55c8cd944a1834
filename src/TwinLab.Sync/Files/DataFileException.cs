using TwinLab.Core.Errors;

namespace TwinLab.Sync.Files;

/// <summary>A data file that cannot be read as a whole (its CSV header lacks a column the mapping names, it cannot be
/// opened); the message starts with <c>file:line:column:</c>. A bad row is not this: it is dead-lettered and the file goes on.</summary>
public sealed class DataFileException : InputFileException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The data file.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="problem">What is wrong.</param>
    public DataFileException(string file, long line, string problem)
        : base(file, line, 1, "", problem)
    {
    }
}
