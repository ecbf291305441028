using System.Collections.Concurrent;

namespace MonMaster.Catalogue;

/// <summary>
/// The whole catalogue indexed in memory for the brochure's search: immutable, so any number of searches read it while
/// a new one is built (<see cref="MemoryCatalogueSearch"/> swaps them). Building 8,100 formations takes milliseconds.
/// </summary>
/// <remarks>
/// <para>Formations are kept in the default order (mention, then establishment, then id, compared folded: lowercase,
/// without accents); the other static orders are permutations computed once. A search evaluates every filter once per
/// formation into a bit mask of the filters it fails: a formation is a result when the mask is empty, and counts in a
/// facet when the mask has no bit but the facet's own (disjunctive facets).</para>
/// <para>Text: every query word must match a word of the mention (weight 3), the parcours (2), the establishment (2) or
/// the keywords (1), exactly (×1), as a prefix when the query word has 3+ characters (×0.8), or with a typo when it has
/// 5+ characters: Damerau-Levenshtein distance ≤ 1, ≤ 2 from 8 characters (×0.6). A formation's score sums, over the
/// query words, the best weight × kind. Query words are expanded against the vocabulary (word → formations), cached.</para>
/// <para>Paging: <see cref="SearchQuery.Page"/> below 1 is read as 1 and <see cref="SearchQuery.PageSize"/> is clamped
/// to 1–100; the result says which page and size it used. <see cref="SearchValidation.Problems"/> reports them.</para>
/// <para>Sorts, every one ending with the default order: relevance (score descending; the default order without text),
/// mention, establishment, capacity descending, last access rate descending (formations without one last), distance
/// to the first known commune of the query (the default order without communes). That distance is also each hit's
/// <see cref="SearchHit.DistanceKm"/>, null when the query names no known commune.</para>
/// <para>Map: one point per commune of all the matches, at the place of the commune's first formation in the default
/// order. Facets: regions (by name), départements (by code) and modalities (in their order) list every value with a
/// count; mentions, parcours and establishments their <see cref="TopFacetValues"/> most frequent values (ties by
/// label) plus the selected ones, whatever their count.</para>
/// <para>Every edit rebuilds the index (about 75 ms for the national 8,100 formations): a whole import is one
/// <see cref="MemoryCatalogueSearch.Replace"/>.</para>
/// </remarks>
public sealed class CatalogueIndex : ICatalogueSearch
{
    public const int MaxPageSize = 100;
    public const int TopFacetValues = 100;
    public const float MentionWeight = 3, ParcoursWeight = 2, EstablishmentWeight = 2, KeywordWeight = 1;
    public const float Exact = 1, Prefix = 0.8f, Typo = 0.6f;

    private const int TextBit = 1, GeoBit = 2, LicenceBit = 4, MentionBit = 8, ModalityBit = 16, ParcoursBit = 32, EstablishmentBit = 64, PlatformBit = 128;
    private const double KmPerDegreeOfLatitude = Distance.EarthRadiusKm * Math.PI / 180;
    private const int MaxCachedExpansions = 20_000;

    private static readonly Modality[] AllModalities = Enum.GetValues<Modality>();

    private readonly CatalogueFormation[] formations;
    private readonly Dictionary<string, int> byId;

    // Per formation, in the default order.
    private readonly int[] regionOf, departementOf, communeOf, mentionOf, parcoursOf, establishmentOf;
    private readonly int[] modalitiesOf;
    private readonly bool[] viaPlatform;
    private readonly double[] latitude, longitude;

    private readonly ValueTable regions = new(), departements = new(), communes = new(), mentions = new(), parcours = new(), establishments = new();
    private readonly int[] firstOfCommune;
    private readonly Dictionary<string, int[]> licences = new(StringComparer.Ordinal);
    private readonly int[] byEstablishment, byCapacity, byAccessRate;

    // Text: vocabulary sorted (ordinal) with its postings (formation, best field weight), and the words by length.
    private readonly string[] vocabulary;
    private readonly Dictionary<string, int> wordIds;
    private readonly int[] postingStart, postingFormation;
    private readonly float[] postingWeight;
    private readonly int[][] wordsByLength;
    private readonly ConcurrentDictionary<string, Expansion[]> expansions = new(StringComparer.Ordinal);

    /// <summary>Whether some formation recommends this licence mention (« mon dernier diplôme »), whatever its case and accents.</summary>
    public bool RecommendsLicence(string licence) => licences.ContainsKey(CatalogueText.Key(licence));

    public CatalogueIndex(IEnumerable<CatalogueFormation> formations, Geography geography)
    {
        Geography = geography;
        // Last one wins for an id given twice (an upsert is a rebuild with the new sheet last).
        var unique = new Dictionary<string, CatalogueFormation>(StringComparer.Ordinal);
        foreach (var f in formations) unique[f.Id] = f;
        var keyed = unique.Values.Select(f => (Formation: f, Mention: CatalogueText.Key(f.Mention), Establishment: CatalogueText.Key(f.Establishment))).ToArray();
        Array.Sort(keyed, (a, b) =>
        {
            var c = string.CompareOrdinal(a.Mention, b.Mention);
            if (c == 0) c = string.CompareOrdinal(a.Establishment, b.Establishment);
            return c != 0 ? c : string.CompareOrdinal(a.Formation.Id, b.Formation.Id);
        });
        var n = keyed.Length;
        this.formations = new CatalogueFormation[n];
        byId = new Dictionary<string, int>(n, StringComparer.Ordinal);
        regionOf = new int[n]; departementOf = new int[n]; communeOf = new int[n];
        mentionOf = new int[n]; parcoursOf = new int[n]; establishmentOf = new int[n];
        modalitiesOf = new int[n]; viaPlatform = new bool[n]; latitude = new double[n]; longitude = new double[n];
        var firstOfCommune = new List<int>();
        var licenceLists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var postings = new Dictionary<string, Dictionary<int, float>>(StringComparer.Ordinal);

        for (var i = 0; i < n; i++)
        {
            var (f, mentionKey, establishmentKey) = keyed[i];
            this.formations[i] = f;
            byId[f.Id] = i;
            regionOf[i] = regions.Add(f.Place.RegionCode, f.Place.RegionCode);
            departementOf[i] = departements.Add(f.Place.DepartementCode, f.Place.DepartementCode);
            var commune = communes.Add(f.Place.CommuneCode, f.Place.CommuneCode);
            if (commune == firstOfCommune.Count) firstOfCommune.Add(i);
            communeOf[i] = commune;
            mentionOf[i] = mentions.Add(mentionKey, f.Mention);
            parcoursOf[i] = string.IsNullOrWhiteSpace(f.Parcours) ? -1 : parcours.Add(CatalogueText.Key(f.Parcours), f.Parcours);
            establishmentOf[i] = establishments.Add(establishmentKey, f.Establishment);
            foreach (var m in f.Modalities) modalitiesOf[i] |= 1 << (int)m;
            viaPlatform[i] = f.ViaPlatform;
            latitude[i] = f.Place.Latitude;
            longitude[i] = f.Place.Longitude;
            foreach (var licence in f.RecommendedLicences)
            {
                var key = CatalogueText.Key(licence);
                if (!licenceLists.TryGetValue(key, out var list)) licenceLists[key] = list = [];
                if (list.Count == 0 || list[^1] != i) list.Add(i);
            }
            Post(postings, i, f.Mention, MentionWeight);
            Post(postings, i, f.Parcours, ParcoursWeight);
            Post(postings, i, f.Establishment, EstablishmentWeight);
            foreach (var keyword in f.Keywords) Post(postings, i, keyword, KeywordWeight);
        }
        this.firstOfCommune = [.. firstOfCommune];
        foreach (var (key, list) in licenceLists) licences[key] = [.. list];

        regions.Label(code => geography.RegionsByCode.TryGetValue(code, out var r) ? r.Name : code);
        departements.Label(code => geography.DepartementsByCode.TryGetValue(code, out var d) ? $"{d.Name} ({code})" : code);
        communes.Label(code => code);
        mentions.Label(null);
        parcours.Label(null);
        establishments.Label(null);

        var order = Enumerable.Range(0, n);
        byEstablishment = [.. order.OrderBy(i => establishments.Keys[establishmentOf[i]], StringComparer.Ordinal).ThenBy(i => i)];
        byCapacity = [.. order.OrderByDescending(i => this.formations[i].Capacity).ThenBy(i => i)];
        byAccessRate = [.. order.OrderBy(i => this.formations[i].Previous?.AccessRate is null ? 1 : 0)
            .ThenByDescending(i => this.formations[i].Previous?.AccessRate ?? 0).ThenBy(i => i)];

        vocabulary = [.. postings.Keys.Order(StringComparer.Ordinal)];
        wordIds = new Dictionary<string, int>(vocabulary.Length, StringComparer.Ordinal);
        postingStart = new int[vocabulary.Length + 1];
        var total = postings.Values.Sum(p => p.Count);
        postingFormation = new int[total];
        postingWeight = new float[total];
        var at = 0;
        var lengths = new Dictionary<int, List<int>>();
        for (var w = 0; w < vocabulary.Length; w++)
        {
            wordIds[vocabulary[w]] = w;
            postingStart[w] = at;
            foreach (var (formation, weight) in postings[vocabulary[w]].OrderBy(p => p.Key))
            {
                postingFormation[at] = formation;
                postingWeight[at++] = weight;
            }
            if (!lengths.TryGetValue(vocabulary[w].Length, out var sameLength)) lengths[vocabulary[w].Length] = sameLength = [];
            sameLength.Add(w);
        }
        postingStart[vocabulary.Length] = at;
        wordsByLength = new int[lengths.Count == 0 ? 1 : lengths.Keys.Max() + 1][];
        for (var l = 0; l < wordsByLength.Length; l++) wordsByLength[l] = lengths.TryGetValue(l, out var ws) ? [.. ws] : [];
    }

    private static void Post(Dictionary<string, Dictionary<int, float>> postings, int formation, string? field, float weight)
    {
        foreach (var word in CatalogueText.Words(field))
        {
            if (!postings.TryGetValue(word, out var byFormation)) postings[word] = byFormation = [];
            if (!byFormation.TryGetValue(formation, out var best) || best < weight) byFormation[formation] = weight;
        }
    }

    public static CatalogueIndex Empty(Geography geography) => new([], geography);

    public Geography Geography { get; }
    public int Count => formations.Length;
    /// <summary>The formations in the default order (mention, establishment, id).</summary>
    public IReadOnlyList<CatalogueFormation> Formations => formations;
    public CatalogueFormation? Find(string id) => byId.TryGetValue(id, out var i) ? formations[i] : null;

    /// <summary>A new index with <paramref name="formation"/> added, or replacing the one with its id.</summary>
    public CatalogueIndex With(CatalogueFormation formation) => new(formations.Append(formation), Geography);

    /// <summary>A new index without the formation <paramref name="id"/> (this one when it is not there).</summary>
    public CatalogueIndex Without(string id) => byId.ContainsKey(id) ? new(formations.Where(f => f.Id != id), Geography) : this;

    public Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        return Task.FromResult(Search(query));
    }

    public SearchResult Search(SearchQuery query)
    {
        var n = formations.Length;
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);

        // Text: per formation, how many query words it matched and its score.
        var words = CatalogueText.Words(query.Text).Distinct(StringComparer.Ordinal).ToArray();
        int[]? wordHits = null;
        float[]? score = null;
        if (words.Length > 0)
        {
            wordHits = new int[n];
            score = new float[n];
            var best = new float[n];
            var touched = new List<int>();
            for (var q = 0; q < words.Length; q++)
            {
                foreach (var (word, kind) in Expand(words[q]))
                    for (var p = postingStart[word]; p < postingStart[word + 1]; p++)
                    {
                        var f = postingFormation[p];
                        if (wordHits[f] != q) continue; // already missed an earlier word
                        var value = kind * postingWeight[p];
                        if (best[f] == 0) touched.Add(f);
                        if (value > best[f]) best[f] = value;
                    }
                foreach (var f in touched)
                {
                    score[f] += best[f];
                    wordHits[f]++;
                    best[f] = 0;
                }
                touched.Clear();
            }
        }
        var wordCount = words.Length;

        // Geography: one filter, regions OR départements OR communes themselves OR radius.
        var geo = query.Regions.Count > 0 || query.Departements.Count > 0 || query.TaughtIn.Count > 0 || query.Communes.Count > 0;
        var selectedRegions = regions.Select(query.Regions, key: false);
        var selectedDepartements = departements.Select(query.Departements, key: false);
        var selectedCommunes = communes.Select(query.TaughtIn, key: false);
        var centres = new List<Commune>();
        foreach (var code in query.Communes)
            if (Geography.CommunesByCode.TryGetValue(code, out var c)) centres.Add(c);
        var radius = query.RadiusKm;
        var first = centres.Count > 0 ? centres[0] : null;

        int[]? licenceMatches = null;
        var licence = !string.IsNullOrWhiteSpace(query.LastDiploma);
        if (licence) licenceMatches = licences.GetValueOrDefault(CatalogueText.Key(query.LastDiploma!)) ?? [];
        var licenceOk = licence ? new bool[n] : null;
        if (licenceMatches is not null)
            foreach (var i in licenceMatches) licenceOk![i] = true;

        var mentionFilter = query.Mentions.Count > 0;
        var selectedMentions = mentions.Select(query.Mentions, key: true);
        var parcoursFilter = query.Parcours.Count > 0;
        var selectedParcours = parcours.Select(query.Parcours, key: true);
        var establishmentFilter = query.Establishments.Count > 0;
        var selectedEstablishments = establishments.Select(query.Establishments, key: true);
        var modalityMask = 0;
        foreach (var m in query.Modalities) modalityMask |= 1 << (int)m;

        var matched = new bool[n];
        var total = 0;
        var regionCounts = new int[regions.Count];
        var departementCounts = new int[departements.Count];
        var communeCounts = new int[communes.Count];
        var mentionCounts = new int[mentions.Count];
        var parcoursCounts = new int[parcours.Count];
        var establishmentCounts = new int[establishments.Count];
        Span<int> modalityCounts = stackalloc int[AllModalities.Length];
        var viaCount = 0;

        for (var i = 0; i < n; i++)
        {
            var failed = 0;
            if (wordHits is not null && wordHits[i] != wordCount) failed |= TextBit;
            if (geo && !selectedRegions[regionOf[i]] && !selectedDepartements[departementOf[i]] && !selectedCommunes[communeOf[i]] && !Near(i, centres, radius))
                failed |= GeoBit;
            if (licenceOk is not null && !licenceOk[i]) failed |= LicenceBit;
            if (mentionFilter && !selectedMentions[mentionOf[i]]) failed |= MentionBit;
            if (modalityMask != 0 && (modalitiesOf[i] & modalityMask) == 0) failed |= ModalityBit;
            if (parcoursFilter && (parcoursOf[i] < 0 || !selectedParcours[parcoursOf[i]])) failed |= ParcoursBit;
            if (establishmentFilter && !selectedEstablishments[establishmentOf[i]]) failed |= EstablishmentBit;
            if (query.OnlyViaPlatform && !viaPlatform[i]) failed |= PlatformBit;

            if ((failed & (failed - 1)) != 0) continue; // fails two filters: counts nowhere
            if (failed == 0)
            {
                matched[i] = true;
                total++;
                communeCounts[communeOf[i]]++;
            }
            if ((failed & ~GeoBit) == 0)
            {
                regionCounts[regionOf[i]]++;
                departementCounts[departementOf[i]]++;
            }
            if ((failed & ~MentionBit) == 0) mentionCounts[mentionOf[i]]++;
            if ((failed & ~ModalityBit) == 0)
                for (var bits = modalitiesOf[i]; bits != 0; bits &= bits - 1) modalityCounts[System.Numerics.BitOperations.TrailingZeroCount(bits)]++;
            if ((failed & ~ParcoursBit) == 0 && parcoursOf[i] >= 0) parcoursCounts[parcoursOf[i]]++;
            if ((failed & ~EstablishmentBit) == 0) establishmentCounts[establishmentOf[i]]++;
            if ((failed & ~PlatformBit) == 0 && viaPlatform[i]) viaCount++;
        }

        var hits = Page(query.Sort, matched, total, score, first, page, pageSize);

        var modalityFacet = new List<FacetValue>();
        foreach (var m in AllModalities)
            if (modalityCounts[(int)m] > 0) modalityFacet.Add(new FacetValue(ModalityValue(m), ModalityLabel(m), modalityCounts[(int)m]));
        var facets = new SearchFacets(
            regions.All(regionCounts, byLabel: true), departements.All(departementCounts, byLabel: false),
            mentions.Top(mentionCounts, query.Mentions), modalityFacet, parcours.Top(parcoursCounts, query.Parcours),
            establishments.Top(establishmentCounts, query.Establishments), viaCount);

        var map = new List<MapPoint>();
        foreach (var c in communes.ByLabel)
            if (communeCounts[c] > 0)
            {
                var place = formations[firstOfCommune[c]].Place;
                map.Add(new MapPoint(place.CommuneCode, place.Commune, place.Latitude, place.Longitude, communeCounts[c]));
            }
        return new SearchResult(total, page, pageSize, hits, facets, map);
    }

    private List<SearchHit> Page(SearchSort sort, bool[] matched, int total, float[]? score, Commune? first, int page, int pageSize)
    {
        var hits = new List<SearchHit>(Math.Min(pageSize, total));
        var skip = (long)(page - 1) * pageSize;
        if (skip >= total) return hits;
        var n = formations.Length;
        if (sort == SearchSort.Relevance && score is not null || sort == SearchSort.Distance && first is not null)
        {
            var found = new int[total];
            var at = 0;
            for (var i = 0; i < n; i++)
                if (matched[i]) found[at++] = i;
            if (sort == SearchSort.Relevance)
            {
                var keys = new float[total];
                for (var k = 0; k < total; k++) keys[k] = -score![found[k]];
                Array.Sort(keys, found); // introsort is not stable: ties are put back in the default order below
                SortTies(keys, found);
            }
            else
            {
                var keys = new double[total];
                for (var k = 0; k < total; k++) keys[k] = Km(found[k], first!);
                Array.Sort(keys, found);
                SortTies(keys, found);
            }
            for (var k = (int)skip; k < total && hits.Count < pageSize; k++) hits.Add(Hit(found[k], first));
            return hits;
        }
        int[]? permutation = sort switch
        {
            SearchSort.Establishment => byEstablishment,
            SearchSort.CapacityDesc => byCapacity,
            SearchSort.AccessRateDesc => byAccessRate,
            _ => null,
        };
        var seen = 0L;
        for (var k = 0; k < n && hits.Count < pageSize; k++)
        {
            var i = permutation is null ? k : permutation[k];
            if (!matched[i] || seen++ < skip) continue;
            hits.Add(Hit(i, first));
        }
        return hits;
    }

    /// <summary>Within runs of equal keys, the formations back in the default order (their index).</summary>
    private static void SortTies<T>(T[] keys, int[] found) where T : IEquatable<T>
    {
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end].Equals(keys[start])) end++;
            if (end - start > 1) Array.Sort(found, start, end - start);
            start = end;
        }
    }

    private SearchHit Hit(int i, Commune? first) => SearchHit.Of(formations[i], first is null ? null : Km(i, first));

    private double Km(int i, Commune c) => Distance.Km(c.Latitude, c.Longitude, latitude[i], longitude[i]);

    private bool Near(int i, List<Commune> centres, double radius)
    {
        foreach (var c in centres)
        {
            // The distance is at least the latitude difference's arc: most formations are ruled out without trigonometry.
            if (Math.Abs(latitude[i] - c.Latitude) * KmPerDegreeOfLatitude > radius + 1e-6) continue;
            if (Km(i, c) <= radius) return true;
        }
        return false;
    }

    private readonly record struct Expansion(int Word, float Kind);

    /// <summary>The vocabulary words a query word matches, each with its best kind (exact, prefix, typo).</summary>
    private Expansion[] Expand(string word)
    {
        if (expansions.TryGetValue(word, out var cached)) return cached;
        var found = new Dictionary<int, float>();
        void Offer(int w, float kind)
        {
            if (!found.TryGetValue(w, out var had) || had < kind) found[w] = kind;
        }
        if (wordIds.TryGetValue(word, out var exact)) Offer(exact, Exact);
        if (word.Length >= 3)
        {
            var lo = 0;
            var hi = vocabulary.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (string.CompareOrdinal(vocabulary[mid], word) < 0) lo = mid + 1;
                else hi = mid;
            }
            for (var w = lo; w < vocabulary.Length && vocabulary[w].StartsWith(word, StringComparison.Ordinal); w++)
                if (vocabulary[w].Length > word.Length) Offer(w, Prefix);
        }
        if (word.Length >= 5)
        {
            var max = word.Length >= 8 ? 2 : 1;
            for (var length = Math.Max(1, word.Length - max); length <= word.Length + max && length < wordsByLength.Length; length++)
                foreach (var w in wordsByLength[length])
                    if (!found.ContainsKey(w) && CatalogueText.Distance(word, vocabulary[w], max) <= max) Offer(w, Typo);
        }
        var result = found.Select(p => new Expansion(p.Key, p.Value)).ToArray();
        if (expansions.Count < MaxCachedExpansions) expansions.TryAdd(word, result);
        return result;
    }

    public static string ModalityValue(Modality m) => m switch
    {
        Modality.Initial => "initial",
        Modality.Continuing => "continuing",
        Modality.Apprenticeship => "apprenticeship",
        Modality.ProfessionalisationContract => "professionalisation-contract",
        _ => m.ToString().ToLowerInvariant(),
    };

    public static string ModalityLabel(Modality m) => m switch
    {
        Modality.Initial => "Formation initiale",
        Modality.Continuing => "Formation continue",
        Modality.Apprenticeship => "Alternance – apprentissage",
        Modality.ProfessionalisationContract => "Alternance – contrat de professionnalisation",
        _ => m.ToString(),
    };

    /// <summary>The distinct values of one field: the first spelling met (in the default order) stands for its folded key.</summary>
    private sealed class ValueTable
    {
        public readonly List<string> Keys = [];
        public readonly List<string> Values = [];
        public string[] Labels = [];
        /// <summary>Value indexes ordered by folded label, then value.</summary>
        public int[] ByLabel = [];
        /// <summary>Position of each value in <see cref="ByLabel"/>.</summary>
        public int[] LabelRank = [];
        private readonly Dictionary<string, int> byKey = new(StringComparer.Ordinal);

        public int Count => Values.Count;

        public int Add(string key, string value)
        {
            if (byKey.TryGetValue(key, out var i)) return i;
            byKey[key] = Values.Count;
            Keys.Add(key);
            Values.Add(value);
            return Values.Count - 1;
        }

        public void Label(Func<string, string>? label)
        {
            Labels = label is null ? [.. Values] : [.. Values.Select(label)];
            var folded = Labels.Select(CatalogueText.Key).ToArray();
            ByLabel = [.. Enumerable.Range(0, Count).OrderBy(i => folded[i], StringComparer.Ordinal).ThenBy(i => Values[i], StringComparer.Ordinal)];
            LabelRank = new int[Count];
            for (var r = 0; r < ByLabel.Length; r++) LabelRank[ByLabel[r]] = r;
        }

        /// <summary>Which values the query selects: by folded key (names) or exact code.</summary>
        public bool[] Select(IReadOnlyList<string> wanted, bool key)
        {
            var selected = new bool[Count];
            foreach (var w in wanted)
                if (byKey.TryGetValue(key ? CatalogueText.Key(w) : w, out var i)) selected[i] = true;
            return selected;
        }

        /// <summary>Every value with a count, by label (or by value, i.e. code).</summary>
        public List<FacetValue> All(int[] counts, bool byLabel)
        {
            var result = new List<FacetValue>();
            if (byLabel)
            {
                foreach (var i in ByLabel)
                    if (counts[i] > 0) result.Add(new FacetValue(Values[i], Labels[i], counts[i]));
            }
            else
            {
                for (var i = 0; i < Count; i++)
                    if (counts[i] > 0) result.Add(new FacetValue(Values[i], Labels[i], counts[i]));
                result.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
            }
            return result;
        }

        /// <summary>The <see cref="TopFacetValues"/> most frequent values (ties by label), plus the selected ones whatever their count.</summary>
        public List<FacetValue> Top(int[] counts, IReadOnlyList<string> selected)
        {
            // Without sorting thousands of parcours: the count of the 100th value from a histogram, then one walk in label order.
            var nonZero = 0;
            var max = 0;
            foreach (var c in counts)
                if (c > 0)
                {
                    nonZero++;
                    if (c > max) max = c;
                }
            var threshold = 1;
            var roomAtThreshold = int.MaxValue;
            if (nonZero > TopFacetValues)
            {
                var histogram = new int[max + 1];
                foreach (var c in counts) histogram[c]++;
                var above = 0;
                threshold = max;
                while (above + histogram[threshold] < TopFacetValues) above += histogram[threshold--];
                roomAtThreshold = TopFacetValues - above;
            }
            var candidates = new List<int>(Math.Min(nonZero, TopFacetValues));
            foreach (var i in ByLabel)
            {
                if (counts[i] > threshold) candidates.Add(i);
                else if (counts[i] == threshold && roomAtThreshold > 0)
                {
                    candidates.Add(i);
                    roomAtThreshold--;
                }
            }
            candidates.Sort((a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : LabelRank[a].CompareTo(LabelRank[b]));
            var result = new List<FacetValue>(candidates.Count + selected.Count);
            foreach (var i in candidates) result.Add(new FacetValue(Values[i], Labels[i], counts[i]));
            if (selected.Count == 0) return result;
            var shown = new HashSet<string>(candidates.Select(i => Keys[i]), StringComparer.Ordinal);
            var added = false;
            foreach (var value in selected)
            {
                var key = CatalogueText.Key(value);
                if (!shown.Add(key)) continue;
                added = true;
                result.Add(byKey.TryGetValue(key, out var i) ? new FacetValue(Values[i], Labels[i], counts[i]) : new FacetValue(value, value, 0));
            }
            if (added)
                result.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(CatalogueText.Key(a.Label), CatalogueText.Key(b.Label)));
            return result;
        }
    }
}
