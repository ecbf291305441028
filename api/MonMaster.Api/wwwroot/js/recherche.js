// Rechercher un master (section 1 de la brochure, « s'informer ») : les filtres dans l'ordre de la brochure, les
// vignettes des formations, la pagination et la carte. Public : sans session. L'état de la recherche vit dans
// l'adresse (à partager, et le bouton « Précédent » revient à la recherche d'avant) ; chaque filtre montre combien
// de formations il donnerait (les compteurs de /api/catalogue/search). Un candidat connecté garde ses favoris.
import {
  MODALITES, alerte, annoncer, api, el, favoris, lienConnexion, nombre, sessionFacultative, tauxAcces,
} from './commun.js';

const s = sessionFacultative();
const candidat = s?.role === 'candidate' ? s : null;
const mesFavoris = candidat ? favoris(candidat) : null;

const TAILLE_PAGE = 20;
// taughtIn : les villes choisies sur la carte, leurs seules formations (sans rayon) ; commune : une ville et son rayon.
const LISTES = ['region', 'departement', 'commune', 'taughtIn', 'mention', 'modality', 'parcours', 'establishment'];
const RAYONS = ['10', '20', '30', '50', '100'];
const TRIS = ['relevance', 'mention', 'establishment', 'capacity', 'access-rate', 'distance'];

const alertes = document.getElementById('alertes');
const formulaire = document.getElementById('filtres');
const champTexte = document.getElementById('texte');
const champZone = document.getElementById('zone');
const propositions = document.getElementById('zone-propositions');
const choixRayon = document.getElementById('rayon');
const choixDiplome = document.getElementById('diplome');
const choixTri = document.getElementById('tri');
const bascule = document.getElementById('via-plateforme');

/** Les noms des régions et départements (référentiels) et des villes déjà vues, pour les étiquettes des zones. */
const noms = { region: new Map(), departement: new Map(), commune: new Map(JSON.parse(sessionStorage.getItem('monmaster.communes') ?? '[]')) };
const retenirCommune = (code, libelle) => {
  noms.commune.set(code, libelle);
  sessionStorage.setItem('monmaster.communes', JSON.stringify([...noms.commune].slice(-200)));
};

// ----- l'état, lu et écrit dans l'adresse -----

function lireEtat() {
  const p = new URLSearchParams(location.search);
  const etat = {
    text: (p.get('text') ?? '').trim(),
    radiusKm: RAYONS.includes(p.get('radiusKm')) ? p.get('radiusKm') : '10',
    lastDiploma: p.get('lastDiploma') ?? '',
    onlyViaPlatform: p.get('onlyViaPlatform') === 'true',
    sort: TRIS.includes(p.get('sort')) ? p.get('sort') : 'relevance',
    page: Math.max(1, Number.parseInt(p.get('page') ?? '1', 10) || 1),
    vue: p.get('vue') === 'carte' ? 'carte' : 'liste',
  };
  for (const cle of LISTES) etat[cle] = [...new Set(p.getAll(cle).filter(Boolean))];
  return etat;
}

/** Les paramètres de l'adresse (pour = 'page') ou de l'API (pour = 'api'). */
function parametres(etat, pour = 'page') {
  const p = new URLSearchParams();
  if (etat.text) p.set('text', etat.text);
  for (const cle of LISTES) for (const valeur of etat[cle]) p.append(cle, valeur);
  if (etat.commune.length && (pour === 'api' || etat.radiusKm !== '10')) p.set('radiusKm', etat.radiusKm);
  if (etat.lastDiploma) p.set('lastDiploma', etat.lastDiploma);
  if (etat.onlyViaPlatform) p.set('onlyViaPlatform', 'true');
  if (etat.sort !== 'relevance' || pour === 'api') p.set('sort', etat.sort);
  if (etat.page > 1 || pour === 'api') p.set('page', String(etat.page));
  if (pour === 'api') p.set('pageSize', String(TAILLE_PAGE));
  else if (etat.vue === 'carte') p.set('vue', 'carte');
  return p;
}

const adresse = etat => {
  const p = parametres(etat).toString();
  return `recherche.html${p ? `?${p}` : ''}`;
};

let etat = lireEtat();

/**
 * Change la recherche : l'adresse d'abord (une entrée d'historique, ou la même remplacée pendant la frappe), puis
 * les résultats. Tout changement de filtre revient à la première page.
 */
function naviguer(changement, { remplacer = false } = {}) {
  etat = { ...etat, page: 1, ...changement };
  if (!etat.commune.length && etat.sort === 'distance') etat.sort = 'relevance';
  const cible = adresse(etat);
  if (remplacer) history.replaceState(null, '', cible);
  else history.pushState(null, '', cible);
  remplirFormulaire();
  chercher();
}

window.addEventListener('popstate', () => {
  etat = lireEtat();
  remplirFormulaire();
  chercher();
});

// ----- le formulaire -----

function remplirFormulaire() {
  if (document.activeElement !== champTexte) champTexte.value = etat.text;
  choixRayon.value = etat.radiusKm;
  choixRayon.disabled = etat.commune.length === 0;
  choixDiplome.value = etat.lastDiploma;
  if (choixDiplome.value !== etat.lastDiploma) choixDiplome.value = '';
  choixTri.value = etat.sort;
  choixTri.querySelector('option[value=distance]').disabled = etat.commune.length === 0;
  bascule.checked = etat.onlyViaPlatform;
  document.getElementById(etat.vue === 'carte' ? 'vue-carte' : 'vue-liste').checked = true;
  document.getElementById('vue-resultats-liste').hidden = etat.vue === 'carte';
  document.getElementById('vue-resultats-carte').hidden = etat.vue !== 'carte';
  afficherZones();
  for (const facette of Object.values(facettes)) facette.cocher(etat[facette.cle]);
}

let frappe;
champTexte.addEventListener('input', () => {
  clearTimeout(frappe);
  frappe = setTimeout(() => {
    const texte = champTexte.value.trim();
    if (texte !== etat.text) naviguer({ text: texte }, { remplacer: true });
  }, 400);
});

formulaire.addEventListener('submit', evenement => {
  evenement.preventDefault();
  clearTimeout(frappe);
  naviguer({ text: champTexte.value.trim() });
});

choixRayon.addEventListener('change', () => naviguer({ radiusKm: choixRayon.value }));
choixDiplome.addEventListener('change', () => naviguer({ lastDiploma: choixDiplome.value }));
choixTri.addEventListener('change', () => naviguer({ sort: choixTri.value }));
bascule.addEventListener('change', () => naviguer({ onlyViaPlatform: bascule.checked }));
for (const radio of document.querySelectorAll('input[name=vue]')) {
  radio.addEventListener('change', () => {
    etat = { ...etat, vue: radio.value };
    history.pushState(null, '', adresse(etat));
    remplirFormulaire();
    if (etat.vue === 'carte') dessinerCarte();
  });
}
document.getElementById('effacer').addEventListener('click', () => {
  champTexte.value = '';
  naviguer({ text: '', radiusKm: '10', lastDiploma: '', onlyViaPlatform: false, sort: 'relevance', ...Object.fromEntries(LISTES.map(c => [c, []])) });
  annoncer('Filtres effacés.');
});

// ----- 2. la zone géographique : autocomplétion et étiquettes -----

const GENRES = { region: 'Région', departement: 'Département', commune: 'Ville', taughtIn: 'Ville' };
let zonesProposees = [];
let active = -1;
let demandeZone = 0;

function fermerPropositions() {
  propositions.hidden = true;
  propositions.replaceChildren();
  champZone.setAttribute('aria-expanded', 'false');
  champZone.removeAttribute('aria-activedescendant');
  zonesProposees = [];
  active = -1;
}

function activer(i) {
  active = i;
  for (const [j, option] of [...propositions.children].entries()) option.setAttribute('aria-selected', String(j === i));
  if (i >= 0) {
    champZone.setAttribute('aria-activedescendant', `zone-option-${i}`);
    propositions.children[i]?.scrollIntoView({ block: 'nearest' });
  } else champZone.removeAttribute('aria-activedescendant');
}

function choisirZone(zone) {
  if (zone.kind === 'commune') retenirCommune(zone.code, zone.label);
  fermerPropositions();
  champZone.value = '';
  if (!etat[zone.kind].includes(zone.code)) {
    naviguer({ [zone.kind]: [...etat[zone.kind], zone.code] });
    annoncer(`${GENRES[zone.kind]} ajoutée : ${zone.label}.`);
  }
}

let frappeZone;
champZone.addEventListener('input', () => {
  clearTimeout(frappeZone);
  const texte = champZone.value.trim();
  if (texte.length < 2) { fermerPropositions(); return; }
  frappeZone = setTimeout(async () => {
    const numero = ++demandeZone;
    let zones;
    try {
      zones = await api(`/api/catalogue/zones?q=${encodeURIComponent(texte)}`, { jeton: null });
    } catch {
      return;
    }
    if (numero !== demandeZone) return;
    zonesProposees = zones;
    propositions.replaceChildren(...(zones.length ? zones.map((z, i) => el('li', {
      id: `zone-option-${i}`, role: 'option', class: 'mm-proposition', 'aria-selected': 'false', 'data-genre': z.kind, 'data-code': z.code,
      onmousedown: e => { e.preventDefault(); choisirZone(z); },
    }, z.label, el('span', { class: 'mm-proposition__genre', text: ` ${GENRES[z.kind] ?? z.kind}` })))
      : [el('li', { class: 'mm-proposition mm-proposition--vide', role: 'option', 'aria-disabled': 'true', text: 'Aucune zone ne commence ainsi.' })]));
    propositions.hidden = false;
    champZone.setAttribute('aria-expanded', 'true');
    activer(-1);
    annoncer(zones.length ? `${zones.length} zone${zones.length > 1 ? 's' : ''} proposée${zones.length > 1 ? 's' : ''}.` : 'Aucune zone proposée.');
  }, 200);
});

champZone.addEventListener('keydown', evenement => {
  const n = zonesProposees.length;
  if (evenement.key === 'ArrowDown' && n) { evenement.preventDefault(); activer((active + 1) % n); }
  else if (evenement.key === 'ArrowUp' && n) { evenement.preventDefault(); activer(active <= 0 ? n - 1 : active - 1); }
  else if (evenement.key === 'Enter') {
    evenement.preventDefault(); // pas de soumission du formulaire
    if (n) choisirZone(zonesProposees[Math.max(active, 0)]);
  } else if (evenement.key === 'Escape' && !propositions.hidden) { evenement.preventDefault(); fermerPropositions(); }
});
champZone.addEventListener('blur', () => setTimeout(fermerPropositions, 150));

function libelleZone(genre, code) {
  if (genre === 'commune' || genre === 'taughtIn') return noms.commune.get(code) ?? `Commune ${code}`;
  if (genre === 'departement') return noms.departement.has(code) ? `${noms.departement.get(code)} (${code})` : `Département ${code}`;
  return noms.region.get(code) ?? `Région ${code}`;
}

function afficherZones() {
  const liste = document.getElementById('zones-choisies');
  const etiquettes = ['region', 'departement', 'commune', 'taughtIn'].flatMap(genre => etat[genre].map(code => {
    const libelle = libelleZone(genre, code);
    const rayon = genre === 'commune' ? ` (${etat.radiusKm} km)` : genre === 'taughtIn' ? ' (la ville seule)' : '';
    return el('li', {}, el('button', {
      type: 'button', class: 'fr-tag fr-tag--dismiss', 'data-zone': `${genre}:${code}`, 'aria-label': `Retirer ${GENRES[genre].toLowerCase()} ${libelle}`,
      onclick: () => {
        naviguer({ [genre]: etat[genre].filter(c => c !== code) });
        annoncer(`${libelle} retirée des zones.`);
        champZone.focus();
      },
    }, `${libelle}${rayon}`));
  }));
  liste.replaceChildren(...etiquettes);
  liste.hidden = etiquettes.length === 0;
}

// ----- les listes à cocher (régions, 4a mention, 4b modalité, 4c parcours, 4d établissement) -----

const VISIBLES = 30;

/** Une liste de cases à cocher, sa légende et, pour une longue liste, une petite boîte pour la filtrer. */
function facette({ cle, conteneur, numero, titre, aide, recherche, sousListe = false }) {
  const id = `facette-${cle}`;
  const legende = el('legend', { class: `fr-fieldset__legend${sousListe ? ' fr-fieldset__legend--regular fr-text--sm' : ''}`, id: `${id}-legende` },
    numero ? el('span', { class: 'mm-numero', 'aria-hidden': 'true', text: numero }) : null, numero ? ' ' : null, titre,
    aide ? el('span', { class: 'fr-hint-text', text: aide }) : null);
  const filtre = el('input', { class: 'fr-input', type: 'search', id: `${id}-filtre`, placeholder: recherche, autocomplete: 'off', 'aria-controls': `${id}-valeurs` });
  const boite = el('div', { class: 'fr-fieldset__element', hidden: true },
    el('div', { class: 'fr-input-group fr-mb-1w' }, el('label', { class: 'fr-label mm-sr-only', for: `${id}-filtre`, text: recherche }), filtre));
  const valeurs = el('div', { class: 'fr-fieldset__element mm-facette__valeurs', id: `${id}-valeurs` });
  const reste = el('p', { class: 'fr-hint-text fr-mb-0', 'aria-live': 'polite' });
  const bloc = el('fieldset', { class: 'fr-fieldset mm-filtre', id, 'aria-labelledby': `${id}-legende`, 'data-facette': cle }, legende, boite, valeurs,
    el('div', { class: 'fr-fieldset__element' }, reste));
  document.getElementById(conteneur).replaceChildren(bloc);

  let derniers = [];
  const f = {
    cle,
    afficher(liste) {
      derniers = liste;
      const coches = new Set(etat[cle]);
      // Une valeur cochée reste visible même quand plus rien ne correspond (on doit pouvoir la décocher).
      const connues = new Set(liste.map(v => v.value));
      const toutes = [...liste, ...[...coches].filter(v => !connues.has(v)).map(v => ({ value: v, label: cle === 'region' ? libelleZone('region', v) : MODALITES[v] ?? v, count: 0 }))];
      boite.hidden = toutes.length <= 8;
      const texte = filtre.value.trim().toLocaleLowerCase('fr').normalize('NFD').replace(/\p{Diacritic}/gu, '');
      const correspond = v => !texte || v.label.toLocaleLowerCase('fr').normalize('NFD').replace(/\p{Diacritic}/gu, '').includes(texte);
      const gardees = toutes.filter(v => coches.has(v.value) || correspond(v));
      const montrees = gardees.filter((v, i) => coches.has(v.value) || i < VISIBLES);
      const focus = document.activeElement?.closest?.(`#${id}-valeurs`) ? document.activeElement.dataset.valeur : null;
      valeurs.replaceChildren(...montrees.map((v, i) => {
        const champ = `${id}-${i}`;
        return el('div', { class: 'fr-checkbox-group fr-checkbox-group--sm' },
          el('input', {
            type: 'checkbox', id: champ, name: cle, value: v.value, 'data-valeur': v.value, checked: coches.has(v.value),
            onchange: () => naviguer({ [cle]: [...valeurs.querySelectorAll('input:checked')].map(c => c.value) }),
          }),
          el('label', { class: 'fr-label', for: champ }, v.label, el('span', { class: 'mm-compte', text: ` (${nombre(v.count)})` })));
      }));
      if (focus !== null) valeurs.querySelector(`input[data-valeur="${CSS.escape(focus)}"]`)?.focus();
      const caches = gardees.length - montrees.length;
      reste.textContent = montrees.length === 0 ? (texte ? 'Aucune valeur ne correspond.' : 'Aucune valeur pour cette recherche.')
        : caches > 0 ? `Et ${nombre(caches)} autre${caches > 1 ? 's' : ''} : précisez avec le champ ci-dessus.` : '';
    },
    cocher(coches) {
      for (const c of valeurs.querySelectorAll('input[type=checkbox]')) c.checked = coches.includes(c.value);
    },
  };
  filtre.addEventListener('input', () => f.afficher(derniers));
  return f;
}

const facettes = {
  region: facette({ cle: 'region', conteneur: 'facette-region', titre: 'Régions', recherche: 'Rechercher une région', sousListe: true }),
  mention: facette({ cle: 'mention', conteneur: 'facette-mention', numero: '4a', titre: 'Mention', aide: 'La ou les mentions des formations qui vous intéressent', recherche: 'Rechercher une mention' }),
  modality: facette({ cle: 'modality', conteneur: 'facette-modality', numero: '4b', titre: 'Modalité d’enseignement', aide: 'Formation initiale, continue ou en alternance', recherche: 'Rechercher par modalité' }),
  parcours: facette({ cle: 'parcours', conteneur: 'facette-parcours', numero: '4c', titre: 'Parcours', aide: 'Le ou les parcours qui vous intéressent', recherche: 'Rechercher un parcours' }),
  establishment: facette({ cle: 'establishment', conteneur: 'facette-establishment', numero: '4d', titre: 'Établissement', aide: 'Le ou les établissements qui vous intéressent', recherche: 'Rechercher par établissement' }),
};

// ----- la recherche -----

let dernierResultat = null;
let demande = 0;

async function chercher() {
  const numero = ++demande;
  document.getElementById('resultats').setAttribute('aria-busy', 'true');
  let resultat;
  try {
    resultat = await api(`/api/catalogue/search?${parametres(etat, 'api')}`, { jeton: null });
  } catch (probleme) {
    if (numero !== demande) return;
    document.getElementById('resultats').removeAttribute('aria-busy');
    document.getElementById('total').textContent = 'Aucun résultat';
    alerte(alertes, { type: 'error', titre: 'La recherche n’a pas abouti', texte: probleme.detail });
    return;
  }
  if (numero !== demande) return; // une recherche plus récente est partie
  alertes.replaceChildren();
  document.getElementById('resultats').removeAttribute('aria-busy');
  dernierResultat = resultat;
  afficher(resultat);
}

function afficher(r) {
  const total = document.getElementById('total');
  total.textContent = r.total === 0 ? 'Aucune formation' : `${nombre(r.total)} formation${r.total > 1 ? 's' : ''}`;
  total.dataset.total = String(r.total);
  facettes.region.afficher(r.facets.regions);
  facettes.mention.afficher(r.facets.mentions);
  facettes.modality.afficher(r.facets.modalities.map(m => ({ ...m, label: MODALITES[m.value] ?? m.label })));
  facettes.parcours.afficher(r.facets.parcours);
  facettes.establishment.afficher(r.facets.establishments);
  document.getElementById('via-plateforme-compte').textContent = `${nombre(r.facets.viaPlatform)} formation${r.facets.viaPlatform > 1 ? 's' : ''} ouverte${r.facets.viaPlatform > 1 ? 's' : ''} à la candidature via Mon Master`;
  for (const v of r.facets.regions) noms.region.set(v.value, noms.region.get(v.value) ?? v.label);
  afficherZones();

  const vignettes = document.getElementById('vignettes');
  vignettes.replaceChildren(...(r.hits.length ? r.hits.map(vignette) : [el('li', { class: 'fr-col-12' },
    el('p', { text: 'Aucune formation ne correspond à ces filtres : retirez-en un ou élargissez la zone géographique.' }))]));
  pagination(r);
  if (etat.vue === 'carte') dessinerCarte();
}

// ----- la vignette d'une formation -----

/** « ☆ Ajouter aux favoris » ou « ★ Retirer des favoris » (candidat connecté), sinon un lien vers la connexion. */
function boutonFavori(hit, { classe = 'fr-btn--tertiary', apres } = {}) {
  if (!mesFavoris) {
    return el('a', { class: `fr-btn ${classe}`, href: lienConnexion(), 'data-favori-connexion': hit.id, title: 'Connectez-vous comme candidat pour ajouter aux favoris' },
      '☆ Ajouter aux favoris', el('span', { class: 'mm-sr-only', text: ` : ${hit.mention}, ${hit.establishment} (connexion)` }));
  }
  const bouton = el('button', { type: 'button', class: `fr-btn ${classe}`, 'data-favori': hit.id });
  const peindre = () => {
    const favori = mesFavoris.ids.has(hit.id);
    bouton.setAttribute('aria-pressed', String(favori));
    bouton.replaceChildren(favori ? '★ Retirer des favoris' : '☆ Ajouter aux favoris', el('span', { class: 'mm-sr-only', text: ` : ${hit.mention}, ${hit.establishment}` }));
  };
  peindre();
  bouton.addEventListener('click', async () => {
    bouton.disabled = true;
    const favori = mesFavoris.ids.has(hit.id);
    try {
      if (favori) await mesFavoris.retirer(hit.id);
      else await mesFavoris.ajouter(hit.id);
      annoncer(favori ? `« ${hit.mention} » retirée de vos favoris.` : `« ${hit.mention} » ajoutée à vos favoris.`);
    } catch (probleme) {
      if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'Vos favoris n’ont pas changé', texte: probleme.detail });
    } finally {
      bouton.disabled = false;
      peindre();
      apres?.();
    }
  });
  return bouton;
}

function vignette(h) {
  const titre = `vignette-${h.id}-titre`;
  const lieu = `${h.placeLabel} - ${h.commune} (${h.departementCode})${h.distanceKm != null ? ` · à ${nombre(h.distanceKm)} km` : ''}`;
  return el('li', { class: 'fr-col-12 fr-col-lg-6' },
    el('article', { class: 'fr-card fr-card--sm mm-vignette', 'data-formation': h.id, 'aria-labelledby': titre },
      el('div', { class: 'fr-card__body' },
        el('div', { class: 'fr-card__content' },
          el('h3', { class: 'fr-card__title', id: titre }, h.mention),
          el('p', { class: 'fr-card__desc mm-vignette__parcours', text: h.parcours ?? 'Sans parcours' }),
          el('div', { class: 'fr-card__start' },
            el('p', { class: 'fr-card__detail mm-vignette__etablissement', text: h.establishment }),
            h.viaPlatform ? null : el('p', { class: 'fr-badge fr-badge--sm fr-badge--warning fr-mt-1w', text: 'Candidature auprès de l’établissement' }),
            el('ul', { class: 'fr-tags-group fr-mt-1w' }, h.modalities.map(m => el('li', {}, el('p', { class: 'fr-tag fr-tag--sm', text: MODALITES[m] ?? m }))))),
          el('div', { class: 'fr-card__end' },
            el('p', { class: 'mm-chiffres' },
              el('span', {}, 'CAPACITÉ D’ACCUEIL : ', el('strong', { 'data-capacite': '', text: nombre(h.capacity) })),
              el('span', { title: 'Le rang du dernier candidat appelé sur le nombre de candidatures de la campagne précédente' },
                'TAUX D’ACCÈS : ', el('strong', { 'data-taux': '', text: tauxAcces(h.accessRate) }))),
            el('p', { class: 'fr-card__detail fr-icon-map-pin-2-line', text: lieu }))),
        el('div', { class: 'fr-card__footer' },
          el('ul', { class: 'fr-btns-group fr-btns-group--inline-reverse fr-btns-group--inline-lg fr-btns-group--sm' },
            el('li', {}, el('a', { class: 'fr-btn fr-btn--sm', href: `formation.html?id=${encodeURIComponent(h.id)}`, 'data-en-savoir-plus': h.id },
              'En savoir plus', el('span', { class: 'mm-sr-only', text: ` : ${h.mention}, ${h.establishment}` }))),
            el('li', {}, boutonFavori(h, { classe: 'fr-btn--sm fr-btn--tertiary' })))))));
}

// ----- la pagination (DSFR) -----

function pagination(r) {
  const zone = document.getElementById('pagination');
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  if (pages <= 1) { zone.replaceChildren(); return; }
  const courante = Math.min(r.page, pages);
  const lien = (page, texte, classe = '', options = {}) => {
    const actif = page >= 1 && page <= pages && page !== courante;
    return el('li', {}, el('a', {
      class: `fr-pagination__link ${classe}`.trim(), href: actif ? adresse({ ...etat, page }) : undefined,
      role: actif ? undefined : 'link', 'aria-disabled': actif || page === courante ? undefined : 'true',
      'aria-current': page === courante && !classe ? 'page' : undefined, title: options.titre,
      onclick: actif ? e => { e.preventDefault(); allerPage(page); } : undefined,
    }, texte));
  };
  const numeros = new Set([1, pages, courante - 1, courante, courante + 1].filter(p => p >= 1 && p <= pages));
  const elements = [
    lien(1, 'Première page', 'fr-pagination__link--first'),
    lien(courante - 1, 'Page précédente', 'fr-pagination__link--prev fr-pagination__link--lg-label'),
  ];
  let avant = 0;
  for (const p of [...numeros].sort((a, b) => a - b)) {
    if (p - avant > 1) elements.push(el('li', {}, el('a', { class: 'fr-pagination__link fr-hidden fr-unhidden-lg', text: '…' })));
    elements.push(lien(p, String(p), '', { titre: `Page ${p}` }));
    avant = p;
  }
  elements.push(lien(courante + 1, 'Page suivante', 'fr-pagination__link--next fr-pagination__link--lg-label'));
  elements.push(lien(pages, 'Dernière page', 'fr-pagination__link--last'));
  zone.replaceChildren(el('nav', { role: 'navigation', class: 'fr-pagination fr-mt-4w', 'aria-label': 'Pagination des résultats' },
    el('ul', { class: 'fr-pagination__list' }, elements)));
}

function allerPage(page) {
  etat = { ...etat, page };
  history.pushState(null, '', adresse(etat));
  chercher().then(() => {
    const resultats = document.getElementById('resultats');
    resultats.focus({ preventScroll: true });
    resultats.scrollIntoView({ block: 'start' });
    annoncer(`Page ${page}.`);
  });
}

// ----- la carte : un SVG dessiné ici, la métropole et les outre-mer en médaillons -----

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attributs = {}, ...enfants) => {
  const e = document.createElementNS(SVG, tag);
  for (const [nom, valeur] of Object.entries(attributs)) if (valeur !== undefined && valeur !== null) e.setAttribute(nom, valeur);
  for (const enfant of enfants) if (enfant) e.append(enfant);
  return e;
};

const ECHELLE = 100; // unités du dessin par degré de latitude
const KX = Math.cos(46.5 * Math.PI / 180);
const GAUCHE = 250; // la colonne des médaillons
const METRO = { lon: [-5.5, 10], lat: [41, 51.5] };
const LARGEUR = GAUCHE + (METRO.lon[1] - METRO.lon[0]) * KX * ECHELLE;
const HAUTEUR = (METRO.lat[1] - METRO.lat[0]) * ECHELLE;

/** Les médaillons des outre-mer : leur cadre en degrés, placés l'un sous l'autre à gauche. */
const MEDAILLONS = [
  { nom: 'Guadeloupe', lon: [-61.9, -60.9], lat: [15.8, 16.55] },
  { nom: 'Martinique', lon: [-61.3, -60.75], lat: [14.35, 14.9] },
  { nom: 'Guyane', lon: [-54.7, -51.5], lat: [2.0, 5.9] },
  { nom: 'La Réunion', lon: [55.15, 55.9], lat: [-21.45, -20.8] },
  { nom: 'Mayotte', lon: [44.95, 45.35], lat: [-13.05, -12.6] },
  { nom: 'Nouvelle-Calédonie', lon: [163.5, 168.5], lat: [-22.8, -19.5] },
  { nom: 'Polynésie française', lon: [-152.0, -148.9], lat: [-18.0, -16.4] },
].map((m, i, tous) => {
  const h = (HAUTEUR - (tous.length - 1) * 8) / tous.length;
  const cadre = { x: 8, y: i * (h + 8), l: GAUCHE - 28, h };
  const kx = Math.cos((m.lat[0] + m.lat[1]) / 2 * Math.PI / 180);
  const largeur = (m.lon[1] - m.lon[0]) * kx, hauteur = m.lat[1] - m.lat[0];
  const echelle = Math.min((cadre.l - 16) / largeur, (cadre.h - 30) / hauteur);
  return { ...m, cadre, kx, echelle, dx: cadre.x + (cadre.l - largeur * echelle) / 2, dy: cadre.y + 22 + (cadre.h - 22 - hauteur * echelle) / 2 };
});

const dans = (v, [a, b]) => v >= a && v <= b;

/** Le point du dessin d'une latitude et d'une longitude, ou null hors des cadres. */
function projeter(lat, lon) {
  if (dans(lon, METRO.lon) && dans(lat, METRO.lat)) return { x: GAUCHE + (lon - METRO.lon[0]) * KX * ECHELLE, y: (METRO.lat[1] - lat) * ECHELLE };
  for (const m of MEDAILLONS) {
    if (dans(lon, m.lon) && dans(lat, m.lat)) return { x: m.dx + (lon - m.lon[0]) * m.kx * m.echelle, y: m.dy + (m.lat[1] - lat) * m.echelle };
  }
  return null;
}

/** La carte de tout le catalogue, lue une fois : le fond gris qui dessine la France. */
let fond = [];

function dessinerCarte() {
  const zone = document.getElementById('carte');
  if (!dernierResultat) return;
  const points = dernierResultat.map;
  const dessin = svg('svg', {
    viewBox: `0 0 ${Math.ceil(LARGEUR)} ${HAUTEUR}`, class: 'mm-carte__svg', role: 'group', 'aria-labelledby': 'carte-titre', 'aria-describedby': 'carte-aide',
  });
  const formations = points.reduce((n, p) => n + p.count, 0);
  dessin.append(svg('title', { id: 'carte-titre' }, document.createTextNode(`Carte des formations : ${nombre(formations)} formation${formations > 1 ? 's' : ''} dans ${nombre(points.length)} ville${points.length > 1 ? 's' : ''}`)));

  // Les cadres : la métropole (Corse comprise) et les médaillons des outre-mer.
  const cadres = svg('g', { class: 'mm-carte__cadres', 'aria-hidden': 'true' });
  cadres.append(svg('rect', { x: GAUCHE - 10, y: 0, width: LARGEUR - GAUCHE + 10, height: HAUTEUR, rx: 6 }));
  for (const m of MEDAILLONS) {
    cadres.append(svg('rect', { x: m.cadre.x, y: m.cadre.y, width: m.cadre.l, height: m.cadre.h, rx: 6 }));
    cadres.append(svg('text', { x: m.cadre.x + 8, y: m.cadre.y + 17, class: 'mm-carte__nom' }, document.createTextNode(m.nom)));
  }
  dessin.append(cadres);

  // Le fond : toutes les formations, en gris.
  const maxFond = Math.max(1, ...fond.map(p => p.count));
  const kFond = Math.min(8, 18 / Math.sqrt(maxFond));
  const gFond = svg('g', { class: 'mm-carte__fond', 'aria-hidden': 'true' });
  for (const p of fond) {
    const xy = projeter(p.latitude, p.longitude);
    if (xy) gFond.append(svg('circle', { cx: xy.x.toFixed(1), cy: xy.y.toFixed(1), r: Math.max(3, kFond * Math.sqrt(p.count)).toFixed(1) }));
  }
  dessin.append(gFond);

  // Les résultats : surface proportionnelle au nombre de formations ; les petits cercles par-dessus les grands.
  const maxPoints = Math.max(1, ...points.map(p => p.count));
  const k = Math.min(12, 40 / Math.sqrt(maxPoints));
  const gPoints = svg('g', { class: 'mm-carte__points' });
  let horsCadre = 0;
  for (const p of [...points].sort((a, b) => b.count - a.count || a.commune.localeCompare(b.commune, 'fr'))) {
    const xy = projeter(p.latitude, p.longitude);
    if (!xy) { horsCadre++; continue; }
    const texte = `${p.commune} : ${nombre(p.count)} formation${p.count > 1 ? 's' : ''}`;
    // Le marqueur compte les formations de la ville même : le choisir garde celles-là, sans rayon autour.
    const ville = { taughtIn: [p.communeCode], commune: [], region: [], departement: [] };
    const lien = svg('a', {
      href: adresse({ ...etat, ...ville, page: 1, vue: 'liste' }),
      class: 'mm-marqueur', 'data-commune': p.communeCode, 'data-nombre': String(p.count), 'aria-label': `${texte}. Ne garder que cette ville.`,
    }, svg('title', {}, document.createTextNode(texte)),
    svg('circle', { cx: xy.x.toFixed(1), cy: xy.y.toFixed(1), r: Math.max(5, k * Math.sqrt(p.count)).toFixed(1) }));
    lien.addEventListener('click', evenement => {
      evenement.preventDefault();
      retenirCommune(p.communeCode, p.commune);
      naviguer({ ...ville, vue: 'liste' });
      annoncer(`Recherche limitée aux formations de ${p.commune}.`);
      document.getElementById('resultats').focus();
    });
    gPoints.append(lien);
  }
  dessin.append(gPoints);
  const note = horsCadre ? el('p', { class: 'fr-hint-text fr-mt-1w', text: `${nombre(horsCadre)} ville${horsCadre > 1 ? 's' : ''} hors des cadres de la carte.` }) : null;
  zone.replaceChildren(dessin, ...(note ? [note] : []));
}

// ----- démarrage -----

async function referentiels() {
  try {
    const r = await api('/api/catalogue/referentials', { jeton: null });
    for (const region of r.regions) noms.region.set(region.code, region.name);
    for (const d of r.departements) noms.departement.set(d.code, d.name);
    choixDiplome.append(...r.licences.map(l => el('option', { value: l, text: l })));
    choixDiplome.value = etat.lastDiploma;
    afficherZones();
  } catch (probleme) {
    alerte(alertes, { type: 'warning', titre: 'Les listes de la recherche n’ont pas pu être chargées', texte: probleme.detail, remplacer: false });
  }
}

async function chargerFond() {
  try {
    const tout = await api('/api/catalogue/search?pageSize=1', { jeton: null });
    fond = tout.map;
    for (const p of fond) if (!noms.commune.has(p.communeCode)) noms.commune.set(p.communeCode, `${p.commune}`);
    afficherZones();
    if (etat.vue === 'carte') dessinerCarte();
  } catch { /* la carte reste sans fond */ }
}

async function demarrer() {
  remplirFormulaire();
  const attentes = [referentiels(), chargerFond()];
  if (mesFavoris) attentes.push(mesFavoris.charger().catch(() => null));
  // Les favoris avant les vignettes : leurs boutons disent d'emblée « Retirer ».
  if (mesFavoris) await attentes[2];
  await Promise.all([chercher(), ...attentes]);
}

demarrer();
