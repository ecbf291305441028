using System.Text.Json;
using MonMaster.Catalogue;
using Npgsql;
using NpgsqlTypes;

namespace MonMaster.Postgres;

/// <summary>
/// The catalogue's search done by PostgreSQL over <c>catalogue_formation</c> (Schema/07-catalogue.sql), for the
/// sheets of one campaign year, with the semantics of the in-memory <see cref="CatalogueIndex"/> (the reference:
/// SearchBehaviour runs the same cases on both):
/// <list type="bullet">
/// <item>Text: the query is cut and folded by <see cref="CatalogueText.Words"/> (stop words dropped; nothing left
/// filters nothing); every word must match a word of the mention (weight 3), parcours (2), establishment (2) or keywords
/// (1) as <see cref="PostgresCatalogueStore"/> wrote them in <c>catalogue_word</c>: exactly (×1), as a prefix from 3
/// characters (×0.8), or from 5 characters with a Damerau-Levenshtein distance ≤ 1, ≤ 2 from 8 (×0.6). A first
/// statement finds each query word's candidates in <c>catalogue_vocabulary</c> (equal, prefix, or fuzzystrmatch's
/// Levenshtein ≤ twice the allowed distance, since a swap of neighbours costs it 2); <see cref="CatalogueText.Distance"/>
/// decides here; the accepted words and their kinds are parameters of the search. The score sums, in the query's word
/// order and in single precision as the index does, the best weight × kind per word: ties compare equal alike.</item>
/// <item>Geography: in one of the regions, one of the départements, or within the radius of one of the known communes'
/// centres (taken from the <see cref="Geography"/>), measured by <c>catalogue_km</c>, the formula of
/// <see cref="Distance.Km"/>. Hits carry the distance to the query's first known commune (the distance sort's key).</item>
/// <item>Mentions, parcours, establishments, « mon dernier diplôme »: the values keyed by <see cref="CatalogueText.Key"/>
/// (folded and trimmed), compared with the stored folded columns.</item>
/// <item>Facets are disjunctive: each counts with every filter but its own; regions and départements ignore the whole
/// geography filter. Regions (by name), départements (by code) and modalities (in the enum's order) list every value
/// with a count; mentions, parcours and establishments the 100 most frequent (count, then folded name) plus the
/// selected values. <see cref="SearchFacets.ViaPlatform"/> counts the via-platform formations with every other filter.</item>
/// <item>Sorts end with the default order (folded mention, folded establishment, id; ordinal, i.e. <c>COLLATE "C"</c>).</item>
/// <item>Paging: the page is at least 1, the size clamped to 1–<see cref="CatalogueIndex.MaxPageSize"/>.</item>
/// <item>Map: one point per commune of all the matches, at the place of the commune's first formation of the year in
/// the default order.</item>
/// </list>
/// </summary>
public sealed class PostgresCatalogueSearch : ICatalogueSearch, IAsyncDisposable, IDisposable
{
    /// <summary>Values listed by the mentions, parcours and establishments facets (besides the selected ones).</summary>
    public const int TopFacetValues = CatalogueIndex.TopFacetValues;

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
        var pageSize = Math.Clamp(query.PageSize, 1, CatalogueIndex.MaxPageSize);
        var words = CatalogueText.Words(query.Text).Distinct(StringComparer.Ordinal).ToArray();
        var expansions = words.Length == 0 ? [] : await ExpandAsync(words, cancellation);
        var centres = query.Communes.Select(c => _geography.CommunesByCode.GetValueOrDefault(c)).OfType<Commune>().ToList();
        var first = centres.Count > 0 ? centres[0] : null;
        var hasGeography = query.Regions.Count > 0 || query.Departements.Count > 0 || query.TaughtIn.Count > 0 || query.Communes.Count > 0;

        await using var command = _dataSource.CreateCommand(Sql(words.Length > 0, hasGeography, first is not null, query.Sort));
        command.Parameters.AddWithValue("year", _year);
        command.Parameters.AddWithValue("word_count", words.Length);
        command.Parameters.Add(new NpgsqlParameter("tq", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = expansions.Select(e => e.Query).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("tw", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = expansions.Select(e => e.Word).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("tk", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = expansions.Select(e => e.Kind).ToArray() });
        AddTextArray(command, "regions", query.Regions);
        AddTextArray(command, "departements", query.Departements);
        AddTextArray(command, "taught_in", query.TaughtIn);
        command.Parameters.Add(new NpgsqlParameter("clat", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = centres.Select(c => c.Latitude).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("clon", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = centres.Select(c => c.Longitude).ToArray() });
        command.Parameters.AddWithValue("flat", first?.Latitude ?? 0d);
        command.Parameters.AddWithValue("flon", first?.Longitude ?? 0d);
        command.Parameters.AddWithValue("radius", query.RadiusKm);
        command.Parameters.Add(new NpgsqlParameter("diploma", NpgsqlDbType.Text)
        {
            Value = string.IsNullOrWhiteSpace(query.LastDiploma) ? DBNull.Value : CatalogueText.Key(query.LastDiploma),
        });
        AddTextArray(command, "mentions", [.. query.Mentions.Select(CatalogueText.Key)]);
        AddTextArray(command, "parcours", [.. query.Parcours.Select(CatalogueText.Key)]);
        AddTextArray(command, "establishments", [.. query.Establishments.Select(CatalogueText.Key)]);
        AddTextArray(command, "modalities", [.. query.Modalities.Distinct().Select(CatalogueJson.EnumValue)]);
        command.Parameters.AddWithValue("only_via", query.OnlyViaPlatform);
        command.Parameters.AddWithValue("top", TopFacetValues);
        command.Parameters.AddWithValue("offset", (long)(page - 1) * pageSize);
        command.Parameters.AddWithValue("limit", pageSize);

        var json = (string)(await command.ExecuteScalarAsync(cancellation))!;
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement, query, page, pageSize);
    }

    /// <summary>A vocabulary word one query word (its index) matches, and how (<see cref="CatalogueIndex.Exact"/>, prefix or typo).</summary>
    private readonly record struct Expansion(int Query, string Word, float Kind);

    /// <summary>The longest query word given a typo (fuzzystrmatch compares strings of at most 255 characters).</summary>
    private const int MaxTypoLength = 200;

    /// <summary>
    /// The vocabulary words each query word matches, each with its best kind, as <see cref="CatalogueIndex"/> expands
    /// them: the database proposes every word equal to it, starting with it, or within twice the allowed distance by
    /// Levenshtein (a transposition costs 2 there, 1 in Damerau-Levenshtein); <see cref="CatalogueText.Distance"/> decides.
    /// </summary>
    private async Task<List<Expansion>> ExpandAsync(string[] words, CancellationToken cancellation)
    {
        static int MaxTypos(string word) => word.Length < 5 || word.Length > MaxTypoLength ? 0 : word.Length >= 8 ? 2 : 1;
        await using var command = _dataSource.CreateCommand("""
            SELECT q.i::int, v.word
              FROM unnest(@words, @prefix, @typos) WITH ORDINALITY AS q(word, prefix, typos, i)
              JOIN public.catalogue_vocabulary v
                ON v.word = q.word
                OR (q.prefix AND starts_with(v.word, q.word))
                OR CASE WHEN q.typos > 0 AND abs(length(v.word) - length(q.word)) <= q.typos
                        THEN public.levenshtein_less_equal(v.word, q.word, 2 * q.typos) <= 2 * q.typos
                        ELSE false END
            """);
        command.Parameters.Add(new NpgsqlParameter("words", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = words });
        command.Parameters.Add(new NpgsqlParameter("prefix", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = words.Select(w => w.Length >= 3).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("typos", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = words.Select(MaxTypos).ToArray() });
        var expansions = new List<Expansion>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var q = reader.GetInt32(0) - 1;
            var word = reader.GetString(1);
            var query = words[q];
            var max = MaxTypos(query);
            float kind = word == query ? CatalogueIndex.Exact
                : query.Length >= 3 && word.Length > query.Length && word.StartsWith(query, StringComparison.Ordinal) ? CatalogueIndex.Prefix
                : max > 0 && CatalogueText.Distance(query, word, max) <= max ? CatalogueIndex.Typo
                : 0;
            if (kind > 0) expansions.Add(new Expansion(q, word, kind));
        }
        return expansions;
    }

    private static void AddTextArray(NpgsqlCommand command, string name, IReadOnlyList<string> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });

    /// <summary>The sort's columns of <c>base</c>, with <paramref name="alias"/> before each; every sort ends with the default order.</summary>
    private static string OrderBy(SearchSort sort, string alias = "") => string.Join(", ", (sort switch
    {
        SearchSort.Relevance => (string[])["score DESC", "nm", "ne", "nid"],
        SearchSort.Mention => ["nm", "ne", "nid"],
        SearchSort.Establishment => ["ne", "nm", "nid"],
        SearchSort.CapacityDesc => ["capacity DESC", "nm", "ne", "nid"],
        SearchSort.AccessRateDesc => ["access_rate DESC NULLS LAST", "nm", "ne", "nid"],
        SearchSort.Distance => ["km ASC NULLS LAST", "nm", "ne", "nid"],
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
    }).Select(column => alias + column));

    /// <summary>
    /// The statement: only whether there is text, geography filters, a known commune and the sort change its text
    /// (never a value: every value is a parameter). <c>base</c> holds the rows of the year matching the text and the
    /// last diploma (filters no facet ignores), with one boolean per other filter; every count reads it.
    /// </summary>
    private static string Sql(bool hasText, bool hasGeography, bool hasFirst, SearchSort sort)
    {
        // Per formation and query word, the best weight × kind; summed in the query's word order, in single precision
        // (real) as CatalogueIndex sums its floats, so that equal scores there are equal here.
        var text = hasText
            ? """
              scores AS MATERIALIZED (
                  SELECT x.id, sum(x.best ORDER BY x.q) AS score
                    FROM (SELECT w.formation_id AS id, e.q, max(e.kind * w.weight) AS best
                            FROM unnest(@tq, @tw, @tk) AS e(q, word, kind)
                            JOIN public.catalogue_word w ON w.word = e.word
                           GROUP BY w.formation_id, e.q) x
                   GROUP BY x.id
                  HAVING count(*) = @word_count
              ),
              """
            : "";
        var textJoin = hasText ? "\n                  JOIN scores t ON t.id = f.id" : "";
        var score = hasText ? "t.score" : "0::real";
        var km = hasFirst ? "public.catalogue_km(@flat, @flon, f.latitude, f.longitude)" : "NULL::float8";
        var geography = hasGeography
            ? """
              (f.region = ANY(@regions) OR f.departement = ANY(@departements) OR f.commune = ANY(@taught_in)
                                 OR EXISTS (SELECT 1 FROM unnest(@clat, @clon) AS c(lat, lon)
                                             WHERE public.catalogue_km(c.lat, c.lon, f.latitude, f.longitude) <= @radius))
              """
            : "true";
        const string all = "g AND mo AND me AND pa AND es AND vi";
        // One count per modality, in the enum's order (the values are the code's constants, not the query's).
        var modalityCounts = string.Join(", ", Enum.GetValues<Modality>().Select(m =>
            $"json_build_array('{CatalogueJson.EnumValue(m)}', count(*) FILTER (WHERE '{CatalogueJson.EnumValue(m)}' = ANY(modalities)))"));
        // A facet of names: grouped by folded key, shown with its least spelling (ordinal) when the key has several.
        static string Names(string value, string key, string filters, string selected, string extra = "") => $"""
            (SELECT coalesce(json_agg(json_build_array(v, n) ORDER BY rn), '[]')
                              FROM (SELECT min({value} COLLATE "C") AS v, {key} AS k, count(*) AS n,
                                           row_number() OVER (ORDER BY count(*) DESC, {key}) AS rn
                                      FROM base WHERE {extra}{filters} GROUP BY {key}) x CROSS JOIN p
                             WHERE rn <= @top OR k = ANY(p.{selected}))
            """;

        return $"""
            WITH p AS (
                SELECT ARRAY(SELECT public.f_norm(x) FROM unnest(@mentions) x) AS mentions,
                       ARRAY(SELECT public.f_norm(x) FROM unnest(@parcours) x) AS parcours,
                       ARRAY(SELECT public.f_norm(x) FROM unnest(@establishments) x) AS establishments,
                       public.f_norm(@diploma) AS diploma
            ),
            {text}
            base AS MATERIALIZED (
                SELECT f.id, f.id COLLATE "C" AS nid, f.mention, f.parcours, f.establishment, f.region, f.departement, f.commune,
                       f.modalities, f.capacity, f.access_rate, f.via_platform,
                       f.mention_key COLLATE "C" AS nm, f.parcours_key COLLATE "C" AS np, f.establishment_key COLLATE "C" AS ne,
                       {km} AS km,
                       {score} AS score,
                       {geography} AS g,
                       (cardinality(@modalities) = 0 OR f.modalities && @modalities) AS mo,
                       (cardinality(p.mentions) = 0 OR f.mention_key = ANY(p.mentions)) AS me,
                       (cardinality(p.parcours) = 0 OR coalesce(f.parcours_key = ANY(p.parcours), false)) AS pa,
                       (cardinality(p.establishments) = 0 OR f.establishment_key = ANY(p.establishments)) AS es,
                       (NOT @only_via OR f.via_platform) AS vi
                  FROM public.catalogue_formation f
                 CROSS JOIN p{textJoin}
                 WHERE f.year = @year
                   AND (p.diploma IS NULL OR p.diploma = ANY(f.recommended))
            )
            SELECT json_build_object(
                'total', (SELECT count(*) FROM base WHERE {all}),
                'hits', (SELECT coalesce(json_agg(json_build_array(h.id, h.establishment, h.mention, h.parcours, h.modalities, h.capacity,
                                    h.access_rate, f.document->'place'->>'label', f.commune_name, h.departement, h.via_platform,
                                    h.km) ORDER BY {OrderBy(sort, "h.")}), '[]')
                           FROM (SELECT * FROM base WHERE {all} ORDER BY {OrderBy(sort)} OFFSET @offset LIMIT @limit) h
                           JOIN public.catalogue_formation f ON f.id = h.id),
                'regions', (SELECT coalesce(json_agg(json_build_array(v, n)), '[]')
                              FROM (SELECT region AS v, count(*) AS n FROM base WHERE mo AND me AND pa AND es AND vi GROUP BY region) x),
                'departements', (SELECT coalesce(json_agg(json_build_array(v, n)), '[]')
                              FROM (SELECT departement AS v, count(*) AS n FROM base WHERE mo AND me AND pa AND es AND vi GROUP BY departement) x),
                'modalities', (SELECT json_build_array({modalityCounts}) FROM base WHERE g AND me AND pa AND es AND vi),
                'mentions', {Names("mention", "nm", "g AND mo AND pa AND es AND vi", "mentions")},
                'parcours', {Names("parcours", "np", "g AND mo AND me AND es AND vi", "parcours", "parcours IS NOT NULL AND ")},
                'establishments', {Names("establishment", "ne", "g AND mo AND me AND pa AND vi", "establishments")},
                'via', (SELECT count(*) FROM base WHERE g AND mo AND me AND pa AND es AND via_platform),
                -- at the place of the commune's first formation of the year in the default order
                'map', (SELECT coalesce(json_agg(json_build_array(x.v, o.commune_name, o.latitude, o.longitude, x.n)), '[]')
                          FROM (SELECT commune AS v, count(*) AS n FROM base WHERE {all} GROUP BY commune) x
                         CROSS JOIN LATERAL (SELECT c.commune_name, c.latitude, c.longitude FROM public.catalogue_formation c
                                              WHERE c.year = @year AND c.commune = x.v
                                              ORDER BY c.mention_key COLLATE "C", c.establishment_key COLLATE "C", c.id COLLATE "C"
                                              LIMIT 1) o)
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
            .OrderBy(f => CatalogueText.Key(f.Label), StringComparer.Ordinal).ThenBy(f => f.Value, StringComparer.Ordinal).ToList();
        var departements = Pairs(root.GetProperty("departements"))
            .Select(d => new FacetValue(d.Value, _geography.DepartementsByCode.TryGetValue(d.Value, out var departement) ? $"{departement.Name} ({d.Value})" : d.Value, d.Count))
            .OrderBy(f => f.Value, StringComparer.Ordinal).ToList();
        var modalityCounts = Pairs(root.GetProperty("modalities")).ToDictionary(m => m.Value, m => m.Count);
        var modalities = Enum.GetValues<Modality>()
            .Select(m => (Modality: m, Value: CatalogueJson.EnumValue(m)))
            .Where(m => modalityCounts.GetValueOrDefault(m.Value) > 0)
            .Select(m => new FacetValue(m.Value, CatalogueIndex.ModalityLabel(m.Modality), modalityCounts[m.Value])).ToList();

        var facets = new SearchFacets(regions, departements,
            WithSelected(Pairs(root.GetProperty("mentions")), query.Mentions),
            modalities,
            WithSelected(Pairs(root.GetProperty("parcours")), query.Parcours),
            WithSelected(Pairs(root.GetProperty("establishments")), query.Establishments),
            root.GetProperty("via").GetInt32());

        var map = root.GetProperty("map").EnumerateArray().Where(m => m[0].ValueKind == JsonValueKind.String)
            .Select(m => new MapPoint(m[0].GetString()!, m[1].GetString() ?? "", m[2].GetDouble(), m[3].GetDouble(), m[4].GetInt32()))
            .OrderBy(m => CatalogueText.Key(m.CommuneCode), StringComparer.Ordinal).ThenBy(m => m.CommuneCode, StringComparer.Ordinal).ToList();

        return new SearchResult(root.GetProperty("total").GetInt32(), page, pageSize, hits, facets, map);
    }

    /// <summary>
    /// The top values as counted, then the selected values nothing has (count 0, as the user wrote them); when some
    /// are added, all by count then folded label, as <see cref="CatalogueIndex"/> lists them.
    /// </summary>
    private static List<FacetValue> WithSelected(IEnumerable<(string Value, int Count)> counted, IReadOnlyList<string> selected)
    {
        var values = counted.Select(c => new FacetValue(c.Value, c.Value, c.Count)).ToList();
        var present = values.Select(v => CatalogueText.Key(v.Value)).ToHashSet(StringComparer.Ordinal);
        var added = false;
        foreach (var value in selected)
            if (present.Add(CatalogueText.Key(value)))
            {
                values.Add(new FacetValue(value, value, 0));
                added = true;
            }
        if (added)
            values.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(CatalogueText.Key(a.Label), CatalogueText.Key(b.Label)));
        return values;
    }

    private static Modality ModalityOf(string value) =>
        Enum.GetValues<Modality>().First(m => CatalogueJson.EnumValue(m) == value);

    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_ownsDataSource) _dataSource.Dispose();
    }
}
