namespace TwinLab.Core.Models;

/// <summary>What every element of one interface shares: where it came from and which DTDL it speaks.</summary>
/// <param name="SourceIndex">Position of the source document in the batch (orders the errors).</param>
/// <param name="File">The source's file name, if any.</param>
/// <param name="Version">DTDL version, 2 or 3.</param>
/// <param name="HasExtensions">Whether <c>@context</c> imports language extensions (which bring semantic types and extra members).</param>
internal sealed record DtdlScope(int SourceIndex, string? File, int Version, bool HasExtensions);
