namespace TwinLab.Health.Ingest;

/// <summary>How many readings an import saw, kept and excluded.</summary>
/// <param name="Read">Readings read: CSV data rows plus blood-pressure observations the FHIR reader returned.</param>
/// <param name="Accepted">Readings kept.</param>
/// <param name="Rejected">Readings excluded, by reason (only reasons that occurred).</param>
public sealed record ImportCounts(int Read, int Accepted, IReadOnlyDictionary<RejectionReason, int> Rejected)
{
    /// <summary>Readings excluded, all reasons together.</summary>
    public int RejectedTotal => Rejected.Values.Sum();
}
