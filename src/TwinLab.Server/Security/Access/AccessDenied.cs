using TwinLab.Core.Errors;
using TwinLab.Core.Security;

namespace TwinLab.Server.Security;

/// <summary>
/// How a refusal looks. A caller who may not read a thing gets the same 404 as if it did not exist (so nothing reveals its
/// existence); a caller who may read it but not do what was asked gets 403 <c>Forbidden</c> in ADT's error shape.
/// </summary>
public static class AccessDenied
{
    /// <summary>Error code (and <c>x-ms-error-code</c>) of a 403.</summary>
    public const string Forbidden = "Forbidden";

    /// <summary>The 403 for <paramref name="permission"/> on <paramref name="what"/>.</summary>
    public static TwinLabException Because(Permissions permission, string what, AccessDecision decision) =>
        new(Forbidden, $"The caller may not {permission.ToString().ToUpperInvariant()} {what} ({decision.Explain()}).");

    /// <summary>Throws the 403 unless <paramref name="decision"/> allows.</summary>
    public static void Unless(AccessDecision decision, Permissions permission, string what)
    {
        if (!decision.Allowed) throw Because(permission, what, decision);
    }

    /// <summary>The 404 a twin the caller cannot read gets (ADT's message for a missing twin).</summary>
    public static TwinLabException TwinNotFound(string id) => new(ErrorCodes.DigitalTwinNotFound, $"Twin '{id}' not found.");
}
