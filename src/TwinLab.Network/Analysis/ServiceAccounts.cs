namespace TwinLab.Network.Analysis;

/// <summary>The account a network service runs as, which is what a remote exploit of it gives the attacker.</summary>
/// <remarks>Windows services (a host whose OS CPEs are Microsoft's) run as SYSTEM or a service account with SYSTEM-like
/// rights; they map to the root user. On other systems the daemons below drop privileges to their own account by
/// default in Debian/Ubuntu and Red Hat packages (Apache httpd workers and nginx workers as www-data or apache/nginx,
/// mysqld as mysql, PostgreSQL as postgres, Postfix's smtpd as postfix, Tomcat as tomcat). Every other daemon (sshd,
/// smbd, named, snmpd…) is taken to run as root, the conservative choice when the account is not known.</remarks>
public static class ServiceAccounts
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["http_server"] = "www-data",
        ["httpd"] = "www-data",
        ["apache"] = "www-data",
        ["http"] = "www-data",
        ["https"] = "www-data",
        ["nginx"] = "www-data",
        ["mysql"] = "mysql",
        ["mariadb"] = "mysql",
        ["postgresql"] = "postgres",
        ["postgres"] = "postgres",
        ["postfix"] = "postfix",
        ["smtp"] = "postfix",
        ["tomcat"] = "tomcat",
    };

    /// <summary>The account of a program (a CPE product or a service name).</summary>
    /// <param name="program">The program, such as <c>http_server</c> or <c>mysql</c>.</param>
    /// <param name="windows">Whether the host runs Windows.</param>
    /// <param name="rootUser">The name of the privileged account.</param>
    public static string UserOf(string program, bool windows, string rootUser) =>
        !windows && Known.TryGetValue(program, out var user) ? user : rootUser;
}
