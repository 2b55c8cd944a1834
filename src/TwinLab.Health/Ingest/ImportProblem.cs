namespace TwinLab.Health.Ingest;

/// <summary>Something in an input that could not be used, or was used with a caveat.</summary>
/// <param name="File">The file (as given by the user).</param>
/// <param name="Location">Where in it: <c>row 17</c>, <c>line 4</c>, <c>Observation/bp-17</c>, <c>Observation/bp-17.component[1]</c>.</param>
/// <param name="Problem">What is wrong, in the user's words.</param>
/// <param name="Excluded">True when the item was left out; false for a note (kept, but worth knowing).</param>
public sealed record ImportProblem(string File, string Location, string Problem, bool Excluded = true)
{
    /// <summary><c>file: location: problem</c>, with <c>(excluded)</c> when the item was left out.</summary>
    public override string ToString() => $"{File}: {Location}: {Problem}{(Excluded ? " (excluded)" : "")}";
}
