namespace MonMaster.Catalogue.Generator;

/// <summary>
/// SplitMix64: a small deterministic generator whose output depends only on its seed (not on the runtime, the machine
/// or the culture), so that the generated catalogue is the same everywhere. Only integer arithmetic and exact double
/// conversions are used; no transcendental functions.
/// </summary>
public sealed class Rng(ulong seed)
{
    private ulong state = seed;

    /// <summary>A generator of its own for a key (FNV-1a of the key mixed with the seed): draws for one key do not move with the others.</summary>
    public static Rng For(ulong seed, string key) => new(seed ^ Hash(key));

    /// <summary>FNV-1a over the UTF-16 code units.</summary>
    public static ulong Hash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    public ulong NextULong()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => max <= 0 ? throw new ArgumentOutOfRangeException(nameof(max)) : (int)(NextULong() % (ulong)max);

    /// <summary>Uniform in [min, max] (both included).</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double Between(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>An index drawn with the given weights.</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var x = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        for (var i = weights.Count - 1; i >= 0; i--) if (weights[i] > 0) return i;
        return 0;
    }

    /// <summary>A value of a table of (value, weight) rows.</summary>
    public T Table<T>(IReadOnlyList<(T Value, double Weight)> rows) => rows[Weighted([.. rows.Select(r => r.Weight)])].Value;

    /// <summary>The items in a shuffled order (Fisher–Yates).</summary>
    public List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
