using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using TwinLab.Core.Security;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Security;

/// <summary>
/// The server's side of access policies: who a request's caller is in policy terms, and that caller's cached view of a
/// snapshot. Policies come from <see cref="PolicyStore"/> (re-read within a second of a change).
/// </summary>
/// <remarks>
/// Thread-safe. Views are cached per snapshot (weakly: a snapshot no longer used takes its views with it) and per caller
/// key (policy stamp and subjects), so a query over tens of thousands of twins computes the caller's readable set once
/// per snapshot version, not once per request. In <c>--dev</c> every caller is unrestricted.
/// </remarks>
public sealed class AccessControl(PolicyStore policies, ServerSettings settings)
{
    private const string CallerItem = "TwinLab.CallerAccess";
    private const int MaxViewsPerSnapshot = 256;
    private readonly ConditionalWeakTable<GraphSnapshot, ConcurrentDictionary<string, AccessView>> _views = [];

    /// <summary>The policies.</summary>
    public PolicyStore Policies => policies;

    /// <summary>The subjects <paramref name="user"/> answers to: <c>key:NAME</c> for an API key, <c>jwt:SUB</c> and
    /// <c>group:G</c> (from <c>groups</c> and <c>roles</c> claims) for a JWT; none when anonymous.</summary>
    public static IReadOnlyList<string> SubjectsOf(ClaimsPrincipal user)
    {
        if (user.Subject() is not { } subject) return [];
        if (user.HasClaim(c => c.Type == ApiKeyAuthenticationHandler.KeyIdClaim)) return [PolicySubjects.Key(subject)];
        return [PolicySubjects.Jwt(subject), .. user.FindAll(c => c.Type is "groups" or "roles").Select(c => PolicySubjects.Group(c.Value))];
    }

    /// <summary>What the caller of <paramref name="http"/> may do (computed once per request).</summary>
    public CallerAccess For(HttpContext http)
    {
        if (http.Items[CallerItem] is CallerAccess known) return known;
        var access = settings.Dev ? CallerAccess.Unrestricted : For(SubjectsOf(http.User));
        http.Items[CallerItem] = access;
        return access;
    }

    /// <summary>What a caller with <paramref name="subjects"/> may do now (an event route's creator at delivery time).
    /// No subjects (anonymous) is unrestricted in <c>--dev</c> and allowed nothing otherwise.</summary>
    public CallerAccess For(IReadOnlyList<string> subjects) =>
        settings.Dev ? CallerAccess.Unrestricted : subjects.Count == 0 ? PolicySet.Empty.For([]) : policies.Current().For(subjects);

    /// <summary>The view <paramref name="access"/> has of <paramref name="snapshot"/>, cached.</summary>
    public AccessView View(CallerAccess access, GraphSnapshot snapshot)
    {
        if (access.IsUnrestricted) return access.View(snapshot);
        var views = _views.GetOrCreateValue(snapshot);
        if (views.Count > MaxViewsPerSnapshot) views.Clear();
        return views.GetOrAdd(access.Key, _ => access.View(snapshot));
    }
}
