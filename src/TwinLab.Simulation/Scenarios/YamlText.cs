using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Simulation.Scenarios;

/// <summary>Loads YAML text into a representation model, turning every parser failure into the caller's error with a
/// line and column — including the scanner's position-less <see cref="InvalidOperationException"/> on some unclosed
/// flow collections (<c>{ a: 1</c> followed by more lines) and the model's ArgumentException on an empty key in a
/// sequence, which would otherwise escape as internal faults — and refusing nesting deeper than
/// <see cref="DepthLimitedParser.MaxDepth"/>.</summary>
public static class YamlText
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="error">Builds the exception to throw from (line, column, message).</param>
    /// <returns>The loaded stream (possibly without documents, for an empty text).</returns>
    public static YamlStream Load(string text, Func<long, long, string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(error);
        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new StringReader(text)));
        }
        catch (YamlException e)
        {
            throw error(e.Start.Line, e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException || (e is ArgumentException a && a.ParamName == "parser"))
        {
            // InvalidOperationException: the scanner, on some unclosed flow collections. ArgumentException ("the current
            // event is of an unsupported type", found by fuzzing): the representation model, on '- : value'.
            var at = LastToken(text);
            throw error(at.Line, at.Column, "not valid YAML: a '{' or '[' is not closed, or a value is cut short");
        }
        return stream;
    }

    /// <summary>Where the scanner got to before failing: the start of the last token it read.</summary>
    private static Mark LastToken(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        var last = Mark.Empty;
        // Found by fuzzing: after a '...' document end inside an unclosed flow collection the scanner returns tokens at
        // the same place forever, so the scan stops once it no longer moves forward.
        var stalled = 0;
        try
        {
            while (scanner.MoveNext() && stalled < 100)
            {
                var at = scanner.Current?.Start ?? last;
                stalled = at.Index > last.Index ? 0 : stalled + 1;
                last = at.Index > last.Index ? at : last;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
            // Expected: the same failure; keep the position reached.
        }
        return last.Line > 0 ? last : new Mark(0, 1, 1);
    }
}
