using System.Text;
using static MonMaster.Catalogue.Generator.LicenceMentions;

namespace MonMaster.Catalogue.Generator;

/// <summary>
/// A family of disciplines: the curated rules that dress a mention's formations — the licence mentions it recommends,
/// the parcours themes its formations are named after, keywords, the teaching unit's name and the taught languages.
/// </summary>
public sealed record Family(string Code, IReadOnlyList<string> Licences, IReadOnlyList<string> Parcours, IReadOnlyList<string> Keywords,
    IReadOnlyList<string> Units);

public static class Families
{
    private static Family F(string code, string[] licences, string[] parcours, string[] keywords, string[] units) => new(code, licences, parcours, keywords, units);

    public static readonly IReadOnlyList<Family> All =
    [
        F("droit", [Droit, AdministrationPublique, Aes, SciencePolitique],
            ["Juriste d'entreprise", "Contentieux et arbitrage", "Droit et pratique des contrats", "Recherche", "Juriste international", "Droit et numérique",
             "Carrières judiciaires", "Conseil et expertise juridique", "Droit des collectivités", "Juriste-conseil", "Droit processuel", "Conformité et régulation"],
            ["droit", "juriste", "contentieux", "réglementation", "avocat"], ["Faculté de droit et science politique", "UFR Droit", "Faculté de droit, économie et gestion"]),
        F("eco", [Economie, EconomieGestion, Miashs, Aes, Mathematiques],
            ["Économétrie et statistique appliquée", "Analyse économique", "Économie du développement durable", "Économie de l'énergie", "Économie publique",
             "Évaluation des politiques publiques", "Économie numérique", "Chargé d'études économiques", "Recherche", "Économie industrielle", "Macroéconomie et finance"],
            ["économie", "économétrie", "politiques publiques", "études économiques"], ["Faculté des sciences économiques", "UFR Économie", "Faculté de droit, économie et gestion"]),
        F("gestion", [Gestion, EconomieGestion, Aes, Economie, Lea],
            ["Management de projets", "Audit et conseil", "Marketing digital", "Finance d'entreprise", "Management international", "Entrepreneuriat",
             "Supply chain", "Management des PME", "Contrôle de gestion", "Management responsable et RSE", "Banque et assurance", "Achats"],
            ["management", "gestion", "entreprise", "stratégie"], ["IAE", "École universitaire de management", "UFR Sciences de gestion"]),
        F("sciencepo", [SciencePolitique, Droit, Histoire, Sociologie, AdministrationPublique, Economie, EtudesEuropeennes],
            ["Action publique", "Relations internationales", "Sociologie politique", "Études européennes", "Politiques publiques territoriales",
             "Sécurité et défense", "Communication politique", "Recherche", "Coopération internationale"],
            ["science politique", "action publique", "international", "institutions"], ["Faculté de droit et science politique", "Institut d'études européennes"]),
        F("psycho", [Psychologie, SciencesEducation, SanitairesSociales],
            ["Psychologie clinique", "Psychopathologie", "Neuropsychologie", "Psychologie du développement", "Psychologie sociale", "Psychologie du travail",
             "Psychologie de la santé", "Psychologie cognitive", "Psychogérontologie", "Psychologie de l'enfant et de l'adolescent"],
            ["psychologie", "psychologue", "clinique", "santé mentale"], ["UFR Psychologie", "Institut de psychologie"]),
        F("socio", [Sociologie, SciencesSociales, Anthropologie, SciencePolitique, SanitairesSociales, Aes],
            ["Enquêtes et études quantitatives", "Sociologie du travail", "Sociologie urbaine", "Genre et sociétés", "Migrations", "Action sociale",
             "Recherche", "Santé et société", "Ingénierie de projets sociaux"],
            ["sociologie", "enquête", "société", "social"], ["UFR Sciences sociales", "UFR Sociologie et anthropologie"]),
        F("histoire", [Histoire, HistoireArt, Geographie, Humanites, SciencesSociales],
            ["Histoire médiévale", "Histoire moderne", "Histoire contemporaine", "Histoire ancienne", "Archives", "Patrimoine", "Histoire des relations internationales",
             "Recherche", "Médiation du patrimoine", "Archéologie préventive"],
            ["histoire", "patrimoine", "archives", "recherche"], ["UFR Histoire", "UFR Histoire, art et archéologie"]),
        F("geo", [Geographie, SciencesSociales, Histoire, Sociologie, SciencesTerre],
            ["Aménagement et urbanisme", "Géomatique", "Environnement et paysage", "Développement territorial", "Mobilités et transports", "Ville durable",
             "Géographie de la santé", "Risques et territoires", "Habitat et renouvellement urbain"],
            ["territoire", "aménagement", "urbanisme", "géographie"], ["UFR Géographie et aménagement", "Institut d'urbanisme"]),
        F("philo", [Philosophie, Humanites, Lettres, SciencePolitique, Theologie],
            ["Philosophie contemporaine", "Histoire de la philosophie", "Éthique appliquée", "Philosophie des sciences", "Philosophie politique", "Recherche"],
            ["philosophie", "éthique", "épistémologie"], ["UFR Philosophie", "UFR Humanités"]),
        F("education", [SciencesEducation, Psychologie, Sociologie, Lettres, Staps, SanitairesSociales],
            ["Ingénierie de la formation", "Éducation inclusive", "Conseiller principal d'éducation", "Formation de formateurs", "Numérique éducatif",
             "Accompagnement et conseil", "Recherche en éducation", "Encadrement des établissements"],
            ["éducation", "formation", "enseignement", "pédagogie"], ["INSPÉ", "UFR Sciences de l'éducation"]),
        F("meef1", [SciencesEducation, Lettres, Mathematiques, Histoire, Psychologie, Llcer, Staps, SciencesSociales],
            ["Professorat des écoles", "Professorat des écoles bilingue", "Professorat des écoles, enseignement en milieu rural", "Professorat des écoles, langue régionale"],
            ["professeur des écoles", "enseignement", "CRPE", "concours"], ["INSPÉ"]),
        F("meef2", [Lettres, Mathematiques, Histoire, Geographie, Llcer, PhysiqueChimie, Svt, Staps, Philosophie, Informatique, Economie, ArtsPlastiques, Musicologie],
            ["Mathématiques", "Lettres modernes", "Histoire-géographie", "Anglais", "Espagnol", "Allemand", "Physique-chimie", "Sciences de la vie et de la Terre",
             "Éducation physique et sportive", "Philosophie", "Sciences économiques et sociales", "Arts plastiques", "Éducation musicale", "Numérique et sciences informatiques",
             "Lettres classiques", "Documentation"],
            ["professeur", "CAPES", "enseignement secondaire", "concours"], ["INSPÉ"]),
        F("infocom", [InfoCom, Lettres, SciencesLangage, Sociologie, Lea],
            ["Communication des organisations", "Communication numérique", "Journalisme", "Médias et publics", "Édition numérique", "Stratégies de communication",
             "Documentation et veille", "Communication publique", "Communication scientifique"],
            ["communication", "médias", "numérique", "information"], ["UFR Information et communication", "Institut de la communication"]),
        F("lettres", [Lettres, Humanites, SciencesLangage, Llcer, ArtsDuSpectacle],
            ["Littérature française", "Littératures comparées", "Lettres modernes", "Lettres classiques", "Édition", "Écritures créatives", "Recherche",
             "Littérature et culture numérique"],
            ["littérature", "lettres", "écriture", "édition"], ["UFR Lettres", "UFR Lettres et langues"]),
        F("langues", [Llcer, Lea, SciencesLangage, Lettres],
            ["Études anglophones", "Études hispaniques et latino-américaines", "Études germaniques", "Études italiennes", "Études arabes", "Études chinoises",
             "Études japonaises", "Études russes", "Langues régionales", "Études lusophones"],
            ["langues", "civilisation", "traduction", "international"], ["UFR Langues et cultures étrangères", "UFR Lettres et langues"]),
        F("lea", [Lea, Llcer, EconomieGestion, Gestion],
            ["Commerce international", "Traduction spécialisée", "Affaires européennes", "Négociation internationale", "Management interculturel", "Localisation et traduction",
             "Tourisme international"],
            ["langues", "traduction", "international", "interculturel"], ["UFR Langues étrangères appliquées", "UFR Langues et cultures étrangères"]),
        F("langage", [SciencesLangage, Lettres, Llcer, Lea, SciencesEducation],
            ["Linguistique", "Didactique du français langue étrangère", "Traitement automatique des langues", "Sociolinguistique", "Orthophonie et linguistique",
             "Français langue seconde", "Recherche"],
            ["langage", "linguistique", "FLE", "didactique"], ["UFR Sciences du langage", "UFR Lettres et langues"]),
        F("arts", [Arts, ArtsPlastiques, ArtsDuSpectacle, Musicologie, HistoireArt],
            ["Création contemporaine", "Théâtre", "Danse", "Cinéma documentaire", "Scénographie", "Arts numériques", "Musique et musicologie", "Recherche en arts",
             "Production audiovisuelle", "Design d'espace"],
            ["création", "arts", "spectacle", "culture"], ["UFR Arts", "UFR Arts, lettres et communication"]),
        F("culture", [HistoireArt, Arts, Lettres, Histoire, Gestion, InfoCom],
            ["Médiation culturelle", "Gestion de projets culturels", "Politiques culturelles", "Patrimoine et musées", "Métiers du livre", "Festivals et spectacle vivant",
             "Industries culturelles"],
            ["culture", "médiation", "patrimoine", "projets culturels"], ["UFR Arts, lettres et communication", "Institut de management culturel"]),
        F("maths", [Mathematiques, Miashs, Informatique, Physique, Economie],
            ["Probabilités et statistique", "Analyse et équations aux dérivées partielles", "Algèbre et géométrie", "Mathématiques de la finance", "Science des données",
             "Modélisation et calcul scientifique", "Recherche", "Préparation à l'agrégation", "Statistique et biostatistique"],
            ["mathématiques", "statistique", "modélisation", "données"], ["UFR Mathématiques", "UFR Sciences et techniques"]),
        F("info", [Informatique, Mathematiques, Miashs, Eea, Physique],
            ["Génie logiciel", "Intelligence artificielle", "Sécurité des systèmes d'information", "Réseaux", "Science des données", "Systèmes embarqués",
             "Informatique graphique", "Recherche", "Cloud et systèmes distribués", "Interaction humain-machine", "Cybersécurité", "Apprentissage automatique"],
            ["informatique", "numérique", "programmation", "données"], ["UFR Informatique", "UFR Sciences et techniques", "Faculté des sciences"]),
        F("physique", [Physique, PhysiqueChimie, Mathematiques, Spi, Chimie],
            ["Physique fondamentale", "Physique de la matière condensée", "Physique des particules", "Optique et photonique", "Astrophysique", "Physique numérique",
             "Physique médicale", "Instrumentation", "Lasers et matière"],
            ["physique", "instrumentation", "recherche", "modélisation"], ["UFR Physique", "Faculté des sciences"]),
        F("chimie", [Chimie, PhysiqueChimie, SciencesVie, Physique],
            ["Chimie organique", "Chimie analytique", "Chimie des matériaux", "Chimie verte", "Chimie médicinale", "Formulation", "Électrochimie", "Chimie théorique"],
            ["chimie", "laboratoire", "analyse", "matériaux"], ["UFR Chimie", "Faculté des sciences"]),
        F("bio", [SciencesVie, Svt, Chimie, SciencesSante, FrontieresDuVivant],
            ["Biologie cellulaire", "Génétique et génomique", "Immunologie", "Microbiologie", "Biologie du développement", "Physiologie", "Biotechnologies",
             "Biologie végétale", "Cancérologie", "Recherche", "Bio-informatique"],
            ["biologie", "laboratoire", "vivant", "recherche"], ["UFR Sciences de la vie", "Faculté des sciences"]),
        F("terre", [SciencesTerre, Svt, Physique, Chimie, Geographie],
            ["Géologie", "Géophysique", "Hydrogéologie", "Géoressources", "Océanographie", "Climat", "Risques naturels", "Planétologie"],
            ["géologie", "Terre", "climat", "environnement"], ["UFR Sciences de la Terre", "Observatoire des sciences de l'univers"]),
        F("environnement", [Svt, SciencesVie, Geographie, SciencesTerre, Chimie],
            ["Écologie", "Gestion de la biodiversité", "Eau et environnement", "Transition écologique", "Qualité de l'environnement", "Agroécologie", "Conservation",
             "Ingénierie écologique"],
            ["environnement", "écologie", "biodiversité", "transition"], ["UFR Sciences et techniques", "Faculté des sciences"]),
        F("ingenierie", [Spi, Mecanique, GenieCivil, Eea, Physique, Informatique],
            ["Conception mécanique", "Matériaux", "Énergétique", "Systèmes embarqués", "Robotique", "Génie des procédés", "Structures", "Industrie du futur",
             "Production", "Fiabilité", "Énergies renouvelables", "Bâtiment durable"],
            ["ingénierie", "industrie", "conception", "énergie"], ["UFR Sciences et techniques", "Institut universitaire des sciences de l'ingénieur", "Faculté des sciences"]),
        F("sante", [SciencesSante, SciencesVie, SanitairesSociales, Chimie, Psychologie],
            ["Santé publique", "Épidémiologie", "Pharmacologie", "Ingénierie biomédicale", "Management des établissements de santé", "Recherche clinique", "Nutrition",
             "Sciences du médicament"],
            ["santé", "médicament", "clinique", "prévention"], ["UFR Santé", "Faculté de pharmacie", "UFR Médecine"]),
        F("sport", [Staps],
            ["Activité physique adaptée", "Préparation physique", "Management du sport", "Ingénierie de l'entraînement", "Sport et santé", "Éducation physique",
             "Ergonomie du mouvement"],
            ["sport", "activité physique", "santé", "entraînement"], ["UFR STAPS"]),
    ];

    private static readonly Dictionary<string, Family> byCode = All.ToDictionary(f => f.Code, StringComparer.Ordinal);

    public static Family Of(string code) => byCode[code];
}

/// <summary>Text helpers that do not depend on the culture.</summary>
public static class Text
{
    private const string Accented = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ";
    private const string Plain = "aaaaaaceeeeiiiinooooouuuuyy";

    /// <summary>Lowercase without accents. A table of its own: under invariant globalization, string.Normalize does not decompose.</summary>
    public static string Fold(string s)
    {
        var builder = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            var lower = char.ToLowerInvariant(c);
            var i = Accented.IndexOf(lower, StringComparison.Ordinal);
            if (i >= 0) builder.Append(Plain[i]);
            else if (lower == 'œ') builder.Append("oe");
            else if (lower == 'æ') builder.Append("ae");
            else builder.Append(lower);
        }
        return builder.ToString();
    }

    /// <summary>A URL slug: folded, letters and digits joined by hyphens.</summary>
    public static string Slug(string s)
    {
        var builder = new StringBuilder();
        foreach (var c in Fold(s))
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        return builder.ToString().Trim('-');
    }
}
