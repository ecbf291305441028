using System.Text;
using System.Text.Json;
using MonMaster.Catalogue;
using Npgsql;
using NpgsqlTypes;

namespace MonMaster.Silo.Catalogue;

/// <summary>
/// The catalogue's search done by PostgreSQL over <c>catalogue_formation</c> (db/postgres/07-catalogue.sql), one
/// statement per search, for the sheets of one campaign year. Same semantics as <see cref="SearchQuery"/>:
/// <list type="bullet">
/// <item>Text: every word of the query (split on anything but letters and digits) must match the mention, parcours,
/// establishment or keywords, accents and case folded: as a prefix of a word (« psycho »), as a prefix of a French stem
/// (« économiques » finds « Économie »), or, for words of 5+ letters, through typos: pg_trgm's
/// <c>strict_word_similarity</c> ≥ <see cref="TypoThreshold"/> (« psycologie » 0.64 and « ecnomie » 0.55 pass;
/// « biologie » against « psychologie » gives 0.31).</item>
/// <item>Geography: in one of the regions, one of the départements, or within the radius of one of the communes'
/// centres (taken from the <see cref="Geography"/>; an unknown commune matches nothing). earthdistance measures on a
/// sphere of radius <c>earth()</c> = 6378.168 km, 0.11% more than the contract's mean radius (6371.0088 km): distances
/// are scaled back by 6371.0088/earth(), so a radius and <see cref="SearchHit.DistanceKm"/> mean exactly what
/// <see cref="Distance.Km"/> computes (same great circle, same sphere), not 0.1% more.</item>
/// <item>Mentions, parcours, establishments, « mon dernier diplôme »: equal once accents and case are folded.</item>
/// <item>Facets are disjunctive: each counts with every filter but its own; regions and départements ignore the whole
/// geography filter. Regions (by name), départements (by code) and modalities (in the enum's order) list every value
/// with a count; mentions, parcours and establishments the 100 most frequent (count, then name) plus the selected
/// values (count 0 when nothing has them). <see cref="SearchFacets.ViaPlatform"/> counts the via-platform formations
/// with every other filter.</item>
/// <item>Sorts break ties by folded mention, establishment, then id; <see cref="SearchSort.Relevance"/> is
/// <c>ts_rank</c> (mention A, parcours and establishment B, keywords C), <see cref="SearchSort.Distance"/> the nearest
/// commune centre (no commune: nulls, in mention order).</item>
/// <item>Map: one point per commune of all the matches, at the commune's centre (from the <see cref="Geography"/>;
/// the mean of the places when the commune is unknown to it).</item>
/// </list>
/// </summary>
public sealed class PostgresCatalogueSearch : ICatalogueSearch, IAsyncDisposable, IDisposable
{
    /// <summary>pg_trgm <c>strict_word_similarity</c> from which a word of 5+ letters matches despite typos.</summary>
    public const double TypoThreshold = 0.5;

    /// <summary>Words shorter than this match only as prefixes (no typo tolerance).</summary>
    public const int TypoMinLength = 5;

    /// <summary>Values listed by the mentions, parcours and establishments facets (besides the selected ones).</summary>
    public const int TopFacetValues = 100;

    public static readonly IReadOnlyDictionary<Modality, string> ModalityLabels = new Dictionary<Modality, string>
    {
        [Modality.Initial] = "Formation initiale",
        [Modality.Continuing] = "Formation continue",
        [Modality.Apprenticeship] = "Alternance – apprentissage",
        [Modality.ProfessionalisationContract] = "Alternance – contrat de professionnalisation",
    };

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly Geography _geography;
    private readonly int _year;

    public PostgresCatalogueSearch(string connectionString, Geography geography, int year)
        : this(NpgsqlDataSource.Create(connectionString), geography, year, ownsDataSource: true)
    {
    }

    public PostgresCatalogueSearch(NpgsqlDataSource dataSource, Geography geography, int year)
        : this(dataSource, geography, year, ownsDataSource: false)
    {
    }

    private PostgresCatalogueSearch(NpgsqlDataSource dataSource, Geography geography, int year, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _geography = geography;
        _year = year;
        _ownsDataSource = ownsDataSource;
    }

    public async Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellation = default)
    {
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Max(1, query.PageSize);
        var words = Words(query.Text);
        var centres = query.Communes.Distinct().Select(c => _geography.CommunesByCode.GetValueOrDefault(c)).OfType<Commune>().ToList();
        var hasGeography = query.Regions.Count > 0 || query.Departements.Count > 0 || query.Communes.Count > 0;

        await using var command = _dataSource.CreateCommand(Sql(words, hasGeography, centres.Count, query.Sort));
        for (var i = 0; i < words.Count; i++) command.Parameters.AddWithValue($"w{i}", words[i]);
        command.Parameters.AddWithValue("year", _year);
        command.Parameters.AddWithValue("typo", TypoThreshold);
        AddTextArray(command, "regions", query.Regions);
        AddTextArray(command, "departements", query.Departements);
        command.Parameters.Add(new NpgsqlParameter("clat", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = centres.Select(c => c.Latitude).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("clon", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = centres.Select(c => c.Longitude).ToArray() });
        command.Parameters.AddWithValue("radius", query.RadiusKm);
        command.Parameters.Add(new NpgsqlParameter("diploma", NpgsqlDbType.Text) { Value = string.IsNullOrWhiteSpace(query.LastDiploma) ? DBNull.Value : query.LastDiploma });
        AddTextArray(command, "mentions", query.Mentions);
        AddTextArray(command, "parcours", query.Parcours);
        AddTextArray(command, "establishments", query.Establishments);
        AddTextArray(command, "modalities", [.. query.Modalities.Distinct().Select(CatalogueJson.EnumValue)]);
        command.Parameters.AddWithValue("only_via", query.OnlyViaPlatform);
        command.Parameters.AddWithValue("top", TopFacetValues);
        command.Parameters.AddWithValue("offset", (long)(page - 1) * pageSize);
        command.Parameters.AddWithValue("limit", pageSize);

        var json = (string)(await command.ExecuteScalarAsync(cancellation))!;
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement, query, page, pageSize);
    }

    /// <summary>The query's words: runs of letters and digits.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return words;
        var word = new StringBuilder();
        foreach (var ch in text + " ")
        {
            if (char.IsLetterOrDigit(ch)) word.Append(ch);
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        return [.. words.Distinct()];
    }

    private static void AddTextArray(NpgsqlCommand command, string name, IReadOnlyList<string> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });

    /// <summary>The sort's columns of <c>base</c>, with <paramref name="alias"/> before each.</summary>
    private static string OrderBy(SearchSort sort, string alias = "") => string.Join(", ", (sort switch
    {
        SearchSort.Relevance => (string[])["rank DESC", "nm", "ne", "id"],
        SearchSort.Mention => ["nm", "np", "ne", "id"],
        SearchSort.Establishment => ["ne", "nm", "np", "id"],
        SearchSort.CapacityDesc => ["capacity DESC", "nm", "ne", "id"],
        SearchSort.AccessRateDesc => ["access_rate DESC NULLS LAST", "nm", "ne", "id"],
        SearchSort.Distance => ["dist_e ASC NULLS LAST", "nm", "ne", "id"],
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
    }).Select(column => alias + column));

    /// <summary>
    /// The statement: only the number of words, whether geography filters and the sort change its text (never a value:
    /// every value is a parameter). <c>base</c> holds the rows of the year matching the text and the last diploma
    /// (filters no facet ignores), with one boolean per other filter; every count reads it.
    /// </summary>
    private static string Sql(IReadOnlyList<string> words, bool hasGeography, int centres, SearchSort sort)
    {
        var text = new StringBuilder();
        var tsquery = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = $"public.f_norm(@w{i}::text)";
            var prefix = $"to_tsquery('public.fr_unaccent', quote_literal({w}) || ':*')";
            tsquery.Add(prefix);
            text.Append($"""

                   AND (f.search @@ {prefix}
                        OR f.search_text LIKE {w} || '%' OR f.search_text LIKE '% ' || {w} || '%'
                """);
            if (words[i].Length >= TypoMinLength)
                text.Append($" OR ({w} <<% f.search_text AND strict_word_similarity({w}, f.search_text) >= @typo)");
            text.Append(')');
        }
        var rank = tsquery.Count == 0 ? "0::real" : $"ts_rank(f.search, {string.Join(" || ", tsquery)})";
        // Distance to the nearest centre, in earthdistance's units (metres on a sphere of radius earth()).
        var distance = centres == 0 ? "NULL::float8" : "d.dist_e";
        var distanceJoin = centres == 0 ? "" : """

                  LEFT JOIN LATERAL (SELECT min(public.earth_distance(public.ll_to_earth(c.lat, c.lon), public.ll_to_earth(f.latitude, f.longitude))) AS dist_e
                                       FROM unnest(@clat, @clon) AS c(lat, lon)) d ON true
            """;
        var geography = hasGeography
            ? $"(f.region = ANY(@regions) OR f.departement = ANY(@departements) OR coalesce({distance} <= p.radius_e, false))"
            : "true";
        const string all = "g AND mo AND me AND pa AND es AND vi";
        // One count per modality, in the enum's order (the values are the code's constants, not the query's).
        var modalityCounts = string.Join(", ", Enum.GetValues<Modality>().Select(m =>
            $"json_build_array('{CatalogueJson.EnumValue(m)}', count(*) FILTER (WHERE '{CatalogueJson.EnumValue(m)}' = ANY(modalities)))"));

        return $"""
            WITH p AS (
                SELECT ARRAY(SELECT public.f_norm(x) FROM unnest(@mentions) x) AS mentions,
                       ARRAY(SELECT public.f_norm(x) FROM unnest(@parcours) x) AS parcours,
                       ARRAY(SELECT public.f_norm(x) FROM unnest(@establishments) x) AS establishments,
                       public.f_norm(@diploma) AS diploma,
                       -- the radius in earthdistance's units (a sphere of radius earth(), not the mean 6371.0088 km)
                       @radius::float8 * 1000 * public.earth() / 6371008.8 AS radius_e
            ),
            base AS MATERIALIZED (
                SELECT f.id, f.mention, f.parcours, f.establishment, f.region, f.departement, f.commune, f.commune_name,
                       f.latitude, f.longitude, f.modalities, f.capacity, f.access_rate, f.via_platform,
                       f.mention_key AS nm, coalesce(f.parcours_key, '') AS np, f.establishment_key AS ne,
                       {distance} AS dist_e,
                       {rank} AS rank,
                       {geography} AS g,
                       (cardinality(@modalities) = 0 OR f.modalities && @modalities) AS mo,
                       (cardinality(p.mentions) = 0 OR f.mention_key = ANY(p.mentions)) AS me,
                       (cardinality(p.parcours) = 0 OR coalesce(f.parcours_key = ANY(p.parcours), false)) AS pa,
                       (cardinality(p.establishments) = 0 OR f.establishment_key = ANY(p.establishments)) AS es,
                       (NOT @only_via OR f.via_platform) AS vi
                  FROM public.catalogue_formation f
                 CROSS JOIN p{distanceJoin}
                 WHERE f.year = @year
                   AND (p.diploma IS NULL OR p.diploma = ANY(f.recommended)){text}
            )
            SELECT json_build_object(
                'total', (SELECT count(*) FROM base WHERE {all}),
                'hits', (SELECT coalesce(json_agg(json_build_array(h.id, h.establishment, h.mention, h.parcours, h.modalities, h.capacity,
                                    h.access_rate, f.document->'place'->>'label', h.commune_name, h.departement, h.via_platform,
                                    h.dist_e * 6371.0088 / public.earth()) ORDER BY {OrderBy(sort, "h.")}), '[]')
                           FROM (SELECT * FROM base WHERE {all} ORDER BY {OrderBy(sort)} OFFSET @offset LIMIT @limit) h
                           JOIN public.catalogue_formation f ON f.id = h.id),
                'regions', (SELECT coalesce(json_agg(json_build_array(v, n)), '[]')
                              FROM (SELECT region AS v, count(*) AS n FROM base WHERE mo AND me AND pa AND es AND vi GROUP BY region) x),
                'departements', (SELECT coalesce(json_agg(json_build_array(v, n)), '[]')
                              FROM (SELECT departement AS v, count(*) AS n FROM base WHERE mo AND me AND pa AND es AND vi GROUP BY departement) x),
                'modalities', (SELECT json_build_array({modalityCounts}) FROM base WHERE g AND me AND pa AND es AND vi),
                'mentions', (SELECT coalesce(json_agg(json_build_array(v, n) ORDER BY rn), '[]')
                              FROM (SELECT mention AS v, nm AS k, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, nm, mention) AS rn
                                      FROM base WHERE g AND mo AND pa AND es AND vi GROUP BY mention, nm) x CROSS JOIN p
                             WHERE rn <= @top OR k = ANY(p.mentions)),
                'parcours', (SELECT coalesce(json_agg(json_build_array(v, n) ORDER BY rn), '[]')
                              FROM (SELECT parcours AS v, np AS k, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, np, parcours) AS rn
                                      FROM base WHERE parcours IS NOT NULL AND g AND mo AND me AND es AND vi GROUP BY parcours, np) x CROSS JOIN p
                             WHERE rn <= @top OR k = ANY(p.parcours)),
                'establishments', (SELECT coalesce(json_agg(json_build_array(v, n) ORDER BY rn), '[]')
                              FROM (SELECT establishment AS v, ne AS k, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, ne, establishment) AS rn
                                      FROM base WHERE g AND mo AND me AND pa AND vi GROUP BY establishment, ne) x CROSS JOIN p
                             WHERE rn <= @top OR k = ANY(p.establishments)),
                'via', (SELECT count(*) FROM base WHERE g AND mo AND me AND pa AND es AND via_platform),
                'map', (SELECT coalesce(json_agg(json_build_array(v, name, lat, lon, n) ORDER BY v), '[]')
                              FROM (SELECT commune AS v, min(commune_name) AS name, avg(latitude) AS lat, avg(longitude) AS lon, count(*) AS n
                                      FROM base WHERE {all} GROUP BY commune) x)
            )::text
            """;
    }

    private SearchResult Read(JsonElement root, SearchQuery query, int page, int pageSize)
    {
        var hits = root.GetProperty("hits").EnumerateArray().Select(h => new SearchHit(
            h[0].GetString()!, h[1].GetString()!, h[2].GetString()!, h[3].GetString(),
            [.. h[4].EnumerateArray().Select(m => ModalityOf(m.GetString()!))],
            h[5].GetInt32(), h[6].ValueKind == JsonValueKind.Null ? null : h[6].GetDouble(),
            h[7].GetString() ?? "", h[8].GetString() ?? "", h[9].GetString() ?? "", h[10].GetBoolean(),
            h[11].ValueKind == JsonValueKind.Null ? null : h[11].GetDouble())).ToList();

        static IEnumerable<(string Value, int Count)> Pairs(JsonElement array) =>
            array.EnumerateArray().Where(e => e[0].ValueKind == JsonValueKind.String).Select(e => (e[0].GetString()!, e[1].GetInt32()));

        var regions = Pairs(root.GetProperty("regions"))
            .Select(r => new FacetValue(r.Value, _geography.RegionsByCode.TryGetValue(r.Value, out var region) ? region.Name : r.Value, r.Count))
            .OrderBy(f => Fold(f.Label), StringComparer.Ordinal).ThenBy(f => f.Value, StringComparer.Ordinal).ToList();
        var departements = Pairs(root.GetProperty("departements"))
            .Select(d => new FacetValue(d.Value, _geography.DepartementsByCode.TryGetValue(d.Value, out var departement) ? $"{departement.Name} ({d.Value})" : d.Value, d.Count))
            .OrderBy(f => f.Value, StringComparer.Ordinal).ToList();
        var modalityCounts = Pairs(root.GetProperty("modalities")).ToDictionary(m => m.Value, m => m.Count);
        var modalities = Enum.GetValues<Modality>()
            .Select(m => (Modality: m, Value: CatalogueJson.EnumValue(m)))
            .Where(m => modalityCounts.GetValueOrDefault(m.Value) > 0)
            .Select(m => new FacetValue(m.Value, ModalityLabels[m.Modality], modalityCounts[m.Value])).ToList();

        var facets = new SearchFacets(regions, departements,
            WithSelected(Pairs(root.GetProperty("mentions")), query.Mentions),
            modalities,
            WithSelected(Pairs(root.GetProperty("parcours")), query.Parcours),
            WithSelected(Pairs(root.GetProperty("establishments")), query.Establishments),
            root.GetProperty("via").GetInt32());

        var map = root.GetProperty("map").EnumerateArray().Where(m => m[0].ValueKind == JsonValueKind.String).Select(m =>
        {
            var code = m[0].GetString()!;
            return _geography.CommunesByCode.TryGetValue(code, out var commune)
                ? new MapPoint(code, commune.Name, commune.Latitude, commune.Longitude, m[4].GetInt32())
                : new MapPoint(code, m[1].GetString() ?? code, m[2].GetDouble(), m[3].GetDouble(), m[4].GetInt32());
        }).ToList();

        return new SearchResult(root.GetProperty("total").GetInt32(), page, pageSize, hits, facets, map);
    }

    /// <summary>The top values as counted, then the selected values nothing has (count 0), as the user wrote them.</summary>
    private static List<FacetValue> WithSelected(IEnumerable<(string Value, int Count)> counted, IReadOnlyList<string> selected)
    {
        var values = counted.Select(c => new FacetValue(c.Value, c.Value, c.Count)).ToList();
        var present = values.Select(v => Fold(v.Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var value in selected)
            if (present.Add(Fold(value))) values.Add(new FacetValue(value, value, 0));
        return values;
    }

    /// <summary>Accents and case folded, for ordering and comparing labels (the database's f_norm, near enough).</summary>
    private static string Fold(string s)
    {
        var decomposed = s.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
            if (char.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark) folded.Append(char.ToLowerInvariant(ch));
        return folded.ToString();
    }

    private static Modality ModalityOf(string value) =>
        Enum.GetValues<Modality>().First(m => CatalogueJson.EnumValue(m) == value);

    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_ownsDataSource) _dataSource.Dispose();
    }
}
