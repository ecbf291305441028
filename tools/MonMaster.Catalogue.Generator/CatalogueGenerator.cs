using MonMaster.Admission;
using static MonMaster.Catalogue.Generator.Domains;

namespace MonMaster.Catalogue.Generator;

/// <summary>
/// Generates a plausible national catalogue of first-year masters (≈ 8,100 formations, ≈ 177,000 places), the same on
/// every machine: a fixed seed, a generator of its own (<see cref="Rng"/>), curated reference data walked in list order,
/// no dictionary enumeration and no culture-dependent operation. See docs/catalogue.md for the sources and distributions.
/// </summary>
public static class CatalogueGenerator
{
    public const ulong Seed = 20_250_203;
    public const int DefaultCount = 8_100;
    /// <summary>Places for <see cref="DefaultCount"/> formations; scaled with the count.</summary>
    public const int DefaultCapacity = 177_000;

    /// <summary>
    /// The catalogue of <paramref name="year"/>: <paramref name="pinned"/> formations first (their id, year, establishment,
    /// mention, parcours, track, capacity and pieces kept exactly, the rest of their sheet generated), then generated
    /// ones with ids M00001, M00002… (skipping pinned ids), <paramref name="count"/> in all.
    /// </summary>
    public static IReadOnlyList<CatalogueFormation> Generate(Geography geography, int year = 2025, IReadOnlyList<FormationInfo>? pinned = null, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(geography);
        pinned ??= [];
        if (count < pinned.Count) throw new ArgumentOutOfRangeException(nameof(count), $"{count} formations cannot hold the {pinned.Count} pinned ones.");
        var context = new Context(geography, year);
        var result = new List<CatalogueFormation>(count);
        result.AddRange(pinned.Select(context.Dress));

        var drafts = context.Draft(count - pinned.Count);
        var pinnedIds = pinned.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var targetCapacity = (long)Math.Round((double)DefaultCapacity * count / DefaultCount) - pinned.Sum(p => (long)p.Capacity);
        var rawCapacity = drafts.Sum(d => (long)d.RawCapacity);
        var factor = rawCapacity == 0 ? 1 : Math.Max(0, targetCapacity) / (double)rawCapacity;
        var next = 1;
        foreach (var draft in drafts)
        {
            string id;
            do id = $"M{next++:D5}"; while (pinnedIds.Contains(id));
            result.Add(context.Complete(draft, id, Math.Max(5, (int)Math.Round(draft.RawCapacity * factor))));
        }
        return result;
    }

    /// <summary>A generated formation before its id and final capacity are known.</summary>
    private sealed record Draft(Establishment Establishment, MasterMention Mention, string? Parcours, Commune Commune, string Unit, int RawCapacity, ulong Key);

    private static readonly (int Min, int Max, double Weight)[] CapacityTable =
        [(8, 12, 10), (13, 16, 14), (17, 20, 20), (21, 25, 18), (26, 30, 14), (31, 40, 12), (41, 60, 8), (61, 100, 3), (101, 150, 1)];

    /// <summary>How many parcours (formations) a mention opens at an establishment.</summary>
    private static readonly (int Value, double Weight)[] ParcoursPerMention = [(1, 35), (2, 25), (3, 18), (4, 10), (5, 7), (6, 5)];

    /// <summary>Confirmed applications per place, by family: the median of the family's formations.</summary>
    private static readonly Dictionary<string, double> Demand = new(StringComparer.Ordinal)
    {
        ["psycho"] = 20, ["droit"] = 12, ["gestion"] = 9, ["eco"] = 5, ["sciencepo"] = 11, ["socio"] = 5, ["histoire"] = 4, ["geo"] = 5, ["philo"] = 3,
        ["education"] = 5, ["meef1"] = 2.5, ["meef2"] = 1.3, ["infocom"] = 11, ["lettres"] = 3, ["langues"] = 2.5, ["lea"] = 5, ["langage"] = 4,
        ["arts"] = 7, ["culture"] = 11, ["maths"] = 2.5, ["info"] = 6, ["physique"] = 2.5, ["chimie"] = 3, ["bio"] = 7, ["terre"] = 3.5,
        ["environnement"] = 6, ["ingenierie"] = 3.5, ["sante"] = 9, ["sport"] = 10,
    };

    /// <summary>Spread of a formation's demand around its family's median (a discrete, right-skewed law).</summary>
    private static readonly (double Value, double Weight)[] DemandSpread =
        [(0.3, 8), (0.5, 12), (0.7, 16), (1.0, 20), (1.3, 16), (1.7, 12), (2.4, 9), (3.5, 5), (5.0, 2)];

    /// <summary>How deep in its ranking a formation called, in places: rank of the last called ≈ capacity × factor.</summary>
    private static readonly (double Value, double Weight)[] CallDepth =
        [(1.0, 8), (1.3, 14), (1.7, 20), (2.2, 20), (3.0, 16), (4.0, 11), (6.0, 7), (9.0, 4)];

    private static readonly string[] Streets =
    [
        "rue de l'Université", "avenue Jean Jaurès", "boulevard Victor Hugo", "rue Pasteur", "place de la République", "rue des Écoles",
        "avenue du Général de Gaulle", "rue Paul Bert", "rue Jules Ferry", "chemin des Sciences", "allée des Lettres", "rue Marie Curie",
        "avenue de la Libération", "rue Gambetta", "cours de la Libération", "rue du Campus", "boulevard de l'Europe", "rue Émile Zola",
        "rue Voltaire", "avenue Olympe de Gouges", "rue Simone Veil", "quai des Chartreux", "rue du Doyen Gosse", "esplanade des Arts",
    ];

    private static readonly string[] GivenNames =
    [
        "marie", "nathalie", "isabelle", "sylvie", "catherine", "anne", "sophie", "claire", "julie", "camille", "laure", "helene", "emilie", "sandrine",
        "pierre", "jean", "philippe", "nicolas", "olivier", "thomas", "julien", "david", "laurent", "stephane", "francois", "antoine", "mathieu", "karim",
        "yasmina", "mehdi", "linh", "paulo",
    ];

    private static readonly string[] FamilyNames =
    [
        "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy", "moreau", "simon", "laurent", "lefebvre", "michel",
        "garcia", "david", "bertrand", "roux", "vincent", "fournier", "morel", "girard", "andre", "lefevre", "mercier", "dupont", "lambert", "bonnet",
        "francois", "martinez", "benali", "nguyen", "da-silva", "le-gall", "kerjean", "etcheverry", "muller", "schmitt", "rossi", "haddad",
    ];

    private static readonly string[] ForeignLanguages = ["Espagnol", "Allemand", "Italien", "Chinois", "Arabe", "Portugais", "Russe", "Japonais"];

    /// <summary>The taught language a parcours' name implies (LLCER, LEA, MEEF).</summary>
    private static string? LanguageOf(string? parcours) => parcours is null ? null
        : parcours.Contains("anglophones", StringComparison.Ordinal) || parcours == "Anglais" ? "Anglais"
        : parcours.Contains("hispaniques", StringComparison.Ordinal) || parcours == "Espagnol" ? "Espagnol"
        : parcours.Contains("germaniques", StringComparison.Ordinal) || parcours == "Allemand" ? "Allemand"
        : parcours.Contains("italiennes", StringComparison.Ordinal) ? "Italien"
        : parcours.Contains("arabes", StringComparison.Ordinal) ? "Arabe"
        : parcours.Contains("chinoises", StringComparison.Ordinal) ? "Chinois"
        : parcours.Contains("japonaises", StringComparison.Ordinal) ? "Japonais"
        : parcours.Contains("russes", StringComparison.Ordinal) ? "Russe"
        : parcours.Contains("lusophones", StringComparison.Ordinal) ? "Portugais"
        : null;

    private static readonly Dictionary<string, string[]> ExpectationTemplates = new(StringComparer.Ordinal)
    {
        [DroitEconomieGestion] =
        [
            "Maîtriser les fondamentaux de la discipline ({field}) acquis en licence et savoir mobiliser les sources pertinentes.",
            "Capacités d'analyse et de synthèse, rigueur du raisonnement et qualité de l'expression écrite.",
            "Un projet professionnel construit et cohérent avec la formation ({parcours}).",
            "Aptitude au travail en équipe et en autonomie ; une expérience en entreprise ou en administration (stage, emploi) est appréciée.",
            "Niveau B2 en anglais recommandé pour suivre les enseignements et lire la littérature spécialisée.",
        ],
        [SciencesHumainesSociales] =
        [
            "Solides connaissances disciplinaires ({field}) et maîtrise des méthodes de la discipline (enquête, commentaire, analyse de sources).",
            "Aptitude à lire et discuter des travaux scientifiques, y compris en anglais.",
            "Qualités rédactionnelles et capacité à construire une argumentation.",
            "Un projet personnel et professionnel en lien avec la formation ({parcours}).",
            "Intérêt pour la recherche ou pour l'intervention de terrain, selon le parcours.",
        ],
        [ArtsLettresLangues] =
        [
            "Excellente maîtrise de l'expression écrite et orale en français.",
            "Connaissances solides en {field} et culture générale dans le domaine.",
            "Niveau B2 au moins dans la ou les langues étudiées ; C1 attendu pour les parcours de traduction.",
            "Curiosité pour les pratiques culturelles et artistiques contemporaines.",
            "Un projet professionnel ou de recherche cohérent avec la formation ({parcours}).",
        ],
        [SciencesTechnologiesSante] =
        [
            "Solides bases scientifiques en {field} de niveau licence.",
            "Goût pour l'expérimentation, la modélisation et la résolution de problèmes.",
            "Capacité à travailler en équipe sur des projets et à rendre compte de ses résultats à l'écrit comme à l'oral.",
            "Lecture de documents scientifiques en anglais (niveau B2 recommandé).",
            "Un projet professionnel cohérent avec la formation ({parcours}), en entreprise ou en laboratoire.",
        ],
    };

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["psycho"] = "psychologie", ["droit"] = "droit", ["gestion"] = "gestion et management", ["eco"] = "économie", ["sciencepo"] = "science politique",
        ["socio"] = "sciences sociales", ["histoire"] = "histoire", ["geo"] = "géographie et aménagement", ["philo"] = "philosophie",
        ["education"] = "sciences de l'éducation", ["meef1"] = "enseignement primaire", ["meef2"] = "la discipline enseignée", ["infocom"] = "information et communication",
        ["lettres"] = "littérature", ["langues"] = "langues et civilisations", ["lea"] = "langues appliquées", ["langage"] = "sciences du langage", ["arts"] = "arts",
        ["culture"] = "culture et patrimoine", ["maths"] = "mathématiques", ["info"] = "informatique", ["physique"] = "physique", ["chimie"] = "chimie",
        ["bio"] = "biologie", ["terre"] = "sciences de la Terre", ["environnement"] = "écologie et environnement", ["ingenierie"] = "sciences pour l'ingénieur",
        ["sante"] = "sciences de la santé", ["sport"] = "STAPS",
    };

    private sealed class Context(Geography geography, int year)
    {
        /// <summary>Establishments with at least one commune of this geography (a small test geography keeps a few).</summary>
        private readonly List<(Establishment Establishment, List<Commune> Communes)> establishments = [.. Establishments.All
            .Select(e => (e, new[] { e.MainCommune }.Concat(e.Campuses).Where(geography.CommunesByCode.ContainsKey).Select(c => geography.CommunesByCode[c]).ToList()))
            .Where(x => x.Item2.Count > 0)];

        /// <summary>Drafts <paramref name="count"/> formations spread over the establishments in proportion to their size.</summary>
        public List<Draft> Draft(int count)
        {
            if (establishments.Count == 0) throw new InvalidOperationException("No establishment has a commune in this geography.");
            var quotas = Apportion(count, [.. establishments.Select(e => e.Establishment.Size)]);
            var drafts = new List<Draft>(count);
            for (var i = 0; i < establishments.Count; i++)
            {
                var (establishment, communes) = establishments[i];
                var rng = Rng.For(Seed, $"{year}|establishment|{establishment.Name}");
                var used = new HashSet<string>(StringComparer.Ordinal);
                // Teachers are trained by the universities' INSPÉ: no MEEF mention at the other establishments.
                if (!establishment.Name.Contains("Universit", StringComparison.Ordinal))
                    foreach (var m in MasterMentions.All.Where(m => m.Name.Contains("(MEEF)", StringComparison.Ordinal))) used.Add(m.Name);
                var made = 0;
                while (made < quotas[i])
                {
                    var domain = All[rng.Weighted(establishment.DomainWeights)];
                    var candidates = MasterMentions.All.Where(m => m.Domain == domain && !used.Contains(m.Name)).ToList();
                    if (candidates.Count == 0) candidates = [.. MasterMentions.All.Where(m => !used.Contains(m.Name))];
                    if (candidates.Count == 0) throw new InvalidOperationException($"{establishment.Name} has run out of mentions.");
                    var mention = candidates[rng.Weighted([.. candidates.Select(m => m.Weight)])];
                    used.Add(mention.Name);
                    var family = Families.Of(mention.Family);
                    var parcoursCount = mention.Family switch
                    {
                        "meef2" => rng.Between(4, 12),
                        "meef1" => rng.Between(1, 2),
                        _ => rng.Table(ParcoursPerMention),
                    };
                    parcoursCount = Math.Min(Math.Min(parcoursCount, family.Parcours.Count), quotas[i] - made);
                    var themes = rng.Shuffle(family.Parcours).Take(parcoursCount).ToList();
                    var commune = rng.Chance(0.75) ? communes[0] : rng.Pick(communes);
                    var unit = rng.Pick(family.Units);
                    foreach (var theme in themes)
                    {
                        var parcours = parcoursCount == 1 && rng.Chance(0.25) ? null : theme;
                        var (min, max, _) = CapacityTable[rng.Weighted([.. CapacityTable.Select(r => r.Weight)])];
                        var capacity = rng.Between(min, max) * (mention.Family == "meef1" ? 4 : 1);
                        var place = rng.Chance(0.9) ? commune : rng.Pick(communes);
                        drafts.Add(new Draft(establishment, mention, parcours, place, unit, capacity, rng.NextULong()));
                        made++;
                    }
                }
            }
            return drafts;
        }

        /// <summary>Largest remainder apportionment of <paramref name="total"/> by weights (ties to the first).</summary>
        private static int[] Apportion(int total, double[] weights)
        {
            var sum = weights.Sum();
            var exact = weights.Select(w => total * w / sum).ToArray();
            var result = exact.Select(x => (int)Math.Floor(x)).ToArray();
            var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => exact[i] - result[i]).ThenBy(i => i).ToList();
            var left = total - result.Sum();
            for (var k = 0; k < left; k++) result[order[k % order.Count]]++;
            return result;
        }

        public CatalogueFormation Complete(Draft draft, string id, int capacity)
        {
            var rng = new Rng(Seed ^ draft.Key);
            var modalities = Modalities(rng, draft.Establishment);
            return Sheet(rng, id, draft.Establishment, draft.Mention, draft.Parcours, draft.Commune, draft.Unit, modalities, capacity, rng.Chance(0.97), null);
        }

        /// <summary>A pinned formation with a full sheet around its engine values.</summary>
        public CatalogueFormation Dress(FormationInfo info)
        {
            var rng = Rng.For(Seed, $"pinned|{info.Id}");
            var mention = MasterMentions.Resolve(info.Mention);
            var (establishment, communes) = establishments.FirstOrDefault(e => e.Establishment.Name == info.Establishment);
            if (establishment is null)
            {
                // Not a known establishment: a place among the largest communes, chosen by the name, so it stays put.
                establishment = new Establishment(info.Establishment, Text.Slug(info.Establishment) + ".fr", 1, [1, 1, 1, 1], "", []);
                var largest = geography.Communes.OrderByDescending(c => c.Population).ThenBy(c => c.Code, StringComparer.Ordinal).Take(30).ToList();
                communes = [largest[(int)(Rng.Hash(info.Establishment) % (ulong)largest.Count)]];
            }
            Modality[] modalities = info.Track == Track.WorkStudy
                ? [Modality.Apprenticeship, Modality.ProfessionalisationContract]
                : rng.Chance(0.45) ? [Modality.Initial, Modality.Continuing] : [Modality.Initial];
            var family = Families.Of(mention.Family);
            var formation = Sheet(rng, info.Id, establishment, mention, string.IsNullOrEmpty(info.Parcours) ? null : info.Parcours, communes[0],
                rng.Pick(family.Units), modalities, info.Capacity, viaPlatform: true, info.Pieces ?? []);
            return formation with { Year = info.Year };
        }

        private static Modality[] Modalities(Rng rng, Establishment establishment)
        {
            var draw = rng.NextDouble();
            var continuingOnly = establishment.Name.StartsWith("Conservatoire", StringComparison.Ordinal) ? 0.25 : 0.01;
            if (draw < 0.025) return rng.Chance(0.6) ? [Modality.Apprenticeship] : [Modality.Apprenticeship, Modality.ProfessionalisationContract];
            if (draw < 0.125)
            {
                var list = new List<Modality> { Modality.Initial };
                if (rng.Chance(0.5)) list.Add(Modality.Continuing);
                list.Add(Modality.Apprenticeship);
                if (rng.Chance(0.5)) list.Add(Modality.ProfessionalisationContract);
                return [.. list];
            }
            if (draw < 0.125 + continuingOnly) return [Modality.Continuing];
            return rng.Chance(0.45) ? [Modality.Initial, Modality.Continuing] : [Modality.Initial];
        }

        private CatalogueFormation Sheet(Rng rng, string id, Establishment establishment, MasterMention mention, string? parcours, Commune commune, string unit,
            Modality[] modalities, int capacity, bool viaPlatform, IReadOnlyList<RequiredPiece>? pieces)
        {
            var family = Families.Of(mention.Family);
            var departement = geography.DepartementsByCode[commune.DepartementCode];
            var workStudy = modalities.Any(m => m is Modality.Apprenticeship or Modality.ProfessionalisationContract);
            var research = parcours?.Contains("Recherche", StringComparison.Ordinal) == true;

            var site = Rng.For(Seed, $"site|{establishment.Name}|{commune.Code}|{unit}");
            var street = $"{site.Between(1, 150)} {site.Pick(Streets)}";
            var postal = commune.PostalCodes.Count == 0 ? commune.DepartementCode.PadRight(5, '0') : commune.PostalCodes[site.Next(commune.PostalCodes.Count)];
            var place = new Place($"{unit} - {commune.Name} ({commune.DepartementCode})", $"{unit}, {street}, {postal} {commune.Name}", postal,
                commune.Code, commune.Name, commune.DepartementCode, commune.RegionCode, departement.AcademieCode, commune.Latitude, commune.Longitude);

            var applicationModalities = new List<ApplicationModality> { ApplicationModality.Dossier };
            if (rng.Chance(workStudy ? 0.7 : 0.2)) applicationModalities.Add(ApplicationModality.Interview);
            if (rng.Chance(0.01)) applicationModalities.Add(ApplicationModality.Competition);
            if (rng.Chance(0.03)) applicationModalities.Add(ApplicationModality.Exam);

            var languages = new List<string>();
            var taught = LanguageOf(parcours);
            if (mention.Family is "langues" or "lea" && taught is null && parcours?.Contains("régionales", StringComparison.Ordinal) == true)
                taught = rng.Pick(["Breton", "Occitan", "Basque", "Corse", "Créole", "Alsacien"]);
            if (rng.Chance(0.9) || taught == "Anglais") languages.Add("Anglais");
            if (taught is not null && taught != "Anglais") languages.Add(taught);
            if (mention.Family == "lea" && taught is null) languages.Add(rng.Pick(ForeignLanguages));
            if (mention.Family == "langage" && rng.Chance(0.5)) languages.Add("Français langue étrangère");

            var templates = ExpectationTemplates[mention.Domain];
            var licences = family.Licences;
            var expectations = new List<string>
            {
                licences.Count == 1
                    ? $"Être titulaire d'une licence {licences[0]} ou d'un diplôme de niveau bac + 3 équivalent."
                    : $"Être titulaire d'une licence {licences[0]} ou {licences[1]}, ou d'un diplôme de niveau bac + 3 équivalent.",
            };
            expectations.AddRange(rng.Shuffle(templates).Take(rng.Between(2, 3))
                .Select(t => t.Replace("{field}", Fields[family.Code], StringComparison.Ordinal).Replace("{parcours}", parcours ?? mention.Name, StringComparison.Ordinal)));

            var criteria = new List<string> { "Parcours et résultats académiques antérieurs" };
            criteria.AddRange(rng.Shuffle<string>(["Cohérence du projet professionnel avec la formation", "Lettre de motivation", "Expériences professionnelles et stages",
                "Niveau en langue anglaise", "Engagement associatif ou citoyen"]).Take(rng.Between(1, 3)));
            if (research) criteria.Add("Expérience de recherche (mémoire, projet tutoré)");
            if (applicationModalities.Contains(ApplicationModality.Interview)) criteria.Add("Qualité de l'entretien");
            if (workStudy) criteria.Add("Capacité à trouver un employeur d'alternance");

            pieces ??= Pieces(rng, mention, research, modalities);

            var keywords = new List<string>();
            foreach (var k in rng.Shuffle(family.Keywords).Take(3)) keywords.Add(k);
            if (workStudy) keywords.Add("alternance");
            if (research && !keywords.Contains("recherche")) keywords.Add("recherche");

            var m2 = new List<string> { parcours ?? mention.Name };
            if (rng.Chance(0.35))
            {
                var other = rng.Pick(family.Parcours);
                if (other != m2[0]) m2.Add(other);
            }

            var person = $"{rng.Pick(GivenNames)}.{rng.Pick(FamilyNames)}";
            var contacts = new List<Contact>
            {
                new("Responsable pédagogique", $"{person}@{establishment.Domain}"),
                new("Référent handicap", rng.Chance(0.5) ? $"handicap@{establishment.Domain}" : $"mission-handicap@{establishment.Domain}"),
            };
            if (rng.Chance(0.4)) contacts.Add(new("Scolarité", $"scolarite-master-{Text.Slug(Fields[family.Code])}@{establishment.Domain}"));

            return new CatalogueFormation
            {
                Id = id,
                Year = year,
                Establishment = establishment.Name,
                Domain = mention.Domain,
                Mention = mention.Name,
                Parcours = parcours,
                Rncp = $"RNCP{34000 + (int)(Rng.Hash(mention.Name) % 6000)}",
                Modalities = modalities,
                Capacity = capacity,
                ViaPlatform = viaPlatform,
                Place = place,
                Contacts = contacts,
                Website = $"https://www.{establishment.Domain}/formation/master-{Text.Slug(mention.Name)}" + (parcours is null ? "" : "/" + Text.Slug(parcours)),
                Languages = languages,
                RecommendedLicences = licences,
                Expectations = expectations,
                Criteria = criteria,
                ApplicationModalities = applicationModalities,
                Pieces = pieces,
                Keywords = keywords,
                M2Parcours = m2,
                Previous = Previous(rng, mention, capacity),
                Insertion = Insertion(establishment, mention),
            };
        }

        private static List<RequiredPiece> Pieces(Rng rng, MasterMention mention, bool research, Modality[] modalities)
        {
            var pieces = new List<RequiredPiece>();
            var cover = rng.NextDouble();
            if (cover < 0.90) pieces.Add(new("cover-letter", true));
            else if (cover < 0.96) pieces.Add(new("cover-letter", false));
            var recommendation = rng.NextDouble();
            if (recommendation < 0.05) pieces.Add(new("recommendation", true));
            else if (recommendation < 0.40) pieces.Add(new("recommendation", false));
            if (mention.Family is "langues" or "lea" or "langage" ? rng.Chance(0.3) : rng.Chance(0.08))
                pieces.Add(new("language-test", mention.Family is "langues" or "lea"));
            if (research) pieces.Add(new("research-project", true));
            else if (rng.Chance(0.05)) pieces.Add(new("research-project", false));
            if (rng.Chance(0.05)) pieces.Add(new("internship-report", false));
            if (modalities.Contains(Modality.Continuing) && rng.Chance(0.5)) pieces.Add(new("financing-proof", false));
            if (modalities.Contains(Modality.Apprenticeship) && rng.Chance(0.4)) pieces.Add(new("work-study-contract", false));
            return pieces;
        }

        private PreviousYear? Previous(Rng rng, MasterMention mention, int capacity)
        {
            var draw = rng.NextDouble();
            if (draw < 0.04) return null; // opened this year: no previous campaign
            var ratio = (Demand.TryGetValue(mention.Family, out var median) ? median : 5) * rng.Table(DemandSpread) * rng.Between(0.85, 1.15);
            var confirmed = Math.Max(1, (int)Math.Round(capacity * ratio));
            if (draw < 0.05) return new PreviousYear(year - 1, confirmed, null, null); // nobody called
            var rank = Math.Clamp((int)Math.Round(capacity * rng.Table(CallDepth) * rng.Between(0.9, 1.1)), 1, confirmed);
            return new PreviousYear(year - 1, confirmed, rank, Math.Round((double)rank / confirmed, 4));
        }

        /// <summary>The mention's figures at the establishment: the same for all its parcours (drawn from their own key).</summary>
        private List<Insertion> Insertion(Establishment establishment, MasterMention mention)
        {
            var rng = Rng.For(Seed, $"{year}|insertion|{establishment.Name}|{mention.Name}");
            var baseline = mention.Domain switch
            {
                DroitEconomieGestion => 68.0,
                SciencesTechnologiesSante => 66.0,
                SciencesHumainesSociales => 58.0,
                _ => 52.0,
            };
            var further = mention.Family switch { "droit" => 20.0, "bio" or "chimie" or "physique" or "maths" => 16.0, _ => 9.0 };
            var result = new List<Insertion>();
            if (rng.Chance(0.85))
            {
                var employed = Math.Round(Math.Clamp(baseline + rng.Between(-14.0, 14.0), 20, 95), 1);
                var studies = Math.Round(Math.Clamp(further + rng.Between(-6.0, 8.0), 1, 100 - employed), 1);
                result.Add(new("InserSup", year - 3, 12, rng.Between(15, 220), employed, studies, Math.Round(100 - employed - studies, 1)));
            }
            if (rng.Chance(0.6))
            {
                var employed = Math.Round(Math.Clamp(baseline + 12 + rng.Between(-10.0, 10.0), 30, 98), 1);
                var studies = Math.Round(Math.Clamp(further / 2 + rng.Between(-3.0, 5.0), 0.5, 100 - employed), 1);
                result.Add(new("IP-SIES", year - 4, 30, rng.Between(10, 180), employed, studies, Math.Round(100 - employed - studies, 1)));
            }
            return result;
        }
    }
}
