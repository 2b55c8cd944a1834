using TwinLab.Core.Errors;

namespace TwinLab.Network.Firewall;

/// <summary>An iptables-save file that cannot be read; the message starts with <c>file:line:</c>.</summary>
public sealed class FirewallFileException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The rules file.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="problem">What is wrong.</param>
    public FirewallFileException(string file, int line, string problem)
        : base(ErrorCodes.InvalidArgument, $"{file}:{line}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The rules file.</summary>
    public string File { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
