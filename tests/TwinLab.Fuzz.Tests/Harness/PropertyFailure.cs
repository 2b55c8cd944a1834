namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>A parser broke <see cref="ParserProperty"/>; the message holds the input, escaped and cut to 2,000 characters.</summary>
internal sealed class PropertyFailure(string problem, string input)
    : Exception($"{problem}\ninput ({input.Length:N0} chars): {InputText.Escape(input, 2000)}");
