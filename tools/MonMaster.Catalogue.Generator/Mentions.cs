namespace MonMaster.Catalogue.Generator;

/// <summary>The four discipline sectors (« domaines ») the national master nomenclature sorts mentions into.</summary>
public static class Domains
{
    public const string ArtsLettresLangues = "Arts, lettres, langues";
    public const string DroitEconomieGestion = "Droit, économie, gestion";
    public const string SciencesHumainesSociales = "Sciences humaines et sociales";
    public const string SciencesTechnologiesSante = "Sciences, technologies, santé";

    /// <summary>In the order the generator's per-establishment domain weights use.</summary>
    public static readonly IReadOnlyList<string> All = [ArtsLettresLangues, DroitEconomieGestion, SciencesHumainesSociales, SciencesTechnologiesSante];
}

/// <summary>The national licence mentions (« Mon dernier diplôme », « Diplômes conseillés »). Curated, not exhaustive.</summary>
public static class LicenceMentions
{
    public const string Aes = "Administration économique et sociale";
    public const string AdministrationPublique = "Administration publique";
    public const string Arts = "Arts";
    public const string ArtsDuSpectacle = "Arts du spectacle";
    public const string ArtsPlastiques = "Arts plastiques";
    public const string Chimie = "Chimie";
    public const string Droit = "Droit";
    public const string Economie = "Économie";
    public const string EconomieGestion = "Économie et gestion";
    public const string Eea = "Électronique, énergie électrique, automatique";
    public const string FrontieresDuVivant = "Frontières du vivant";
    public const string GenieCivil = "Génie civil";
    public const string Geographie = "Géographie et aménagement";
    public const string Gestion = "Gestion";
    public const string Histoire = "Histoire";
    public const string HistoireArt = "Histoire de l'art et archéologie";
    public const string Humanites = "Humanités";
    public const string Informatique = "Informatique";
    public const string InfoCom = "Information et communication";
    public const string Lea = "Langues étrangères appliquées";
    public const string Llcer = "Langues, littératures et civilisations étrangères et régionales";
    public const string Lettres = "Lettres";
    public const string Mathematiques = "Mathématiques";
    public const string Miashs = "Mathématiques et informatique appliquées aux sciences humaines et sociales";
    public const string Mecanique = "Mécanique";
    public const string Musicologie = "Musicologie";
    public const string Philosophie = "Philosophie";
    public const string Physique = "Physique";
    public const string PhysiqueChimie = "Physique, chimie";
    public const string Psychologie = "Psychologie";
    public const string SciencePolitique = "Science politique";
    public const string SciencesEducation = "Sciences de l'éducation";
    public const string Anthropologie = "Sciences de l'homme, anthropologie, ethnologie";
    public const string SciencesTerre = "Sciences de la Terre";
    public const string SciencesVie = "Sciences de la vie";
    public const string Svt = "Sciences de la vie et de la Terre";
    public const string SciencesLangage = "Sciences du langage";
    public const string Staps = "Sciences et techniques des activités physiques et sportives";
    public const string SciencesHumanites = "Sciences et humanités";
    public const string Spi = "Sciences pour l'ingénieur";
    public const string SciencesSante = "Sciences pour la santé";
    public const string SanitairesSociales = "Sciences sanitaires et sociales";
    public const string SciencesSociales = "Sciences sociales";
    public const string Sociologie = "Sociologie";
    public const string Theologie = "Théologie";
    public const string EtudesEuropeennes = "Études européennes et internationales";

    public static readonly IReadOnlyList<string> All =
    [
        Aes, AdministrationPublique, Arts, ArtsDuSpectacle, ArtsPlastiques, Chimie, Droit, Economie, EconomieGestion, Eea,
        FrontieresDuVivant, GenieCivil, Geographie, Gestion, Histoire, HistoireArt, Humanites, Informatique, InfoCom, Lea,
        Llcer, Lettres, Mathematiques, Miashs, Mecanique, Musicologie, Philosophie, Physique, PhysiqueChimie, Psychologie,
        SciencePolitique, SciencesEducation, Anthropologie, SciencesTerre, SciencesVie, Svt, SciencesLangage, Staps,
        SciencesHumanites, Spi, SciencesSante, SanitairesSociales, SciencesSociales, Sociologie, Theologie, EtudesEuropeennes,
    ];
}

/// <summary>A mention of the national master nomenclature, its sector, the family of disciplines it belongs to (which
/// gives its recommended licences, parcours themes and keywords) and how common it is across establishments.</summary>
public sealed record MasterMention(string Name, string Domain, string Family, double Weight);

/// <summary>
/// Mentions of the national master nomenclature (arrêté fixant la nomenclature des mentions du diplôme national de
/// master), written from memory: real mention names, not the whole list. Weights are rough relative frequencies.
/// </summary>
public static class MasterMentions
{
    private const string A = Domains.ArtsLettresLangues, D = Domains.DroitEconomieGestion, H = Domains.SciencesHumainesSociales, S = Domains.SciencesTechnologiesSante;

    public static readonly IReadOnlyList<MasterMention> All =
    [
        // Droit, économie, gestion — droit
        new("Droit des affaires", D, "droit", 3), new("Droit fiscal", D, "droit", 1), new("Droit social", D, "droit", 1.5),
        new("Droit public", D, "droit", 2.5), new("Droit privé", D, "droit", 2.5), new("Droit pénal et sciences criminelles", D, "droit", 1.5),
        new("Droit international", D, "droit", 1.2), new("Droit européen", D, "droit", 1), new("Droit international et droit européen", D, "droit", 0.6),
        new("Droit de l'environnement et de l'urbanisme", D, "droit", 0.8), new("Droit du numérique", D, "droit", 0.8),
        new("Droit de la santé", D, "droit", 0.8), new("Droit notarial", D, "droit", 0.8), new("Droit du patrimoine", D, "droit", 0.6),
        new("Droit bancaire et financier", D, "droit", 0.8), new("Droit des libertés", D, "droit", 0.5), new("Droit comparé", D, "droit", 0.4),
        new("Droit de l'entreprise", D, "droit", 1), new("Droit des assurances", D, "droit", 0.4), new("Droit économique", D, "droit", 0.6),
        new("Droit de la propriété intellectuelle", D, "droit", 0.6), new("Droit immobilier", D, "droit", 0.6),
        new("Droit des collectivités territoriales", D, "droit", 0.5), new("Droit rural", D, "droit", 0.2),
        new("Justice, procès et procédures", D, "droit", 1), new("Histoire du droit et des institutions", D, "droit", 0.6),
        new("Droit de la famille", D, "droit", 0.3), new("Droit du sport", D, "droit", 0.2), new("Droit de la mer et du littoral", D, "droit", 0.1),
        // Droit, économie, gestion — économie
        new("Économie appliquée", D, "eco", 1.5), new("Économie de l'entreprise et des marchés", D, "eco", 0.8), new("Économie du développement", D, "eco", 0.6),
        new("Économie de l'environnement, de l'énergie et des transports", D, "eco", 0.8), new("Économie internationale", D, "eco", 0.6),
        new("Économie et management publics", D, "eco", 0.6), new("Économie sociale et solidaire", D, "eco", 0.5), new("Économétrie, statistiques", D, "eco", 0.8),
        new("Analyse et politique économique", D, "eco", 0.6), new("Monnaie, banque, finance, assurance", D, "eco", 1.2), new("Économie de la santé", D, "eco", 0.3),
        new("Actuariat", D, "maths", 0.3), new("Économie du travail et des ressources humaines", D, "eco", 0.3),
        // Droit, économie, gestion — gestion
        new("Management", D, "gestion", 2), new("Management stratégique", D, "gestion", 1), new("Management et administration des entreprises", D, "gestion", 2.5),
        new("Management des systèmes d'information", D, "gestion", 1), new("Management de l'innovation", D, "gestion", 0.8), new("Management public", D, "gestion", 1),
        new("Management sectoriel", D, "gestion", 1.2), new("Management et commerce international", D, "gestion", 1.2), new("Marketing, vente", D, "gestion", 2),
        new("Finance", D, "gestion", 1.8), new("Contrôle de gestion et audit organisationnel", D, "gestion", 1.5), new("Comptabilité - contrôle - audit", D, "gestion", 1.5),
        new("Gestion des ressources humaines", D, "gestion", 1.8), new("Gestion de patrimoine", D, "gestion", 0.6), new("Gestion de production, logistique, achats", D, "gestion", 1),
        new("Entrepreneuriat et management de projets", D, "gestion", 1), new("Administration publique", D, "gestion", 1), new("Tourisme", D, "gestion", 0.8),
        new("Commerce électronique", D, "gestion", 0.4), new("Sciences du management", D, "gestion", 0.6), new("Innovation, entreprise et société", D, "gestion", 0.3),
        new("Intelligence économique", D, "gestion", 0.3), new("Direction de projets ou établissements culturels", D, "culture", 0.8), new("Gestion de l'environnement", D, "environnement", 0.5),
        new("Management des organisations sanitaires et sociales", D, "gestion", 0.5),
        // Droit, économie, gestion — science politique
        new("Science politique", D, "sciencepo", 1.2), new("Relations internationales", D, "sciencepo", 1), new("Études européennes et internationales", D, "sciencepo", 0.6),
        new("Sécurité intérieure", D, "droit", 0.2), new("Politiques publiques", D, "sciencepo", 0.5),

        // Sciences humaines et sociales
        new("Psychologie", H, "psycho", 2.5), new("Psychologie de l'éducation et de la formation", H, "psycho", 0.8),
        new("Psychologie sociale, du travail et des organisations", H, "psycho", 1), new("Psychologie clinique, psychopathologie et psychologie de la santé", H, "psycho", 1.5),
        new("Neuropsychologie", H, "psycho", 0.4), new("Sociologie", H, "socio", 1.5), new("Sciences sociales", H, "socio", 1), new("Anthropologie", H, "socio", 0.4),
        new("Ethnologie", H, "socio", 0.3), new("Démographie", H, "socio", 0.2), new("Études sur le genre", H, "socio", 0.3), new("Intervention et développement social", H, "socio", 1),
        new("Histoire", H, "histoire", 2), new("Histoire, civilisations, patrimoine", H, "histoire", 1), new("Histoire de l'art", H, "histoire", 1),
        new("Archéologie, sciences pour l'archéologie", H, "histoire", 0.6), new("Patrimoine et musées", H, "culture", 0.6), new("Archives", H, "histoire", 0.3),
        new("Géographie", H, "geo", 1), new("Géographie, aménagement, environnement et développement", H, "geo", 1), new("Urbanisme et aménagement", H, "geo", 1.2),
        new("Gestion des territoires et développement local", H, "geo", 1), new("Géomatique", H, "geo", 0.4), new("Philosophie", H, "philo", 1.2), new("Éthique", H, "philo", 0.3),
        new("Sciences des religions et sociétés", H, "philo", 0.2), new("Sciences de l'éducation", H, "education", 1.5),
        new("Métiers de l'enseignement, de l'éducation et de la formation (MEEF), 1er degré", H, "meef1", 2.5),
        new("Métiers de l'enseignement, de l'éducation et de la formation (MEEF), 2nd degré", H, "meef2", 4),
        new("Métiers de l'enseignement, de l'éducation et de la formation (MEEF), encadrement éducatif", H, "education", 1),
        new("Métiers de l'enseignement, de l'éducation et de la formation (MEEF), pratiques et ingénierie de la formation", H, "education", 1.2),
        new("Information et communication", H, "infocom", 1.5), new("Communication des organisations", H, "infocom", 1), new("Communication publique et politique", H, "infocom", 0.4),
        new("Journalisme", H, "infocom", 0.6), new("Humanités numériques", H, "infocom", 0.5), new("Sciences de l'information et des bibliothèques", H, "infocom", 0.3),
        new("Ergonomie", H, "psycho", 0.3), new("Sciences cognitives", H, "psycho", 0.4), new("Histoire et philosophie des sciences", H, "philo", 0.2),
        new("Territoires, villes et sociétés", H, "geo", 0.3), new("Migrations internationales", H, "socio", 0.2),

        // Arts, lettres, langues
        new("Lettres", A, "lettres", 1.5), new("Littérature comparée", A, "lettres", 0.3), new("Lettres et humanités", A, "lettres", 0.3), new("Arts", A, "arts", 1),
        new("Arts plastiques", A, "arts", 0.8), new("Arts de la scène et du spectacle vivant", A, "arts", 0.8), new("Cinéma et audiovisuel", A, "arts", 0.8),
        new("Musicologie", A, "arts", 0.6), new("Musique", A, "arts", 0.3), new("Design", A, "arts", 0.5), new("Création numérique", A, "arts", 0.4),
        new("Études culturelles", A, "culture", 0.4), new("Métiers du livre et de l'édition", A, "culture", 0.6), new("Arts, lettres et civilisations", A, "lettres", 0.3),
        new("Langues, littératures et civilisations étrangères et régionales", A, "langues", 2.5), new("Langues étrangères appliquées", A, "lea", 1.8),
        new("Sciences du langage", A, "langage", 1.2), new("Didactique des langues", A, "langage", 0.6), new("Traduction et interprétation", A, "lea", 0.6),
        new("Français langue étrangère", A, "langage", 0.8), new("Langues et sociétés", A, "langues", 0.3), new("Lexicographie et terminologie", A, "langage", 0.1),
        new("Études européennes", A, "langues", 0.2), new("Humanités classiques", A, "lettres", 0.2),

        // Sciences, technologies, santé
        new("Mathématiques", S, "maths", 1), new("Mathématiques appliquées, statistique", S, "maths", 1.5), new("Mathématiques et applications", S, "maths", 1.5),
        new("Mathématiques et informatique appliquées aux sciences humaines et sociales", S, "maths", 0.5), new("Science des données", S, "info", 0.5),
        new("Informatique", S, "info", 3), new("Méthodes informatiques appliquées à la gestion des entreprises (MIAGE)", S, "info", 1.2), new("Réseaux et télécommunication", S, "info", 0.8),
        new("Bio-informatique", S, "bio", 0.5), new("Physique", S, "physique", 1), new("Physique fondamentale et applications", S, "physique", 1),
        new("Physique appliquée et ingénierie physique", S, "physique", 0.8), new("Chimie", S, "chimie", 1.5), new("Chimie et sciences du vivant", S, "chimie", 0.4),
        new("Sciences de la matière", S, "physique", 0.4), new("Science et génie des matériaux", S, "ingenierie", 0.8), new("Nanosciences et nanotechnologies", S, "physique", 0.4),
        new("Biologie moléculaire et cellulaire", S, "bio", 1), new("Biologie-santé", S, "bio", 1.2), new("Biologie végétale", S, "bio", 0.5),
        new("Biologie intégrative et physiologie", S, "bio", 0.5), new("Biodiversité, écologie et évolution", S, "environnement", 1.2), new("Biotechnologies", S, "bio", 0.8),
        new("Microbiologie", S, "bio", 0.4), new("Génétique", S, "bio", 0.3), new("Neurosciences", S, "bio", 0.6), new("Nutrition et sciences des aliments", S, "sante", 0.6),
        new("Agrosciences", S, "environnement", 0.4), new("Infectiologie : microbiologie, virologie, immunologie", S, "bio", 0.3), new("Éthologie", S, "bio", 0.1),
        new("Sciences de la Terre et des planètes, environnement", S, "terre", 0.8), new("Sciences de l'eau", S, "environnement", 0.6), new("Sciences de la mer", S, "terre", 0.5),
        new("Sciences de l'univers et technologies spatiales", S, "physique", 0.4), new("Risques et environnement", S, "environnement", 0.4),
        new("Sciences et génie de l'environnement", S, "environnement", 0.4), new("Océanographie", S, "terre", 0.1), new("Toxicologie et écotoxicologie", S, "sante", 0.3),
        new("Électronique, énergie électrique, automatique", S, "ingenierie", 1.5), new("Automatique, robotique", S, "ingenierie", 0.6), new("Mécanique", S, "ingenierie", 1),
        new("Génie mécanique", S, "ingenierie", 0.8), new("Génie civil", S, "ingenierie", 1), new("Génie des procédés et des bio-procédés", S, "ingenierie", 0.6),
        new("Énergie", S, "ingenierie", 0.8), new("Génie industriel", S, "ingenierie", 0.5), new("Ingénierie des systèmes complexes", S, "ingenierie", 0.4),
        new("Ingénierie de la santé", S, "sante", 0.6), new("Ingénierie nucléaire", S, "physique", 0.2), new("Acoustique", S, "physique", 0.2),
        new("Optique, image, vision, multimédia", S, "physique", 0.3), new("Traitement du signal et des images", S, "ingenierie", 0.3), new("Calcul haute performance, simulation", S, "info", 0.2),
        new("Sciences du médicament et des produits de santé", S, "sante", 0.8), new("Santé publique", S, "sante", 1), new("Santé", S, "sante", 0.5),
        new("Sciences et numérique pour la santé", S, "sante", 0.3), new("Épidémiologie", S, "sante", 0.2), new("Sciences de la vigne et du vin", S, "environnement", 0.2),
        new("STAPS : activité physique adaptée et santé", S, "sport", 1), new("STAPS : entraînement et optimisation de la performance sportive", S, "sport", 1),
        new("STAPS : management du sport", S, "sport", 0.8), new("STAPS : ingénierie et ergonomie de l'activité physique", S, "sport", 0.5),
    ];

    /// <summary>The mentions by name (exact spelling).</summary>
    public static readonly IReadOnlyDictionary<string, MasterMention> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The licence mentions a master mention recommends: its family's, from the curated rules of <see cref="Families"/>.</summary>
    public static IReadOnlyList<string> RecommendedLicences(MasterMention mention) => Families.Of(mention.Family).Licences;

    /// <summary>
    /// The mention a name stands for: the national one when the name is in the list, otherwise one made up by keyword
    /// rules (sector and family guessed from words such as « droit », « économie », « psychologie », « informatique »).
    /// </summary>
    public static MasterMention Resolve(string name)
    {
        if (ByName.TryGetValue(name, out var known)) return known;
        var n = Text.Fold(name);
        (string Domain, string Family) guess =
            n.Contains("droit") || n.Contains("juridi") ? (D, "droit")
            : n.Contains("econom") ? (D, "eco")
            : n.Contains("gestion") || n.Contains("management") || n.Contains("finance") || n.Contains("marketing") || n.Contains("commerce") ? (D, "gestion")
            : n.Contains("politique") ? (D, "sciencepo")
            : n.Contains("psycho") ? (H, "psycho")
            : n.Contains("socio") || n.Contains("social") || n.Contains("anthropo") ? (H, "socio")
            : n.Contains("histoire") || n.Contains("archeo") || n.Contains("patrimoine") ? (H, "histoire")
            : n.Contains("geograph") || n.Contains("urbanis") || n.Contains("territ") ? (H, "geo")
            : n.Contains("philosoph") ? (H, "philo")
            : n.Contains("education") || n.Contains("enseignement") ? (H, "education")
            : n.Contains("communication") || n.Contains("journalis") ? (H, "infocom")
            : n.Contains("lettre") || n.Contains("litter") ? (A, "lettres")
            : n.Contains("langue") || n.Contains("traduction") ? (A, "langues")
            : n.Contains("art") || n.Contains("musi") || n.Contains("cinema") ? (A, "arts")
            : n.Contains("informati") || n.Contains("donnees") || n.Contains("numerique") ? (S, "info")
            : n.Contains("mathemat") || n.Contains("statisti") ? (S, "maths")
            : n.Contains("chimi") ? (S, "chimie")
            : n.Contains("physique") ? (S, "physique")
            : n.Contains("biolog") || n.Contains("genet") ? (S, "bio")
            : n.Contains("sante") || n.Contains("medic") ? (S, "sante")
            : n.Contains("staps") || n.Contains("sport") ? (S, "sport")
            : n.Contains("environnement") || n.Contains("ecolog") ? (S, "environnement")
            : (S, "ingenierie");
        return new MasterMention(name, guess.Domain, guess.Family, 1);
    }
}
