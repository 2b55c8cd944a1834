using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>
/// The Sobol' low-discrepancy sequence (Sobol', 1967) in up to <see cref="MaxDimensions"/> dimensions, in Gray-code
/// order (Antonov and Saleev, 1979), with the direction numbers of Joe and Kuo (2008, "Constructing Sobol sequences
/// with better two-dimensional projections", SIAM J. Sci. Comput. 30:2635–2654; their file new-joe-kuo-6.21201).
/// </summary>
/// <remarks>
/// Point <c>i</c> is computed directly from the Gray code of <c>i</c>, so any range of points can be generated
/// on any thread. An optional random digital shift (XOR of each coordinate with a fixed random word) keeps the
/// net structure while making the design depend on the experiment seed (Owen, 2003, "Variance with alternative
/// scramblings of digital nets").
/// </remarks>
internal sealed class SobolSequence
{
    /// <summary>Dimensions the table covers.</summary>
    public const int MaxDimensions = 64;

    private const int Bits = 32;

    // Per dimension 2…64: degree s of the primitive polynomial, its inner coefficients a, and the initial
    // direction integers m_1…m_s (Joe and Kuo, 2008). Dimension 1 is the van der Corput sequence.
    private static readonly int[][] Table =
    [
        [1, 0, 1], [2, 1, 1, 3], [3, 1, 1, 3, 1], [3, 2, 1, 1, 1], [4, 1, 1, 1, 3, 3], [4, 4, 1, 3, 5, 13],
        [5, 2, 1, 1, 5, 5, 17], [5, 4, 1, 1, 5, 5, 5], [5, 7, 1, 1, 7, 11, 19], [5, 11, 1, 1, 5, 1, 1],
        [5, 13, 1, 1, 1, 3, 11], [5, 14, 1, 3, 5, 5, 31], [6, 1, 1, 3, 3, 9, 7, 49], [6, 13, 1, 1, 1, 15, 21, 21],
        [6, 16, 1, 3, 1, 13, 27, 49], [6, 19, 1, 1, 1, 15, 7, 5], [6, 22, 1, 3, 1, 15, 13, 25],
        [6, 25, 1, 1, 5, 5, 19, 61], [7, 1, 1, 3, 7, 11, 23, 15, 103], [7, 4, 1, 3, 7, 13, 13, 15, 69],
        [7, 7, 1, 1, 3, 13, 7, 35, 63], [7, 8, 1, 3, 5, 9, 1, 25, 53], [7, 14, 1, 3, 1, 13, 9, 35, 107],
        [7, 19, 1, 3, 1, 5, 27, 61, 31], [7, 21, 1, 1, 5, 11, 19, 41, 61], [7, 28, 1, 3, 5, 3, 3, 13, 69],
        [7, 31, 1, 1, 7, 13, 1, 19, 1], [7, 32, 1, 3, 7, 5, 13, 19, 59], [7, 37, 1, 1, 3, 9, 25, 29, 41],
        [7, 41, 1, 3, 5, 13, 23, 1, 55], [7, 42, 1, 3, 7, 3, 13, 59, 17], [7, 50, 1, 3, 1, 3, 5, 53, 69],
        [7, 55, 1, 1, 5, 5, 23, 33, 13], [7, 56, 1, 1, 7, 7, 1, 61, 123], [7, 59, 1, 1, 7, 9, 13, 61, 49],
        [7, 62, 1, 3, 3, 5, 3, 55, 33], [8, 14, 1, 3, 1, 15, 31, 13, 49, 245], [8, 21, 1, 3, 5, 15, 31, 59, 63, 97],
        [8, 22, 1, 3, 1, 11, 11, 11, 77, 249], [8, 38, 1, 3, 1, 11, 27, 43, 71, 9],
        [8, 47, 1, 1, 7, 15, 21, 11, 81, 45], [8, 49, 1, 3, 7, 3, 25, 31, 65, 79], [8, 50, 1, 3, 1, 1, 19, 11, 3, 205],
        [8, 52, 1, 1, 5, 9, 19, 21, 29, 157], [8, 56, 1, 3, 7, 11, 1, 33, 89, 185], [8, 67, 1, 3, 3, 3, 15, 9, 79, 71],
        [8, 70, 1, 3, 7, 11, 15, 39, 119, 27], [8, 84, 1, 1, 3, 1, 11, 31, 97, 225],
        [8, 97, 1, 1, 1, 3, 23, 43, 57, 177], [8, 103, 1, 3, 7, 7, 17, 17, 37, 71],
        [8, 115, 1, 3, 1, 5, 27, 63, 123, 213], [8, 122, 1, 1, 3, 5, 11, 43, 53, 133],
        [9, 8, 1, 3, 5, 5, 29, 17, 47, 173, 479], [9, 13, 1, 3, 3, 11, 3, 1, 109, 9, 69],
        [9, 16, 1, 1, 1, 5, 17, 39, 23, 5, 343], [9, 22, 1, 3, 1, 5, 25, 15, 31, 103, 499],
        [9, 25, 1, 1, 1, 11, 11, 17, 63, 105, 183], [9, 44, 1, 1, 5, 11, 9, 29, 97, 231, 363],
        [9, 47, 1, 1, 5, 15, 19, 45, 41, 7, 383], [9, 52, 1, 3, 7, 7, 31, 19, 83, 137, 221],
        [9, 55, 1, 1, 1, 3, 23, 15, 111, 223, 83], [9, 59, 1, 1, 5, 13, 31, 15, 55, 25, 161],
        [9, 62, 1, 1, 3, 13, 25, 47, 39, 87, 257]
    ];

    private readonly uint[][] _directions;
    private readonly uint[] _shift;

    /// <summary>A sequence in <paramref name="dimensions"/> dimensions, optionally digitally shifted.</summary>
    public SobolSequence(int dimensions, RandomStream? shift = null)
    {
        if (dimensions < 1 || dimensions > MaxDimensions)
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"must be 1…{MaxDimensions}");
        _directions = new uint[dimensions][];
        for (var j = 0; j < dimensions; j++) _directions[j] = Directions(j);
        _shift = new uint[dimensions];
        if (shift is not null)
            for (var j = 0; j < dimensions; j++) _shift[j] = (uint)(shift.NextUInt64() >> 32);
    }

    /// <summary>Coordinate <paramref name="dimension"/> of point <paramref name="index"/>, in (0, 1).</summary>
    public double Point(long index, int dimension)
    {
        var gray = (ulong)index ^ ((ulong)index >> 1);
        var v = _directions[dimension];
        uint x = 0;
        for (var k = 0; gray != 0 && k < Bits; k++, gray >>= 1)
            if ((gray & 1) != 0) x ^= v[k];
        // Mid-point of the 2^-32 cell: never exactly 0 or 1, so transformed values stay inside open ranges.
        return ((x ^ _shift[dimension]) + 0.5) / 4294967296.0;
    }

    // Direction numbers v_k = m_k / 2^k as 32-bit integers, by Sobol's recurrence (Bratley and Fox, 1988, Algorithm 659):
    // m_k = 2a_1 m_{k−1} ⊕ 4a_2 m_{k−2} ⊕ … ⊕ 2^s m_{k−s} ⊕ m_{k−s}.
    private static uint[] Directions(int dimension)
    {
        var v = new uint[Bits];
        if (dimension == 0)
        {
            for (var k = 0; k < Bits; k++) v[k] = 1u << (Bits - 1 - k);
            return v;
        }
        var row = Table[dimension - 1];
        int s = row[0], a = row[1];
        for (var k = 0; k < s; k++) v[k] = (uint)row[2 + k] << (Bits - 1 - k);
        for (var k = s; k < Bits; k++)
        {
            var value = v[k - s] ^ (v[k - s] >> s);
            for (var l = 1; l < s; l++)
                if (((a >> (s - 1 - l)) & 1) != 0) value ^= v[k - l];
            v[k] = value;
        }
        return v;
    }
}
