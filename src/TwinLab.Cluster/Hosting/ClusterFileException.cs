using TwinLab.Core.Errors;

namespace TwinLab.Cluster.Hosting;

/// <summary>A <c>cluster.yaml</c> that cannot be used; the message starts with <c>file:line:column: field:</c>.</summary>
public sealed class ClusterFileException(string file, long line, long column, string field, string problem)
    : InputFileException(file, line, column, field, problem);
