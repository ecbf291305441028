namespace MonMaster.Catalogue.Generator;

/// <summary>
/// An establishment delivering the national master diploma: its name (also the platform's establishment identity), its
/// mail/web domain, a relative size, how its formations spread over the four sectors (same order as
/// <see cref="Domains.All"/>), its main commune and other campus communes of the same académie (INSEE codes).
/// </summary>
public sealed record Establishment(string Name, string Domain, double Size, IReadOnlyList<double> DomainWeights, string MainCommune, IReadOnlyList<string> Campuses);

/// <summary>
/// The universities and the other establishments delivering the DNM (curated; names as commonly written in 2024–2025).
/// "Université de Lyon" is kept as an establishment because the platform's demo and tests use that name.
/// </summary>
public static class Establishments
{
    public static readonly IReadOnlyList<Establishment> All =
    [
        new("Université de Lyon", "universite-lyon.fr", 1.2, [1,1.2,1,1.3], "69123", ["69266", "69029", "42218"]), // Lyon + Villeurbanne, Bron, Saint-Étienne
        new("Université Claude Bernard Lyon 1", "univ-lyon1.fr", 2.0, [0,0.3,0.2,3], "69266", ["69123", "01053"]), // Villeurbanne + Lyon, Bourg-en-Bresse
        new("Université Lumière Lyon 2", "univ-lyon2.fr", 1.6, [1,1,1.6,0.2], "69123", ["69029"]), // Lyon + Bron
        new("Université Jean Moulin Lyon 3", "univ-lyon3.fr", 1.5, [0.7,2,0.8,0], "69123", ["01053"]), // Lyon + Bourg-en-Bresse
        new("Université Jean Monnet Saint-Étienne", "univ-st-etienne.fr", 0.9, [1,1,1,1], "42218", ["42187"]), // Saint-Étienne + Roanne
        new("Aix-Marseille Université", "univ-amu.fr", 3.0, [1,1.2,1,1.4], "13055", ["13001", "05061", "04070", "13004", "13028"]), // Marseille + Aix-en-Provence, Gap, Digne-les-Bains, Arles, La Ciotat
        new("Avignon Université", "univ-avignon.fr", 0.6, [1,0.8,0.8,1], "84007", []), // Avignon
        new("Université de Bordeaux", "u-bordeaux.fr", 2.5, [0.1,1.3,0.8,1.5], "33063", ["33522", "33318", "33192", "24322", "47001"]), // Bordeaux + Talence, Pessac, Gradignan, Périgueux, Agen
        new("Université Bordeaux Montaigne", "u-bordeaux-montaigne.fr", 1.2, [1.6,0.2,1.2,0], "33318", ["33063"]), // Pessac + Bordeaux
        new("Université de Pau et des Pays de l'Adour", "univ-pau.fr", 0.9, [0.8,1,0.8,1], "64445", ["64102", "64024", "40192"]), // Pau + Bayonne, Anglet, Mont-de-Marsan
        new("Sorbonne Université", "sorbonne-universite.fr", 2.6, [1.2,0.1,1,1.5], "75056", []), // Paris
        new("Université Paris 1 Panthéon-Sorbonne", "pantheonsorbonne.fr", 2.0, [0.5,1.6,1.2,0.2], "75056", []), // Paris
        new("Université Paris Cité", "u-paris.fr", 2.6, [0.8,0.6,1.2,1.6], "75056", []), // Paris
        new("Université Paris-Panthéon-Assas", "assas-universite.fr", 1.3, [0,2.5,0.2,0], "75056", []), // Paris
        new("Université Sorbonne Nouvelle", "sorbonne-nouvelle.fr", 1.0, [2,0.2,0.8,0], "75056", []), // Paris
        new("Université PSL", "psl.eu", 1.2, [0.6,0.4,0.8,1.2], "75056", []), // Paris
        new("Université Paris Dauphine - PSL", "dauphine.psl.eu", 1.0, [0,2.5,0.3,0.3], "75056", []), // Paris
        new("Université Paris-Saclay", "universite-paris-saclay.fr", 3.0, [0.2,0.8,0.4,2.5], "91471", ["91272", "92071", "92019", "91477"]), // Orsay + Gif-sur-Yvette, Sceaux, Châtenay-Malabry, Palaiseau
        new("Université Paris Nanterre", "parisnanterre.fr", 2.0, [1,1.2,1.2,0.2], "92050", ["92077"]), // Nanterre + Ville-d'Avray
        new("Université de Versailles Saint-Quentin-en-Yvelines", "uvsq.fr", 1.1, [0.4,1,0.8,1], "78646", ["78297", "78423", "78361"]), // Versailles + Guyancourt, Montigny-le-Bretonneux, Mantes-la-Jolie
        new("Université d'Évry Paris-Saclay", "univ-evry.fr", 0.7, [0.3,1,0.6,1], "91228", []), // Évry-Courcouronnes
        new("CY Cergy Paris Université", "cyu.fr", 1.2, [0.8,1.2,0.8,1], "95127", ["78551", "92036"]), // Cergy + Saint-Germain-en-Laye, Gennevilliers
        new("Université Paris-Est Créteil", "u-pec.fr", 1.6, [0.4,1.2,1.2,1], "94028", ["94081", "77186", "77251"]), // Créteil + Vitry-sur-Seine, Fontainebleau, Lieusaint
        new("Université Gustave Eiffel", "univ-gustave-eiffel.fr", 1.2, [0.4,1,1,1.2], "77083", ["93051", "77284"]), // Champs-sur-Marne + Noisy-le-Grand, Meaux
        new("Université Sorbonne Paris Nord", "univ-paris13.fr", 1.1, [0.5,1,0.8,1], "93079", ["93008", "93066"]), // Villetaneuse + Bobigny, Saint-Denis
        new("Université Paris 8 Vincennes-Saint-Denis", "univ-paris8.fr", 1.2, [1.4,0.5,1.6,0.3], "93066", ["93048"]), // Saint-Denis + Montreuil
        new("Université de Strasbourg", "unistra.fr", 2.5, [1,1.1,1,1.4], "67482", ["67218", "67447"]), // Strasbourg + Illkirch-Graffenstaden, Schiltigheim
        new("Université de Haute-Alsace", "uha.fr", 0.6, [0.5,1,0.6,1], "68224", ["68066"]), // Mulhouse + Colmar
        new("Université de Lorraine", "univ-lorraine.fr", 2.6, [0.8,1,0.9,1.5], "54395", ["57463", "54547", "88160", "57672"]), // Nancy + Metz, Vandœuvre-lès-Nancy, Épinal, Thionville
        new("Université de Reims Champagne-Ardenne", "univ-reims.fr", 1.1, [0.7,1,0.8,1.1], "51454", ["10387", "08105", "51108"]), // Reims + Troyes, Charleville-Mézières, Châlons-en-Champagne
        new("Université de technologie de Troyes", "utt.fr", 0.4, [0,0.2,0,3], "10387", []), // Troyes
        new("Université de Lille", "univ-lille.fr", 3.0, [1,1.1,1,1.4], "59350", ["59009", "59512", "59599"]), // Lille + Villeneuve-d'Ascq, Roubaix, Tourcoing
        new("Université Polytechnique Hauts-de-France", "uphf.fr", 0.7, [0.5,1,0.5,1.3], "59606", ["59392", "59122"]), // Valenciennes + Maubeuge, Cambrai
        new("Université d'Artois", "univ-artois.fr", 0.8, [1,1,0.8,0.8], "62041", ["62498", "62119", "59178"]), // Arras + Lens, Béthune, Douai
        new("Université du Littoral Côte d'Opale", "univ-littoral.fr", 0.7, [0.6,1,0.6,1], "59183", ["62193", "62160"]), // Dunkerque + Calais, Boulogne-sur-Mer
        new("Université de Picardie Jules Verne", "u-picardie.fr", 1.1, [0.8,1,1,1], "80021", ["60057", "02691"]), // Amiens + Beauvais, Saint-Quentin
        new("Université de technologie de Compiègne", "utc.fr", 0.5, [0,0.2,0.1,3], "60159", []), // Compiègne
        new("Université de Rouen Normandie", "univ-rouen.fr", 1.3, [0.9,1,1,1.1], "76451", ["76540", "27229"]), // Mont-Saint-Aignan + Rouen, Évreux
        new("Université Le Havre Normandie", "univ-lehavre.fr", 0.6, [0.6,1,0.6,1], "76351", []), // Le Havre
        new("Université de Caen Normandie", "unicaen.fr", 1.3, [0.9,1,1,1.1], "14118", ["50129", "61001", "50502"]), // Caen + Cherbourg-en-Cotentin, Alençon, Saint-Lô
        new("Université de Rennes", "univ-rennes.fr", 2.0, [0.1,1.3,0.6,1.6], "35238", ["35288", "22278", "22113"]), // Rennes + Saint-Malo, Saint-Brieuc, Lannion
        new("Université Rennes 2", "univ-rennes2.fr", 1.2, [1.6,0.2,1.4,0.2], "35238", []), // Rennes
        new("Université de Bretagne Occidentale", "univ-brest.fr", 1.1, [0.8,1,0.9,1.2], "29019", ["29232", "29151"]), // Brest + Quimper, Morlaix
        new("Université Bretagne Sud", "univ-ubs.fr", 0.7, [0.5,1,0.6,1], "56121", ["56260", "56178"]), // Lorient + Vannes, Pontivy
        new("Nantes Université", "univ-nantes.fr", 2.1, [1,1,1,1.4], "44109", ["44184", "85191"]), // Nantes + Saint-Nazaire, La Roche-sur-Yon
        new("Université d'Angers", "univ-angers.fr", 1.1, [0.9,1,1,1], "49007", ["49099", "49328"]), // Angers + Cholet, Saumur
        new("Le Mans Université", "univ-lemans.fr", 0.8, [0.8,1,0.6,1], "72181", ["53130"]), // Le Mans + Laval
        new("La Rochelle Université", "univ-larochelle.fr", 0.7, [0.6,1,0.6,1.1], "17300", []), // La Rochelle
        new("Université de Poitiers", "univ-poitiers.fr", 1.5, [0.9,1,1,1.1], "86194", ["16015", "79191", "86066"]), // Poitiers + Angoulême, Niort, Châtellerault
        new("Université de Limoges", "unilim.fr", 1.0, [0.7,1,0.8,1.1], "87085", ["19031", "23096"]), // Limoges + Brive-la-Gaillarde, Guéret
        new("Université de Tours", "univ-tours.fr", 1.3, [1,1,1,1.1], "37261", ["41018"]), // Tours + Blois
        new("Université d'Orléans", "univ-orleans.fr", 1.0, [0.8,1,0.8,1.1], "45234", ["18033", "28085", "36044"]), // Orléans + Bourges, Chartres, Châteauroux
        new("Université Clermont Auvergne", "uca.fr", 1.9, [0.9,1,1,1.3], "63113", ["15014", "43157", "03190", "03310"]), // Clermont-Ferrand + Aurillac, Le Puy-en-Velay, Moulins, Vichy
        new("Université Grenoble Alpes", "univ-grenoble-alpes.fr", 2.6, [1,1,1,1.5], "38185", ["38421", "26362"]), // Grenoble + Saint-Martin-d'Hères, Valence
        new("Université Savoie Mont Blanc", "univ-smb.fr", 0.9, [0.6,1,0.7,1.2], "73065", ["74010", "73051"]), // Chambéry + Annecy, Le Bourget-du-Lac
        new("Université de Bourgogne", "u-bourgogne.fr", 1.3, [0.8,1,0.9,1.1], "21231", ["71153", "71076", "89024", "58194", "71270"]), // Dijon + Le Creusot, Chalon-sur-Saône, Auxerre, Nevers, Mâcon
        new("Université de Franche-Comté", "univ-fcomte.fr", 1.2, [0.8,1,0.9,1.1], "25056", ["90010", "25388", "70550", "39300"]), // Besançon + Belfort, Montbéliard, Vesoul, Lons-le-Saunier
        new("Université de technologie de Belfort-Montbéliard", "utbm.fr", 0.4, [0,0.2,0,3], "90010", ["25388"]), // Belfort + Montbéliard
        new("Université de Montpellier", "umontpellier.fr", 2.2, [0,1.3,0.4,1.8], "34172", ["34032", "34301", "30189"]), // Montpellier + Béziers, Sète, Nîmes
        new("Université Paul-Valéry Montpellier 3", "univ-montp3.fr", 1.2, [1.6,0.3,1.4,0.1], "34172", ["34032"]), // Montpellier + Béziers
        new("Université de Nîmes", "unimes.fr", 0.4, [0.8,0.6,0.8,0.8], "30189", []), // Nîmes
        new("Université de Perpignan Via Domitia", "univ-perp.fr", 0.7, [0.8,1,0.8,1], "66136", ["11262", "11069"]), // Perpignan + Narbonne, Carcassonne
        new("Université Toulouse Capitole", "ut-capitole.fr", 1.5, [0,2.5,0.3,0.4], "31555", ["82121", "12202"]), // Toulouse + Montauban, Rodez
        new("Université Toulouse - Jean Jaurès", "univ-tlse2.fr", 1.5, [1.5,0.3,1.5,0.2], "31555", ["81004", "46102", "09122"]), // Toulouse + Albi, Figeac, Foix
        new("Université de Toulouse", "univ-toulouse.fr", 2.0, [0,0.3,0.3,3], "31555", ["65440", "32013", "81065", "46042"]), // Toulouse + Tarbes, Auch, Castres, Cahors
        new("Institut national polytechnique de Toulouse", "inp-toulouse.fr", 0.5, [0,0.2,0,3], "31555", []), // Toulouse
        new("Institut national universitaire Champollion", "univ-jfc.fr", 0.3, [0.6,0.6,0.8,0.8], "81004", ["81065", "12202"]), // Albi + Castres, Rodez
        new("Université Côte d'Azur", "univ-cotedazur.fr", 2.0, [1,1,1,1.3], "06088", ["06152", "06029", "06083"]), // Nice + Valbonne, Cannes, Menton
        new("Université de Toulon", "univ-tln.fr", 0.8, [0.5,1,0.7,1.1], "83137", ["83062", "83050"]), // Toulon + La Garde, Draguignan
        new("Université de Corse Pasquale Paoli", "universita.corsica", 0.4, [0.8,1,0.8,1], "2B096", ["2A004"]), // Corte + Ajaccio
        new("Université des Antilles", "univ-antilles.fr", 0.6, [0.8,1,0.8,1], "97120", ["97101", "97124"]), // Pointe-à-Pitre + Les Abymes, Saint-Claude
        new("Université de la Guyane", "univ-guyane.fr", 0.3, [0.6,1,0.8,1], "97302", ["97304"]), // Cayenne + Kourou
        new("Université de La Réunion", "univ-reunion.fr", 0.8, [0.8,1,0.8,1], "97411", ["97422", "97416"]), // Saint-Denis + Le Tampon, Saint-Pierre
        new("Université de Mayotte", "univ-mayotte.fr", 0.15, [0.6,1,1,0.6], "97607", ["97611"]), // Dembeni + Mamoudzou
        new("École normale supérieure de Lyon", "ens-lyon.fr", 0.6, [1,0.2,1,1.2], "69123", []), // Lyon
        new("École normale supérieure Paris-Saclay", "ens-paris-saclay.fr", 0.4, [0.2,0.4,0.4,2], "91272", []), // Gif-sur-Yvette
        new("Conservatoire national des arts et métiers", "cnam.fr", 0.8, [0,1.5,0.4,1.2], "75056", []), // Paris
        new("Institut national des langues et civilisations orientales", "inalco.fr", 0.4, [3,0.1,0.6,0], "75056", []), // Paris
        new("École des hautes études en sciences sociales", "ehess.fr", 0.5, [0.3,0.3,3,0], "75056", []), // Paris
        new("École pratique des hautes études", "ephe.psl.eu", 0.3, [0.8,0,2,0.6], "75056", []), // Paris
        new("Institut polytechnique de Paris", "ip-paris.fr", 0.8, [0,0.6,0.1,3], "91477", []), // Palaiseau
        new("AgroParisTech", "agroparistech.fr", 0.4, [0,0.3,0.2,3], "91477", []), // Palaiseau
        new("Institut Agro Montpellier", "institut-agro-montpellier.fr", 0.3, [0,0.3,0.2,3], "34172", []), // Montpellier
        new("Institut national des sciences appliquées de Lyon", "insa-lyon.fr", 0.4, [0,0.1,0,3], "69266", []), // Villeurbanne
        new("Institut national des sciences appliquées de Toulouse", "insa-toulouse.fr", 0.3, [0,0.1,0,3], "31555", []), // Toulouse
        new("Muséum national d'histoire naturelle", "mnhn.fr", 0.3, [0,0,0.6,3], "75056", []), // Paris
        new("Institut de physique du globe de Paris", "ipgp.fr", 0.2, [0,0,0,3], "75056", []), // Paris
        new("École nationale des chartes - PSL", "chartes.psl.eu", 0.15, [1,0,3,0], "75056", []), // Paris
    ];

    public static readonly IReadOnlyDictionary<string, Establishment> ByName = All.ToDictionary(e => e.Name, StringComparer.Ordinal);
}
