using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MonMaster.Catalogue;

/// <summary>What changed in the catalogue after a version: the sheets written since, and the version to ask from next time.</summary>
public sealed record CatalogueChanges(IReadOnlyList<CatalogueFormation> Changed, long Version);

/// <summary>
/// Where the catalogue's sheets are kept (in memory, or in PostgreSQL). Every write of a changed sheet gets a new,
/// increasing version; writing a sheet identical to the stored one changes nothing (no new version), so that the other
/// API nodes refreshing their in-memory index with <see cref="ChangesSinceAsync"/> only reload what really changed.
/// </summary>
public interface ICatalogueStore
{
    /// <summary>Every sheet of the year, ordered by id.</summary>
    Task<IReadOnlyList<CatalogueFormation>> LoadAllAsync(int year, CancellationToken ct = default);

    Task<CatalogueFormation?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Inserts or replaces the sheets (by id; when an id appears twice, the last one wins).</summary>
    Task UpsertAsync(IReadOnlyList<CatalogueFormation> formations, CancellationToken ct = default);

    Task<int> CountAsync(int year, CancellationToken ct = default);

    /// <summary>The sheets written after <paramref name="version"/> (ordered by version), and the latest version
    /// (<paramref name="version"/> itself when nothing changed). Start from 0.</summary>
    Task<CatalogueChanges> ChangesSinceAsync(long version, CancellationToken ct = default);
}

/// <summary>
/// The stored form of a sheet: System.Text.Json, camelCase properties, enums as kebab-case strings
/// (« professionalisation-contract »), without the computed <see cref="CatalogueFormation.Track"/>.
/// Renaming a property or an enum value changes the stored format: keep them.
/// </summary>
public static class CatalogueJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(CatalogueFormation formation) => JsonSerializer.Serialize(formation, Options);

    public static CatalogueFormation Deserialize(string json) =>
        JsonSerializer.Deserialize<CatalogueFormation>(json, Options) ?? throw new JsonException("A catalogue sheet cannot be null.");

    /// <summary>An enum value as stored and as facet values show it: <c>ProfessionalisationContract</c> → <c>professionalisation-contract</c>.</summary>
    public static string EnumValue<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers =
                {
                    info =>
                    {
                        if (info.Type != typeof(CatalogueFormation)) return;
                        for (var i = info.Properties.Count - 1; i >= 0; i--)
                            if (info.Properties[i].Name == "track") info.Properties.RemoveAt(i);
                    },
                },
            },
        };
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>The catalogue in this process only (the in-memory storage mode, tests).</summary>
public sealed class MemoryCatalogueStore : ICatalogueStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (CatalogueFormation Formation, string Json, long Version)> _rows = new(StringComparer.Ordinal);
    private long _version;

    public Task<IReadOnlyList<CatalogueFormation>> LoadAllAsync(int year, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<CatalogueFormation>>(
                [.. _rows.Values.Where(r => r.Formation.Year == year).OrderBy(r => r.Formation.Id, StringComparer.Ordinal).Select(r => r.Formation)]);
    }

    public Task<CatalogueFormation?> GetAsync(string id, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult(_rows.TryGetValue(id, out var row) ? row.Formation : null);
    }

    public Task UpsertAsync(IReadOnlyList<CatalogueFormation> formations, CancellationToken ct = default)
    {
        var serialized = formations.Select(f => (Formation: f, Json: CatalogueJson.Serialize(f))).ToList();
        lock (_lock)
        {
            foreach (var (formation, json) in serialized)
            {
                if (_rows.TryGetValue(formation.Id, out var row) && row.Json == json) continue;
                _rows[formation.Id] = (formation, json, ++_version);
            }
        }
        return Task.CompletedTask;
    }

    public Task<int> CountAsync(int year, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult(_rows.Values.Count(r => r.Formation.Year == year));
    }

    public Task<CatalogueChanges> ChangesSinceAsync(long version, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var changed = _rows.Values.Where(r => r.Version > version).OrderBy(r => r.Version).ToList();
            return Task.FromResult(new CatalogueChanges([.. changed.Select(r => r.Formation)], changed.Count == 0 ? version : changed[^1].Version));
        }
    }
}
