namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>The kinds of blind text edit <see cref="TextMutator"/> makes.</summary>
internal enum EditKind
{
    /// <summary>Replace one character with an awkward one (a quote, a NUL, a lone surrogate, a BOM…).</summary>
    ReplaceChar,
    /// <summary>Insert a token of the format (a bracket, an entity, an anchor, a keyword, a huge number…).</summary>
    InsertToken,
    /// <summary>Delete a range.</summary>
    DeleteRange,
    /// <summary>Copy a range somewhere else in the same text.</summary>
    DuplicateRange,
    /// <summary>Insert a range of another seed (splicing two valid inputs).</summary>
    SpliceOther,
    /// <summary>Cut the text short.</summary>
    Truncate,
    /// <summary>Repeat a short range many times: deep nesting, long strings, many fields.</summary>
    RepeatRange,
    /// <summary>Insert a line break of another convention (CR, CRLF, U+2028, NEL).</summary>
    InsertLineBreak,
    /// <summary>Swap two lines.</summary>
    SwapLines,
}

/// <summary>One edit; positions are taken modulo the text's length when applied, so any edit fits any text.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="At">Where (modulo the length + 1).</param>
/// <param name="Length">How many characters a range spans.</param>
/// <param name="Pick">Which token, second position, other seed or line.</param>
/// <param name="Times">How many copies a repeat makes.</param>
internal readonly record struct Edit(EditKind Kind, int At, int Length, int Pick, int Times);
