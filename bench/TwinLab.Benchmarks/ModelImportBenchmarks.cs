using BenchmarkDotNet.Attributes;
using TwinLab.Core.Models;

namespace TwinLab.Benchmarks;

/// <summary>Parsing and validating the whole RealEstateCore ontology (767 DTDL v3 interfaces) in one batch (target: &lt; 1 s).</summary>
[MemoryDiagnoser]
public class ModelImportBenchmarks
{
    private DtdlSource[] _sources = [];

    [GlobalSetup]
    public void Setup()
    {
        var dir = FindOntology() ?? throw new InvalidOperationException("RealEstateCore ontology not found at ../shared/corpora/dtdl-realestatecore/Ontology");
        _sources = Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new DtdlSource(File.ReadAllText(f), f)).ToArray();
    }

    [Benchmark]
    public int ImportRealEstateCore() => DtdlParser.Parse(_sources, ModelSet.Empty).Count;

    private static string? FindOntology()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "corpora", "dtdl-realestatecore", "Ontology"), Path.Combine(dir.FullName, "..", "shared", "corpora", "dtdl-realestatecore", "Ontology") })
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        return null;
    }
}
