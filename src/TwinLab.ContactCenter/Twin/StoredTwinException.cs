using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Twin;

/// <summary>A stored contact-centre document (model, roster, log) that cannot be written or read back; the message
/// names the document and the JSON path at fault, e.g. <c>contact model: queues[1].handleSeconds.family: …</c>.</summary>
public sealed class StoredTwinException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong, starting with where.</param>
    public StoredTwinException(string message) : base(ErrorCodes.InvalidArgument, message)
    {
    }
}
