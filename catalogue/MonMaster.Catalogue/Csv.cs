using System.Text;
using MonMaster.Admission;

namespace MonMaster.Catalogue;

/// <summary>One line of an establishment's import: an existing formation to update (<see cref="Id"/>) or a new one.</summary>
public sealed record CsvLine(int Line, string? Id, FormationDraft Draft);

/// <summary>
/// The import format: UTF-8 (a BOM is fine), « ; » between columns as French spreadsheets write it, one header line
/// with the column names below (any order; unknown columns are an error), values quoted with « " » when they hold a
/// « ; », a quote or a line break. Lists are separated by « | ». The same fields as the API's formation body.
/// </summary>
public static class CatalogueCsv
{
    public static readonly string[] Columns =
    [
        "id", "mention", "parcours", "domaine", "modalites", "capacite", "via_mon_master", "lieu", "adresse", "code_postal",
        "commune_insee", "site", "rncp", "langues", "diplomes_conseilles", "attendus", "criteres", "modalites_candidature",
        "pieces", "mots_cles", "parcours_m2", "contacts",
    ];

    public const int MaxLines = 2000;

    private static readonly Dictionary<string, Modality> ModalityWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["initiale"] = Modality.Initial, ["continue"] = Modality.Continuing,
        ["apprentissage"] = Modality.Apprenticeship, ["professionnalisation"] = Modality.ProfessionalisationContract,
    };

    private static readonly Dictionary<string, ApplicationModality> ApplicationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dossier"] = ApplicationModality.Dossier, ["entretien"] = ApplicationModality.Interview,
        ["concours"] = ApplicationModality.Competition, ["examen"] = ApplicationModality.Exam,
    };

    /// <summary>The lines of <paramref name="text"/>, or every problem found (« ligne 3 : … »); nothing is half-read.</summary>
    public static (IReadOnlyList<CsvLine> Lines, IReadOnlyList<string> Problems) Parse(string text)
    {
        var rows = Rows(text.TrimStart('\uFEFF'), out var syntax);
        if (syntax is not null) return ([], [syntax]);
        if (rows.Count == 0) return ([], ["Le fichier est vide : la première ligne nomme les colonnes (" + string.Join(";", Columns) + ")."]);
        var header = rows[0].Row.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var problems = new List<string>();
        foreach (var unknown in header.Where(h => !Columns.Contains(h))) problems.Add($"Colonne inconnue « {unknown} » ; les colonnes sont : {string.Join(";", Columns)}.");
        foreach (var twice in header.GroupBy(h => h).Where(g => g.Count() > 1)) problems.Add($"La colonne « {twice.Key} » apparaît deux fois.");
        if (!header.Contains("mention")) problems.Add("La colonne « mention » manque.");
        if (problems.Count > 0) return ([], problems);
        if (rows.Count - 1 > MaxLines) return ([], [$"{MaxLines} formations au plus par fichier."]);

        var lines = new List<CsvLine>();
        foreach (var (number, row) in rows.Skip(1))
        {
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            if (row.Count != header.Count) { problems.Add($"ligne {number} : {row.Count} colonnes au lieu de {header.Count}."); continue; }
            var cell = header.Select((h, i) => (h, v: row[i].Trim())).ToDictionary(x => x.h, x => x.v);
            string? Get(string column) => cell.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
            IReadOnlyList<string>? Split(string column) => Get(column)?.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var local = new List<string>();

            List<T>? Words<T>(string column, Dictionary<string, T> words)
            {
                if (Split(column) is not { } values) return null;
                var parsed = new List<T>();
                foreach (var v in values)
                    if (words.TryGetValue(v, out var w)) parsed.Add(w);
                    else local.Add($"« {v} » n'est pas une valeur de {column} ({string.Join(", ", words.Keys)}).");
                return parsed;
            }
            int? capacity = null;
            if (Get("capacite") is { } c)
            {
                if (int.TryParse(c, out var n)) capacity = n;
                else local.Add($"la capacité « {c} » n'est pas un nombre.");
            }
            bool? via = Get("via_mon_master")?.ToLowerInvariant() switch
            {
                null => null, "oui" or "true" or "1" => true, "non" or "false" or "0" => false,
                var other => Fail<bool?>(local, $"via_mon_master vaut « oui » ou « non », pas « {other} »."),
            };
            var pieces = Split("pieces")?.Select(p => new RequiredPiece(p.TrimEnd('*').Trim(), p.EndsWith('*'))).ToList();
            var contacts = new List<Contact>();
            foreach (var entry in Split("contacts") ?? [])
            {
                var colon = entry.LastIndexOf(':');
                if (colon <= 0) local.Add($"le contact « {entry} » s'écrit « rôle:adresse ».");
                else contacts.Add(new Contact(entry[..colon].Trim(), entry[(colon + 1)..].Trim()));
            }
            var draft = new FormationDraft
            {
                Mention = Get("mention"), Parcours = Get("parcours"), Domain = Get("domaine"),
                Modalities = Words("modalites", ModalityWords), Capacity = capacity, ViaPlatform = via,
                PlaceLabel = Get("lieu"), Address = Get("adresse"), PostalCode = Get("code_postal"), CommuneCode = Get("commune_insee"),
                Website = Get("site"), Rncp = Get("rncp"), Languages = Split("langues"), RecommendedLicences = Split("diplomes_conseilles"),
                Expectations = Split("attendus"), Criteria = Split("criteres"), ApplicationModalities = Words("modalites_candidature", ApplicationWords),
                Pieces = pieces, Keywords = Split("mots_cles"), M2Parcours = Split("parcours_m2"), Contacts = contacts,
            };
            if (local.Count > 0) problems.AddRange(local.Select(p => $"ligne {number} : {p}"));
            else lines.Add(new CsvLine(number, Get("id"), draft));
        }
        return problems.Count > 0 ? ([], problems) : (lines, []);
    }

    private static T Fail<T>(List<string> problems, string problem)
    {
        problems.Add(problem);
        return default!;
    }

    /// <summary>The formations as an import file would give them back.</summary>
    public static string Write(IEnumerable<CatalogueFormation> formations)
    {
        var text = new StringBuilder(string.Join(";", Columns)).Append("\r\n");
        string Join(IEnumerable<string> values) => string.Join("|", values);
        foreach (var f in formations)
        {
            string[] cells =
            [
                f.Id, f.Mention, f.Parcours ?? "", f.Domain,
                Join(f.Modalities.Select(m => ModalityWords.First(w => w.Value == m).Key)), f.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                f.ViaPlatform ? "oui" : "non", f.Place.Label, f.Place.Address, f.Place.PostalCode, f.Place.CommuneCode, f.Website ?? "", f.Rncp ?? "",
                Join(f.Languages), Join(f.RecommendedLicences), Join(f.Expectations), Join(f.Criteria),
                Join(f.ApplicationModalities.Select(m => ApplicationWords.First(w => w.Value == m).Key)),
                Join(f.Pieces.Select(p => p.Kind + (p.Mandatory ? "*" : ""))), Join(f.Keywords), Join(f.M2Parcours),
                Join(f.Contacts.Select(c => $"{c.Role}:{c.Email}")),
            ];
            text.Append(string.Join(";", cells.Select(Quote))).Append("\r\n");
        }
        return text.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    /// <summary>RFC 4180 records with « ; »; each with the line number it starts on.</summary>
    private static List<(int Line, List<string> Row)> Rows(string text, out string? problem)
    {
        problem = null;
        var rows = new List<(int, List<string>)>();
        var row = new List<string>();
        var field = new StringBuilder();
        int line = 1, start = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else { if (ch == '\n') line++; field.Append(ch); }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0: quoted = true; break;
                case ';': row.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    row.Add(field.ToString()); field.Clear();
                    rows.Add((start, row)); row = []; line++; start = line;
                    break;
                default: field.Append(ch); break;
            }
        }
        if (quoted) { problem = $"ligne {start} : un guillemet ouvert n'est jamais fermé."; return []; }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add((start, row)); }
        return rows;
    }
}
