namespace TwinLab.Core.Errors;

/// <summary>
/// A user-facing failure: bad input, a missing entity, a broken precondition. Carries a stable
/// <see cref="Code"/> (the Azure Digital Twins error code where one exists) so the CLI and the server
/// map it to an exit code or an HTTP status without parsing the message.
/// </summary>
/// <remarks>Anything else thrown by TwinLab is an internal fault.</remarks>
public class TwinLabException(string code, string message) : Exception(message)
{
    /// <summary>Stable machine-readable error code, e.g. <c>DigitalTwinNotFound</c>.</summary>
    public string Code { get; } = code;
}

/// <summary>Well-known error codes; the names follow Azure Digital Twins where it has one.</summary>
public static class ErrorCodes
{
    /// <summary>A model id is unknown.</summary>
    public const string ModelNotFound = "ModelNotFound";
    /// <summary>A model with that id was already imported.</summary>
    public const string ModelAlreadyExists = "ModelAlreadyExists";
    /// <summary>A model is still referenced (by a twin or another model).</summary>
    public const string ModelReferencesNotDeleted = "ModelReferencesNotDeleted";
    /// <summary>A DTDL document breaks a rule.</summary>
    public const string DtdlParserError = "DTDLParserError";
    /// <summary>A twin id is unknown.</summary>
    public const string DigitalTwinNotFound = "DigitalTwinNotFound";
    /// <summary>A relationship's target twin is unknown (ADT's code for it, 404).</summary>
    public const string TargetTwinNotFound = "TargetTwinNotFound";
    /// <summary>A twin with that id exists already and the write demanded it did not.</summary>
    public const string TwinAlreadyExists = "TwinAlreadyExists";
    /// <summary>A relationship is unknown.</summary>
    public const string RelationshipNotFound = "RelationshipNotFound";
    /// <summary>A twin still has relationships and cannot be deleted.</summary>
    public const string RelationshipsNotDeleted = "RelationshipsNotDeleted";
    /// <summary>A write does not match the model.</summary>
    public const string ValidationFailed = "ValidationFailed";
    /// <summary>An <c>If-Match</c> / <c>If-None-Match</c> condition did not hold.</summary>
    public const string PreconditionFailed = "PreconditionFailed";
    /// <summary>A JSON document or argument could not be read.</summary>
    public const string InvalidArgument = "InvalidArgument";
    /// <summary>A query could not be parsed or evaluated.</summary>
    public const string QueryError = "BadRequest";
    /// <summary>Another process appended to the same store while a write was being committed, again after the write had
    /// caught up once; nothing was written (see <see cref="History.LogMovedException"/>).</summary>
    public const string ConcurrentWrite = "ConcurrentWrite";
}
