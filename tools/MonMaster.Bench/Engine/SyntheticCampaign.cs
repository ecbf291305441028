using MonMaster.Admission;

using MonMaster.Hosting;

namespace MonMaster.Bench.Engine;

public static partial class Benchmarks
{
    /// <summary>The national size of a Mon Master campaign (2024–2025), which <c>--scale 1</c> reproduces.</summary>
    private static class National
    {
        public const int Formations = 8_100;
        public const int Places = 177_000;
        public const int Candidates = 260_000;
        public const int Applications = 2_650_000;
    }

    /// <summary>
    /// A deterministic synthetic campaign shaped like the real one: formation popularity is lognormal with a few
    /// "star" formations (median a few hundred applicants, a few above 5,000 at national size), capacities are lognormal (median
    /// ~20) and sum exactly to the places, each candidate applies to 1–30 formations (mean ~10.2), mostly within
    /// one discipline, at most 15 wishes per track. Rankings follow a latent merit plus noise, as real juries
    /// broadly agree, so good candidates collect several offers and their answers cascade.
    /// </summary>
    private sealed class SyntheticCampaign
    {
        public const int Year = 2025;
        private const double PopularitySigma = 0.72;
        /// <summary>A few "star" formations (psychology, business law in big cities) draw ~12 times the median.</summary>
        private const double StarShare = 0.005, StarFactor = 12, StarSigma = 0.5;
        private const double PrimaryDisciplineShare = 0.75;

        public required FormationInfo[] Formations { get; init; }
        public required string[] Candidates { get; init; }
        public required double[] Merit { get; init; }
        /// <summary>Formation indices each candidate applies to.</summary>
        public required int[][] ApplicationsOf { get; init; }
        /// <summary>Candidate indices applying to each formation.</summary>
        public required int[][] ApplicantsOf { get; init; }
        public required int Seed { get; init; }
        public long Applications => ApplicationsOf.Sum(a => (long)a.Length);
        public int Places => Formations.Sum(f => f.Capacity);

        private static readonly (string Code, string Name, double Weight)[] Mentions =
        [
            ("PSY", "Psychologie", 9), ("DAF", "Droit des affaires", 6), ("MGT", "Management", 5),
            ("MEEF", "Métiers de l'enseignement, de l'éducation et de la formation", 7), ("INF", "Informatique", 5),
            ("ECO", "Économie", 3), ("FIN", "Finance", 4), ("MKT", "Marketing, vente", 4),
            ("DPU", "Droit public", 3), ("DPR", "Droit privé", 3), ("DIN", "Droit international", 2),
            ("DPN", "Droit pénal et sciences criminelles", 3), ("RH", "Gestion des ressources humaines", 3),
            ("CCA", "Comptabilité - contrôle - audit", 2), ("BIO", "Biologie", 3), ("BSA", "Biologie-santé", 2.5),
            ("SPU", "Santé publique", 2), ("HIS", "Histoire", 2), ("GEO", "Géographie", 1.5),
            ("SPO", "Science politique", 2.5), ("SOC", "Sociologie", 1.5), ("INC", "Information, communication", 3),
            ("LLC", "Langues, littératures et civilisations étrangères et régionales", 2), ("LEA", "Langues étrangères appliquées", 2),
            ("LET", "Lettres", 1), ("PHI", "Philosophie", 0.8), ("SED", "Sciences de l'éducation", 2),
            ("MAT", "Mathématiques et applications", 2), ("PHY", "Physique", 1.2), ("CHI", "Chimie", 1.2),
            ("STA", "STAPS : activité physique adaptée et santé", 2), ("GCI", "Génie civil", 1.2),
            ("EEA", "Électronique, énergie électrique, automatique", 1.2), ("MEC", "Mécanique", 1),
            ("URB", "Urbanisme et aménagement", 1.2), ("ARC", "Archéologie, sciences pour l'archéologie", 0.6),
            ("STE", "Sciences de la Terre et des planètes, environnement", 1), ("BEE", "Biodiversité, écologie et évolution", 1.5),
            ("AGR", "Agrosciences", 0.8), ("TRA", "Traduction et interprétation", 1), ("ART", "Arts plastiques", 0.8),
            ("MUS", "Musicologie", 0.5), ("CIN", "Cinéma et audiovisuel", 1), ("TOU", "Tourisme", 1.2),
        ];

        private static readonly string[] Departments =
            ["75", "69", "13", "31", "33", "59", "67", "34", "44", "35", "06", "38", "63", "54", "76", "21", "37", "86", "87", "25", "80", "51", "14", "29", "66", "84", "92", "93", "94", "95", "97"];

        public static SyntheticCampaign Generate(double scale, int seed)
        {
            var random = new Random(seed);
            var formationCount = Math.Max(2, (int)Math.Round(National.Formations * scale));
            var candidateCount = Math.Max(10, (int)Math.Round(National.Candidates * scale));
            var places = Math.Max(formationCount, (int)Math.Round(National.Places * scale));
            var applications = Math.Max(candidateCount, (long)Math.Round(National.Applications * scale));

            // Establishments (UAI-like codes: department, 5 digits, a letter); a few big universities hold many formations.
            var establishments = Enumerable.Range(0, Math.Max(3, (int)Math.Round(formationCount / 27.0)))
                .Select(i => $"{Departments[i % Departments.Length]}{(i * 7919 + 1717) % 100_000:D5}{(char)('A' + (i * 31 + 7) % 26)}")
                .Distinct().ToArray();
            var establishmentPick = new AliasTable([.. establishments.Select((_, i) => Math.Pow(i + 1, -0.8))]);
            var mentionPick = new AliasTable([.. Mentions.Select(m => m.Weight)]);

            // Formations: a parcours of a mention at an establishment, lognormal popularity (a few stars), mildly boosted by the discipline's pull.
            var formations = new FormationInfo[formationCount];
            var popularity = new double[formationCount];
            var popularityZ = new double[formationCount];
            var mentionOf = new int[formationCount];
            var parcours = new Dictionary<(int, int), int>();
            var rawCapacity = new double[formationCount];
            for (var f = 0; f < formationCount; f++)
            {
                var e = establishmentPick.Sample(random);
                var m = mentionPick.Sample(random);
                var p = parcours[(e, m)] = parcours.GetValueOrDefault((e, m)) + 1;
                var z = Gaussian(random);
                popularityZ[f] = z;
                popularity[f] = Math.Pow(Mentions[m].Weight, 0.25) * (random.NextDouble() < StarShare
                    ? StarFactor * Math.Exp(StarSigma * Gaussian(random))
                    : Math.Exp(PopularitySigma * z));
                mentionOf[f] = m;
                // Capacities: lognormal around 20, loosely larger where demand is larger.
                rawCapacity[f] = Math.Exp(0.55 * (0.45 * z + 0.89 * Gaussian(random)));
                var track = random.NextDouble() < 0.12 ? Track.WorkStudy : Track.Classic;
                var (code, name, _) = Mentions[m];
                formations[f] = new FormationInfo($"M{Year % 100}-{establishments[e]}-{code}-{p:D2}{(track == Track.WorkStudy ? "A" : "")}",
                    Year, establishments[e], name, $"{name} — parcours {p}{(track == Track.WorkStudy ? " (alternance)" : "")}", track, 0);
            }
            var capacities = Apportion(rawCapacity, places, minimum: 1);
            for (var f = 0; f < formationCount; f++) formations[f] = formations[f] with { Capacity = capacities[f] };

            // Applications per candidate: lognormal (median ~8.6), 1..30, then nudged to the exact total.
            var counts = new int[candidateCount];
            for (var c = 0; c < candidateCount; c++)
                counts[c] = Math.Clamp((int)Math.Round(8.6 * Math.Exp(0.62 * Gaussian(random))), 1, Math.Min(30, formationCount));
            var total = counts.Sum(n => (long)n);
            var maxTotal = Math.Min(30L * candidateCount, (long)candidateCount * formationCount);
            applications = Math.Min(applications, maxTotal);
            while (total != applications)
            {
                var c = random.Next(candidateCount);
                if (total < applications && counts[c] < Math.Min(30, formationCount)) { counts[c]++; total++; }
                else if (total > applications && counts[c] > 1) { counts[c]--; total--; }
            }

            // Who applies where: 75 % within the candidate's discipline, the rest anywhere, weighted by popularity.
            var global = new AliasTable(popularity);
            var byMention = Enumerable.Range(0, Mentions.Length).Select(m => Enumerable.Range(0, formationCount).Where(f => mentionOf[f] == m).ToArray()).ToArray();
            var mentionTables = byMention.Select(fs => fs.Length == 0 ? null : new AliasTable([.. fs.Select(f => popularity[f])])).ToArray();
            var disciplinePick = new AliasTable([.. byMention.Select(fs => fs.Sum(f => popularity[f]))]);
            var merit = new double[candidateCount];
            var chosen = new List<int>[candidateCount];
            var wishes = new HashSet<(string, string, Track)>();
            long shortfall = 0;
            for (var c = 0; c < candidateCount; c++)
            {
                merit[c] = Gaussian(random);
                var m = disciplinePick.Sample(random);
                var list = chosen[c] = new List<int>(counts[c]);
                wishes.Clear();
                for (var attempt = 0; list.Count < counts[c] && attempt < 40 * counts[c]; attempt++)
                {
                    var f = random.NextDouble() < PrimaryDisciplineShare && mentionTables[m] is { } table
                        ? byMention[m][table.Sample(random)] : global.Sample(random);
                    if (!list.Contains(f) && TryWish(wishes, formations[f])) list.Add(f);
                }
                shortfall += counts[c] - list.Count;
            }
            // Whatever the wish limits refused goes to other candidates, so the total stays the national one.
            for (var guard = 0; shortfall > 0 && guard < 50 * candidateCount; guard++)
            {
                var list = chosen[random.Next(candidateCount)];
                var f = global.Sample(random);
                if (list.Count >= 30 || list.Contains(f)) continue;
                wishes.Clear();
                foreach (var g in list) wishes.Add(formations[g].Wish.ToTuple());
                if (!TryWish(wishes, formations[f])) continue;
                list.Add(f);
                shortfall--;
            }

            var applicants = new List<int>[formationCount];
            for (var f = 0; f < formationCount; f++) applicants[f] = [];
            for (var c = 0; c < candidateCount; c++)
                foreach (var f in chosen[c]) applicants[f].Add(c);

            return new SyntheticCampaign
            {
                Formations = formations,
                Candidates = [.. Enumerable.Range(0, candidateCount).Select(CandidateId)],
                Merit = merit,
                ApplicationsOf = [.. chosen.Select(l => l.ToArray())],
                ApplicantsOf = [.. applicants.Select(l => l.ToArray())],
                Seed = seed,
            };
        }

        /// <summary>
        /// The establishment's ranking: merit plus the jury's own noise, best first; the bottom 5–35 % are not
        /// retained. Deterministic per formation.
        /// </summary>
        public (List<string> Ranked, List<string> NotRetained) RankingOf(int formation)
        {
            var random = new Random(HashCode.Combine(Seed, formation, 17));
            var applicants = ApplicantsOf[formation];
            var scored = applicants.Select(c => (Candidate: c, Score: Merit[c] + 0.8 * Gaussian(random))).OrderByDescending(s => s.Score).ToList();
            var retained = (int)Math.Round(scored.Count * (1 - (0.05 + 0.30 * random.NextDouble())));
            return ([.. scored.Take(retained).Select(s => Candidates[s.Candidate])], [.. scored.Skip(retained).Select(s => Candidates[s.Candidate])]);
        }

        /// <summary>An INE-looking id (national student number): 10 digits and a letter, distinct for each index.</summary>
        private static string CandidateId(int index)
        {
            var n = (index * 48_271L + 1_234_567L) % 999_999_937L; // a permutation of [0, p) for a prime p
            return $"{n + 1_000_000_000L:D10}{(char)('A' + n % 26)}";
        }

        private static bool TryWish(HashSet<(string, string, Track)> wishes, FormationInfo formation)
        {
            var wish = formation.Wish.ToTuple();
            if (wishes.Contains(wish)) return true;
            if (wishes.Count(w => w.Item3 == formation.Track) >= CandidateFile.WishesPerTrack) return false;
            wishes.Add(wish);
            return true;
        }

        /// <summary>Integers proportional to <paramref name="weights"/>, each ≥ <paramref name="minimum"/>, summing to <paramref name="total"/>.</summary>
        private static int[] Apportion(double[] weights, int total, int minimum)
        {
            var sum = weights.Sum();
            var spare = total - minimum * weights.Length;
            var exact = weights.Select(w => w / sum * spare).ToArray();
            var result = exact.Select(x => minimum + (int)Math.Floor(x)).ToArray();
            var left = total - result.Sum();
            foreach (var i in Enumerable.Range(0, weights.Length).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).Take(left)) result[i]++;
            return result;
        }

        private static double Gaussian(Random random)
        {
            var u = 1 - random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        public string Describe()
        {
            var perFormation = ApplicantsOf.Select(a => a.Length).Order().ToArray();
            var capacity = Formations.Select(f => f.Capacity).Order().ToArray();
            var perCandidate = ApplicationsOf.Select(a => a.Length).Order().ToArray();
            return $"""
                  formations {Formations.Length:N0} ({Formations.Count(f => f.Track == Track.WorkStudy):N0} work-study, {Formations.Select(f => f.Establishment).Distinct().Count()} establishments), places {Places:N0}, candidates {Candidates.Length:N0}, applications {Applications:N0}
                  applicants per formation: median {Percentile(perFormation, 0.5):N0}, p90 {Percentile(perFormation, 0.9):N0}, p99 {Percentile(perFormation, 0.99):N0}, max {perFormation[^1]:N0}; {perFormation.Count(n => n >= 5000)} formations with 5,000+
                  capacity per formation: median {Percentile(capacity, 0.5)}, p90 {Percentile(capacity, 0.9)}, max {capacity[^1]}; applications per candidate: mean {perCandidate.Average():F1}, median {Percentile(perCandidate, 0.5)}, max {perCandidate[^1]}
                """;
        }
    }

    private static T Percentile<T>(IReadOnlyList<T> sorted, double q) => sorted.Count == 0 ? default! : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    /// <summary>Vose's alias method: O(1) weighted sampling.</summary>
    private sealed class AliasTable
    {
        private readonly double[] probability;
        private readonly int[] alias;

        public AliasTable(IReadOnlyList<double> weights)
        {
            var n = weights.Count;
            probability = new double[n];
            alias = new int[n];
            var sum = weights.Sum();
            var scaled = weights.Select(w => w * n / sum).ToArray();
            var small = new Stack<int>();
            var large = new Stack<int>();
            for (var i = 0; i < n; i++) (scaled[i] < 1 ? small : large).Push(i);
            while (small.Count > 0 && large.Count > 0)
            {
                var s = small.Pop();
                var l = large.Pop();
                probability[s] = scaled[s];
                alias[s] = l;
                scaled[l] += scaled[s] - 1;
                (scaled[l] < 1 ? small : large).Push(l);
            }
            while (large.Count > 0) probability[large.Pop()] = 1;
            while (small.Count > 0) probability[small.Pop()] = 1;
        }

        public int Sample(Random random)
        {
            var i = random.Next(probability.Length);
            return random.NextDouble() < probability[i] ? i : alias[i];
        }
    }
}

internal static class WishKeyExtensions
{
    public static (string, string, Track) ToTuple(this WishKey wish) => (wish.Establishment, wish.Mention, wish.Track);
}
