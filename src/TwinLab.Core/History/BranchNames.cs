using System.Text.RegularExpressions;
using TwinLab.Core.Errors;

namespace TwinLab.Core.History;

/// <summary>The rule for branch names.</summary>
public static partial class BranchNames
{
    /// <summary>Throws unless <paramref name="name"/> is a valid name for a new branch.</summary>
    /// <exception cref="TwinLabException">Empty, too long, <c>main</c>, or characters outside letters, digits, '.', '_' and '-'.</exception>
    public static void Validate(string name)
    {
        if (name == BranchInfo.Main)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "'main' is the live twin's branch; choose another name.");
        if (!Pattern().IsMatch(name))
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Branch name '{name}' is not valid: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex Pattern();
}
