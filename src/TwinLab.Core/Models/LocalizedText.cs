namespace TwinLab.Core.Models;

/// <summary>A DTDL localizable string: either one plain string or a map of language code to text.</summary>
public sealed record LocalizedText(IReadOnlyDictionary<string, string> ByLanguage)
{
    /// <summary>The empty text.</summary>
    public static readonly LocalizedText Empty = new(new Dictionary<string, string>());

    /// <summary>The English text if present, else any text, else <c>null</c>.</summary>
    public string? Default => ByLanguage.TryGetValue("en", out var en) ? en : ByLanguage.Values.FirstOrDefault();

    /// <inheritdoc />
    public override string ToString() => Default ?? "";
}
