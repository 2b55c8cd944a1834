using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TwinLab.Simulation.Scenarios;

/// <summary>
/// YamlDotNet's parser with a nesting limit. Its representation model (<c>YamlStream.Load</c>) recurses once per level of
/// nested sequences and mappings, so a file of 20,000 '[' overflowed the stack and killed the process (found by fuzzing);
/// this parser refuses such a file with a <see cref="YamlException"/> at the offending mark before the model is built.
/// It also turns the parser's position-less InvalidOperationException (some unclosed flow collections) into a
/// <see cref="YamlException"/> at the last event read, so every reader reports it with a line.
/// </summary>
/// <param name="text">The YAML.</param>
public sealed class DepthLimitedParser(TextReader text) : IParser
{
    /// <summary>The deepest nesting accepted; TwinLab's files nest fewer than ten levels.</summary>
    public const int MaxDepth = 64;

    private readonly Parser _inner = new(text);
    private int _depth;

    /// <inheritdoc/>
    public ParsingEvent? Current => _inner.Current;

    /// <inheritdoc/>
    /// <exception cref="YamlException">The document is nested more than <see cref="MaxDepth"/> levels deep.</exception>
    public bool MoveNext()
    {
        try
        {
            if (!_inner.MoveNext()) return false;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's position-less failure on some unclosed flow collections: reported at the last event read.
            var at = _inner.Current?.End ?? Mark.Empty;
            throw new YamlException(at, at, "a '{' or '[' is not closed, or a value is cut short", e);
        }
        switch (_inner.Current)
        {
            case SequenceStart or MappingStart:
                if (++_depth > MaxDepth)
                {
                    var at = _inner.Current.Start;
                    throw new YamlException(at, at, $"sequences and mappings are nested more than {MaxDepth} levels deep");
                }
                break;
            case SequenceEnd or MappingEnd:
                _depth--;
                break;
        }
        return true;
    }
}
