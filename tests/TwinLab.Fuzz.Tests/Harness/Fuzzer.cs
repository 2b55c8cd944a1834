using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// Runs <see cref="ParserProperty"/> over generated inputs with CsCheck: a fixed seed and <c>ciCases</c> cases in CI, or
/// <see cref="FuzzSettings.Seconds"/> seconds from a random seed in a longer run. A failure is shrunk by CsCheck and
/// reported with the seed that reproduces it (<c>TWINLAB_FUZZ_SEED</c>) and the input.
/// </summary>
internal sealed class Fuzzer(ITestOutputHelper output)
{
    /// <summary>The PCG stream and state of the counted (CI) run.</summary>
    private const uint CiStream = 1;
    private const ulong CiState = 20_261_127;

    /// <summary>Checks the property for <paramref name="parser"/> over <paramref name="inputs"/>, each decoded as a reader
    /// decodes bytes (<see cref="Wire.Decode"/>): a lone surrogate cannot reach a parser from outside.</summary>
    /// <param name="parser">The parser's name, as in docs/security.md's table and run.sh's <c>--parser</c>.</param>
    /// <param name="inputs">The generator.</param>
    /// <param name="ciCases">Cases in a CI run (times <see cref="FuzzSettings.Scale"/>).</param>
    /// <param name="parse">Parses one input.</param>
    /// <param name="accept">Documented error types beyond TwinLabException.</param>
    public void Check(string parser, Gen<string> inputs, int ciCases, Action<string> parse, Func<Exception, bool>? accept = null)
    {
        long cases = 0;
        var clock = Stopwatch.StartNew();
        var seconds = FuzzSettings.Seconds;
        var iterations = seconds > 0 ? -1 : (long)ciCases * FuzzSettings.Scale;
        var summary = "";
        try
        {
            if (seconds <= 0 && FuzzSettings.Seed == FuzzSettings.CiSeed)
            {
                // The counted run draws its cases from one PCG stream of a fixed state, so every run tries the same inputs
                // (CsCheck's seed fixes only the first iteration of a Sample: CI once met a case no earlier run had).
                var gen = inputs.Select(Wire.Decode);
                var pcg = new PCG(CiStream, CiState);
                for (long i = 0; i < iterations; i++)
                {
                    var input = gen.Generate(pcg, null, out _);
                    cases++;
                    try
                    {
                        ParserProperty.Holds(input, () => parse(input), accept);
                    }
                    catch (Exception e)
                    {
                        throw new InvalidOperationException($"{parser}: case {i} of the counted run failed: {e.Message}{Environment.NewLine}input: {InputText.Escape(input, 2000)}", e);
                    }
                }
                summary = $"{cases} cases from the fixed stream";
                return;
            }
            inputs.Select(Wire.Decode).Sample(input =>
                {
                    Interlocked.Increment(ref cases);
                    ParserProperty.Holds(input, () => parse(input), accept);
                },
                writeLine: line => summary = line,
                seed: FuzzSettings.Seed,
                iter: iterations,
                time: seconds > 0 ? seconds : -1,
                threads: 1,
                print: input => InputText.Escape(input, 2000));
        }
        finally
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{parser}\t{cases}\t{clock.Elapsed.TotalSeconds:0.0}\t{FuzzSettings.Seed ?? "random"}\t{summary}");
            output.WriteLine(line);
            if (FuzzSettings.LogFile is { } log) File.AppendAllText(log, line + Environment.NewLine);
        }
    }
}
