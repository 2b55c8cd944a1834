using TwinLab.Core.Security;

namespace TwinLab.Server.Security;

/// <summary>What kind of check an endpoint's <see cref="AccessRule"/> asks of <see cref="AccessFilter"/>.</summary>
public enum AccessScope
{
    /// <summary>The permission on <c>*</c>.</summary>
    Everything,
    /// <summary>The twin named by the route value: 404 unless readable, then 403 unless the permission is allowed.</summary>
    Twin,
    /// <summary>The branch named by the route value (<c>branch:NAME</c>).</summary>
    Branch,
    /// <summary>The connection named by the route value (<c>connection:NAME</c>).</summary>
    Connection,
    /// <summary>Any authenticated caller; the handler filters or checks what it returns itself.</summary>
    Handler,
}

/// <summary>
/// Endpoint metadata saying what permission an endpoint needs, checked by <see cref="AccessFilter"/> on every endpoint of
/// an ADT route group. An endpoint without one needs READ on <c>*</c> for GET and ADMIN on <c>*</c> otherwise, so an
/// endpoint added later is closed until someone decides how it is scoped.
/// </summary>
/// <param name="Scope">What the permission is checked on.</param>
/// <param name="Permission">The permission, or <c>null</c> for READ on GET/HEAD and WRITE otherwise.</param>
/// <param name="RouteValue">The route value naming the twin, branch or connection.</param>
public sealed record AccessRule(AccessScope Scope, Permissions? Permission = null, string RouteValue = "id")
{
    /// <summary>The permission a request with <paramref name="method"/> needs under this rule.</summary>
    public Permissions For(string method) => Permission ?? (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Permissions.Read : Permissions.Write);

    /// <summary>The rule of an endpoint that declares none.</summary>
    public static AccessRule Default(string method) =>
        new(AccessScope.Everything, HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Permissions.Read : Permissions.Admin);
}

/// <summary>Declaring an endpoint's <see cref="AccessRule"/>.</summary>
public static class AccessRuleExtensions
{
    /// <summary>Adds <paramref name="rule"/> to the endpoints built by <paramref name="builder"/> (an endpoint's own rule
    /// overrides its group's).</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, AccessRule rule) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(rule);

    /// <summary>Shorthand for <see cref="RequireAccess{TBuilder}(TBuilder, AccessRule)"/> with <paramref name="scope"/>.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, AccessScope scope, Permissions? permission = null, string routeValue = "id")
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AccessRule(scope, permission, routeValue));
}
