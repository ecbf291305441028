// La fiche détaillée d'une formation (section 1 de la brochure) : « Cette formation », « Pour candidater », « Dans la
// même mention », « Insertion professionnelle » (GET /api/catalogue/formations/{id}), le badge en direct des places et
// de la liste d'attente (/hubs/sheet, public), « Candidater » pour un candidat connecté et ses favoris. Publique.
import {
  MODALITES, MODALITES_CANDIDATURE, PHASES, PIECES, alerte, annoncer, api, campagne, direct, el, favoris, lienConnexion,
  nombre, sessionFacultative, surligner, tauxAcces,
} from './commun.js';

const s = sessionFacultative();
const candidat = s?.role === 'candidate' ? s : null;
const mesFavoris = candidat ? favoris(candidat) : null;
const id = new URLSearchParams(location.search).get('id') ?? '';

const alertes = document.getElementById('alertes');
const resultat = document.getElementById('candidature-resultat');

// Revenir à la recherche telle qu'on l'a laissée.
if (document.referrer) {
  try {
    const venue = new URL(document.referrer);
    if (venue.origin === location.origin && venue.pathname.endsWith('/recherche.html')) {
      document.getElementById('lien-recherche').href = `recherche.html${venue.search}`;
    }
  } catch { /* adresse illisible : le lien reste vers la recherche vide */ }
}

// ----- petits morceaux -----

const bloc = (titre, ...contenu) => el('div', { class: 'fr-mb-4w' }, el('h3', { class: 'fr-h5 fr-mb-1w', text: titre }), ...contenu);
const texte = (t, classe = 'fr-mb-1w') => el('p', { class: classe, text: t });
const tags = (valeurs, attribut) => el('ul', { class: 'fr-tags-group' }, valeurs.map(v => el('li', {}, el('p', { class: 'fr-tag fr-tag--sm', [attribut]: '', text: v }))));
const puces = (valeurs, attribut) => el('ul', { [attribut]: '' }, valeurs.map(v => el('li', { text: v })));
const pourcentFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** Une liste longue : les premiers éléments, puis « Voir plus » (et « Voir moins »). */
function voirPlus(valeurs, fabriquer, premiers, nom) {
  if (valeurs.length <= premiers) return fabriquer(valeurs);
  // Dans des div : l'attribut hidden ne cède pas au display d'une classe du DSFR (fr-tags-group).
  const court = el('div', {}, fabriquer(valeurs.slice(0, premiers)));
  const long = el('div', {}, fabriquer(valeurs));
  long.hidden = true;
  const idLong = `${nom}-complet`;
  long.id = idLong;
  const bouton = el('button', { type: 'button', class: 'fr-btn fr-btn--tertiary-no-outline fr-btn--sm', 'aria-expanded': 'false', 'aria-controls': idLong, text: 'Voir plus' });
  bouton.addEventListener('click', () => {
    const ouvert = bouton.getAttribute('aria-expanded') === 'true';
    bouton.setAttribute('aria-expanded', String(!ouvert));
    bouton.textContent = ouvert ? 'Voir plus' : 'Voir moins';
    long.hidden = ouvert;
    court.hidden = !ouvert;
  });
  return el('div', {}, court, long, bouton);
}

// ----- « Cette formation » -----

function cetteFormation(f, fiche) {
  const p = f.previous;
  const chiffres = p ? el('ul', { class: 'mm-compteurs fr-mb-2w', id: 'chiffres-cles' },
    el('li', { class: 'mm-compteur' }, el('span', { class: 'mm-compteur__valeur', 'data-taux': '', text: tauxAcces(p.accessRate) }), el('span', { class: 'mm-compteur__libelle', text: 'Taux d’accès' })),
    el('li', { class: 'mm-compteur' }, el('span', { class: 'mm-compteur__valeur', text: p.lastCalledRank == null ? '—' : nombre(p.lastCalledRank) }), el('span', { class: 'mm-compteur__libelle', text: `Rang du dernier appelé de la campagne ${p.year}` })),
    el('li', { class: 'mm-compteur' }, el('span', { class: 'mm-compteur__valeur', text: nombre(p.confirmedApplications) }), el('span', { class: 'mm-compteur__libelle', text: `Nombre de candidatures confirmées de la campagne ${p.year}` })))
    : texte('Pas de chiffres de la campagne précédente : la formation n’a pas recruté via Mon Master l’an dernier.');
  const lieu = f.place;
  return [
    texte(`Référence : ${f.id}`, 'fr-text--sm fr-mb-3w'),
    bloc('Parcours', texte(f.parcours ?? 'Cette formation n’a pas de parcours en première année.')),
    bloc('Modalités d’enseignement', tags(f.modalities.map(m => MODALITES[m] ?? m), 'data-modalite')),
    bloc('Diplômes conseillés', f.recommendedLicences.length
      ? voirPlus(f.recommendedLicences.map(l => `Licence – ${l}`), v => tags(v, 'data-diplome'), 6, 'diplomes')
      : texte('La formation n’indique pas de diplôme conseillé.')),
    bloc('Chiffres clés', chiffres,
      fiche.accessRateSentence ? el('div', { class: 'fr-callout fr-callout--blue-ecume fr-mb-0' },
        el('p', { class: 'fr-callout__text fr-text--md', id: 'phrase-taux', text: fiche.accessRateSentence })) : null),
    bloc('Langues vivantes enseignées', f.languages.length ? tags(f.languages, 'data-langue') : texte('Non précisé.')),
    bloc('Où suivre la formation ?',
      el('address', { class: 'fr-mb-1w', id: 'adresse' }, lieu.label, el('br'), lieu.address, el('br'), `${lieu.postalCode} ${lieu.commune}`),
      texte(`${fiche.departementName} (${lieu.departementCode}) · région ${fiche.regionName} · académie de ${fiche.academieName}`, 'fr-text--sm')),
    bloc('Contacts', f.contacts.length
      ? el('ul', { id: 'contacts' }, f.contacts.map(c => el('li', {}, `${c.role} : `, el('a', { class: 'fr-link fr-icon-mail-line fr-link--icon-left', href: `mailto:${c.email}`, text: c.email }))))
      : texte('Adressez-vous à l’établissement.')),
  ];
}

// ----- « Pour candidater » -----

const REGLES = 'Le fichier téléversé doit avoir une taille maximale de 2 Mo. Les formats de fichiers supportés sont : JPEG, JPG, PNG, PDF. Assurez-vous que le nom du fichier n’est pas trop long, ne contient que des caractères latins et ne contient pas de caractère accentué.';

function pourCandidater(f) {
  const contenu = [];
  if (!f.viaPlatform) contenu.push(banniere(f));
  contenu.push(
    bloc('Attendus de la formation', f.expectations.length ? voirPlus(f.expectations, v => puces(v, 'data-attendus'), 3, 'attendus') : texte('La formation n’a pas publié d’attendus.')),
    bloc('Modalités de candidatures', tags(f.applicationModalities.map(m => MODALITES_CANDIDATURE[m] ?? m), 'data-modalite-candidature')),
    bloc('Critères d’examen des candidatures', f.criteria.length ? voirPlus(f.criteria, v => puces(v, 'data-criteres'), 3, 'criteres') : texte('La formation n’a pas publié ses critères d’examen.')));
  const pieces = el('div', { id: 'pieces' },
    el('div', { class: 'fr-notice fr-notice--info fr-mb-2w' }, el('div', { class: 'fr-container' }, el('div', { class: 'fr-notice__body' },
      el('p', { class: 'fr-notice__title', text: 'Pour informations' })))),
    texte('Vous pouvez retrouver ci-dessous un aperçu des informations et des documents qui vous seront demandés dans le cadre de la candidature à cette formation.'),
    texte('Vous pouvez préparer ces éléments pour être prêt pour la phase de candidature. Nous attirons notamment votre attention sur le format des documents demandés par les établissements : les fichiers téléversés doivent avoir une taille maximale de 2 Mo. Les formats de fichiers supportés sont : JPEG, JPG, PNG, PDF.'),
    texte('Des modifications dans la liste de ces informations et documents demandés peuvent encore être effectuées par les établissements, consultez régulièrement cette page afin de vous préparer au mieux pour la phase de candidature.'),
    texte('Les informations suivies de * seront obligatoires si vous candidatez à cette formation.', 'fr-mb-2w'),
    ...(f.pieces.length ? f.pieces.map(p => {
      const libelle = PIECES[p.kind] ?? p.kind;
      return el('div', { class: 'mm-piece', 'data-piece': p.kind, 'data-obligatoire': String(p.mandatory) },
        el('h4', { class: 'fr-h6 fr-mb-1w' }, libelle, p.mandatory ? el('span', { 'aria-hidden': 'true', text: ' *' }) : null,
          p.mandatory ? el('span', { class: 'mm-sr-only', text: ' (obligatoire)' }) : null),
        texte(`Téléversez le document ${libelle}.`, 'fr-text--sm fr-mb-1v'),
        texte(REGLES, 'fr-text--sm fr-mb-0'));
    }) : [texte('La formation ne demande pas d’autre pièce que celles du dossier commun (curriculum vitæ, relevés de notes, diplôme).')]));
  contenu.push(bloc('Pièces demandées', pieces));
  return contenu;
}

/** Le bandeau des formations qui ne recrutent pas via la plateforme. */
function banniere(f) {
  return el('div', { class: 'fr-alert fr-alert--warning fr-mb-3w', 'data-banniere': '' },
    el('h3', { class: 'fr-alert__title', text: 'Candidature auprès de l’établissement' }),
    el('p', {}, `Cette formation ne recrute pas via Mon Master : candidatez directement auprès de ${f.establishment}`,
      f.website ? [', sur ', el('a', { href: f.website, target: '_blank', rel: 'noopener', title: `Site de ${f.establishment} — nouvelle fenêtre`, text: 'son site' })] : null, '.'));
}

// ----- « Dans la même mention » -----

function memeMention(f, fiche) {
  const parParcours = new Map();
  for (const h of fiche.sameMention) {
    const cle = h.parcours ?? 'Sans parcours';
    if (!parParcours.has(cle)) parParcours.set(cle, []);
    parParcours.get(cle).push(h);
  }
  const autres = [...parParcours.keys()].filter(p => p !== f.parcours).sort((a, b) => a.localeCompare(b, 'fr'));
  const contenu = [texte(`Les autres formations de la mention « ${f.mention} », de votre établissement d’abord puis des plus proches aux plus lointaines.`)];
  if (!fiche.sameMention.length) contenu.push(texte('Aucune autre formation de cette mention n’est au catalogue.'));
  else {
    contenu.push(bloc('Les autres parcours de la mention', autres.length ? tags(autres, 'data-parcours') : texte('Aucun autre parcours.')));
    contenu.push(...[...parParcours].map(([parcours, hits]) => el('div', { class: 'fr-mb-3w' },
      el('h4', { class: 'fr-h6 fr-mb-1w', text: parcours }),
      el('ul', { class: 'mm-meme-mention' }, hits.map(h => el('li', { 'data-formation': h.id },
        el('a', { class: 'fr-link', href: `formation.html?id=${encodeURIComponent(h.id)}`, text: `${h.establishment} — ${h.commune} (${h.departementCode})` }),
        el('span', { class: 'fr-text--sm', text: ` · taux d’accès ${tauxAcces(h.accessRate)} · ${nombre(h.capacity)} places${h.distanceKm != null ? ` · à ${nombre(h.distanceKm)} km` : ''}${h.viaPlatform ? '' : ' · candidature auprès de l’établissement'}` })))))));
  }
  contenu.push(bloc('Parcours de M2', f.m2Parcours.length ? puces(f.m2Parcours, 'data-m2') : texte('La formation n’indique pas de parcours de deuxième année.')));
  return contenu;
}

// ----- « Insertion professionnelle » -----

const SOURCES = [[/insersup/i, 'Données InserSup'], [/sies|\bip\b|enqu/i, 'Données Enquête IP du SIES']];

function insertion(f) {
  if (!f.insertion.length) return [texte('Pas encore de données d’insertion professionnelle pour les diplômés de cette mention.')];
  return [
    texte('Différents indicateurs sur l’insertion professionnelle des diplômés de cette mention.'),
    ...f.insertion.map((i, n) => {
      const titre = SOURCES.find(([motif]) => motif.test(i.source))?.[1] ?? `Données ${i.source}`;
      const insersup = /insersup/i.test(i.source);
      const ligne = (categorie, valeur) => el('tr', {},
        el('th', { scope: 'row', text: categorie }),
        el('td', { class: 'mm-nombre', text: `${pourcentFr.format(valeur)} %` }),
        el('td', { text: insersup && i.graduates ? `Soit ${nombre(Math.round(i.graduates * valeur / 100))} étudiant(s)` : '' }));
      return el('div', { class: 'fr-table fr-table--bordered fr-mb-3w', 'data-insertion': i.source },
        el('div', { class: 'fr-table__wrapper' }, el('div', { class: 'fr-table__container' }, el('div', { class: 'fr-table__content' },
          el('table', { id: `insertion-${n}` },
            el('caption', {}, titre, el('span', { class: 'fr-hint-text', text: `Diplômés de la session ${i.session} | Données mesurées à ${i.monthsAfter} mois | Effectif : ${nombre(i.graduates)} étudiant(s)` })),
            el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Catégorie' }), el('th', { scope: 'col', class: 'mm-nombre', text: 'Pourcentage' }), el('th', { scope: 'col', text: 'Détails' }))),
            el('tbody', {},
              ligne('Étudiants sortants en emploi', i.employed),
              ligne('Étudiants en poursuite d’études', i.furtherStudies),
              ligne('Autres situations', i.other)))))));
    }),
  ];
}

// ----- le bloc de droite : candidater, favoris, site -----

function phaseDe(valeur) {
  const cle = Object.keys(PHASES).find(k => k.toLowerCase() === String(valeur).replace(/-/g, '').toLowerCase());
  return cle ?? null;
}

async function montrerPhase() {
  if (!s) return;
  try {
    const vue = await campagne({ sans401: true });
    const phase = phaseDe(vue.phase);
    const zone = document.getElementById('phase');
    zone.replaceChildren(el('p', { class: 'fr-mb-1w', 'data-phase': phase ?? vue.phase }, 'Phase en cours : ', el('strong', { text: PHASES[phase] ?? vue.phase })));
    if (phase && phase !== 'Application' && phase !== 'Complementary') {
      zone.append(el('p', { class: 'fr-hint-text fr-mb-1w', text: `Les candidatures se déposent du 25 février au 24 mars ${vue.year} ; du 17 au 23 juin, dans les formations qui ouvrent des places en phase complémentaire.` }));
    }
  } catch { /* l'horloge est une information de plus */ }
}

function zoneCandidater(f) {
  const zone = document.getElementById('candidater-zone');
  if (!f.viaPlatform) {
    zone.replaceChildren(el('p', { class: 'fr-badge fr-badge--warning fr-mb-1w', text: 'Candidature auprès de l’établissement' }),
      el('p', { class: 'fr-text--sm', text: 'Cette formation ne recrute pas via Mon Master.' }));
    return;
  }
  if (!candidat) {
    zone.replaceChildren(
      el('a', { class: 'fr-btn fr-icon-account-circle-line fr-btn--icon-left', href: lienConnexion(), id: 'candidater-connexion' }, 'Se connecter pour candidater'),
      el('p', { class: 'fr-hint-text fr-mt-1w', text: s ? 'Seul un candidat peut candidater : connectez-vous comme candidat.' : 'Vous reviendrez sur cette fiche une fois connecté.' }));
    return;
  }
  const bouton = el('button', { type: 'button', class: 'fr-btn fr-icon-send-plane-line fr-btn--icon-left', id: 'candidater' }, 'Candidater');
  bouton.addEventListener('click', () => candidater(f, bouton));
  zone.replaceChildren(bouton);
}

function dejaCandidat(bouton) {
  bouton.disabled = true;
  bouton.textContent = 'Candidature déposée';
}

async function candidater(f, bouton) {
  bouton.disabled = true;
  resultat.replaceChildren();
  const chemin = `/api/candidates/${encodeURIComponent(candidat.sujet)}`;
  try {
    await api(chemin, { methode: 'PUT', json: {} }); // crée le dossier s'il n'existe pas (sans effet sinon)
    await api(`${chemin}/applications`, { methode: 'POST', json: { formationId: f.id } });
    // Une pièce obligatoire manquante à la clôture rend la candidature incomplète : le dire tout de suite.
    const obligatoires = (f.pieces ?? []).filter(p => p.mandatory).map(p => PIECES[p.kind] ?? p.kind);
    const pieces = obligatoires.length
      ? `Déposez avant la clôture des candidatures : ${obligatoires.join(', ')} (« Mes pièces »), sinon elle sera incomplète. `
      : '';
    const ok = alerte(resultat, { type: 'success', titre: 'Candidature enregistrée', texte: `Vous candidatez à « ${f.mention} » à ${f.establishment}. ${pieces}` });
    ok.querySelector('p').append(el('a', { class: 'fr-link', href: 'candidat.html', id: 'lien-candidatures', text: 'Voir mes candidatures' }));
    dejaCandidat(bouton);
    annoncer(`Candidature enregistrée : ${f.mention}, ${f.establishment}.`);
  } catch (probleme) {
    bouton.disabled = false;
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Votre candidature n’a pas été enregistrée', texte: probleme.detail });
  }
}

function boutonFavori(f) {
  if (!mesFavoris) {
    return el('a', { class: 'fr-btn fr-btn--secondary', href: lienConnexion(), 'data-favori-connexion': f.id, title: 'Connectez-vous comme candidat pour ajouter aux favoris' }, '☆ Ajouter aux favoris');
  }
  const bouton = el('button', { type: 'button', class: 'fr-btn fr-btn--secondary', id: 'favori', 'data-favori': f.id });
  const peindre = () => {
    const favori = mesFavoris.ids.has(f.id);
    bouton.setAttribute('aria-pressed', String(favori));
    bouton.textContent = favori ? '★ Retirer des favoris' : '☆ Ajouter aux favoris';
  };
  peindre();
  bouton.addEventListener('click', async () => {
    const favori = mesFavoris.ids.has(f.id);
    bouton.disabled = true;
    try {
      if (favori) await mesFavoris.retirer(f.id);
      else await mesFavoris.ajouter(f.id);
      annoncer(favori ? 'Formation retirée de vos favoris.' : 'Formation ajoutée à vos favoris.');
    } catch (probleme) {
      if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Vos favoris n’ont pas changé', texte: probleme.detail });
    } finally {
      bouton.disabled = false;
      peindre();
    }
  });
  return bouton;
}

function cote(f) {
  document.getElementById('cote-etablissement').textContent = f.establishment;
  document.getElementById('capacite').textContent = `${nombre(f.capacity)} étudiant(s)`;
  zoneCandidater(f);
  const actions = document.getElementById('autres-actions');
  actions.replaceChildren(el('li', {}, boutonFavori(f)));
  if (f.website) {
    actions.append(el('li', {}, el('a', {
      class: 'fr-btn fr-btn--tertiary fr-icon-external-link-line fr-btn--icon-right', href: f.website, target: '_blank', rel: 'noopener',
      title: `Plus d’information sur le site de l’établissement — nouvelle fenêtre`, text: 'Plus d’information sur le site de l’établissement',
    })));
  }
}

// ----- le badge en direct -----

let dernierBadge = null;

function majBadge(b) {
  if (!b || b.formationId !== id) return;
  const liste = document.getElementById('badge');
  document.getElementById('direct-bloc').hidden = false;
  const rang = b.rankOfLastCalled > 0 ? `rang ${nombre(b.rankOfLastCalled)}` : 'personne pour l’instant';
  const lignes = [
    el('li', { 'data-places': String(b.placesRemaining) }, 'Places restantes : ', el('strong', { text: `${nombre(b.placesRemaining)} / ${nombre(b.capacity)}` })),
    el('li', { 'data-attente': String(b.waitlist), 'data-rang': String(b.rankOfLastCalled) }, 'Liste d’attente : ', el('strong', { text: nombre(b.waitlist) }), ` — dernier appelé : ${rang}`),
    el('li', { 'data-propositions': String(b.pendingOffers), class: 'fr-text--sm' }, `Propositions en attente de réponse : ${nombre(b.pendingOffers)}`),
  ];
  liste.replaceChildren(...lignes);
  if (dernierBadge) {
    if (b.rankOfLastCalled > dernierBadge.rankOfLastCalled) {
      surligner(lignes[1]);
      annoncer(`La liste d’attente avance : le dernier appelé est au rang ${b.rankOfLastCalled}.`);
    }
    if (b.placesRemaining !== dernierBadge.placesRemaining) surligner(lignes[0]);
  }
  dernierBadge = b;
}

async function enDirect(f) {
  if (!f.viaPlatform || typeof signalR === 'undefined') return;
  let connexion = null;
  const surveiller = async () => {
    const badge = await connexion.invoke('Watch', f.id);
    if (badge) majBadge(badge);
    else document.getElementById('direct-bloc').hidden = true;
  };
  connexion = await direct('/hubs/sheet', { Badge: majBadge }, surveiller, { anonyme: true });
  if (connexion.state === signalR.HubConnectionState.Connected) {
    try { await surveiller(); } catch (e) { console.warn('Badge de la formation', e); }
  }
}

// ----- démarrage -----

async function demarrer() {
  let fiche;
  try {
    fiche = await api(`/api/catalogue/formations/${encodeURIComponent(id)}`, { jeton: null });
  } catch (probleme) {
    document.getElementById('chargement').hidden = true;
    const a = alerte(alertes, { type: 'error', titre: 'Fiche introuvable', texte: `${probleme.detail} ` });
    a.querySelector('p').append(el('a', { class: 'fr-link', href: 'recherche.html', text: 'Rechercher un master' }));
    return;
  }
  const f = fiche.formation;
  document.title = `${f.mention}${f.parcours ? ` – ${f.parcours}` : ''} — ${f.establishment} — Mon Master`;
  document.getElementById('ariane-formation').textContent = f.mention;
  document.getElementById('domaine').textContent = f.domain;
  document.getElementById('mention').textContent = f.mention;
  document.getElementById('rncp').textContent = f.rncp ? `N° de fiche : ${f.rncp}` : '';
  document.getElementById('cette-formation-contenu').replaceChildren(...cetteFormation(f, fiche).filter(Boolean));
  document.getElementById('pour-candidater-contenu').replaceChildren(...pourCandidater(f));
  document.getElementById('meme-mention-contenu').replaceChildren(...memeMention(f, fiche));
  document.getElementById('insertion-contenu').replaceChildren(...insertion(f));
  if (mesFavoris) { try { await mesFavoris.charger(); } catch { /* le bouton dira « Ajouter » */ } }
  cote(f);
  document.getElementById('chargement').hidden = true;
  document.getElementById('fiche').hidden = false;
  if (location.hash) document.querySelector(location.hash)?.scrollIntoView();

  const attentes = [montrerPhase(), enDirect(f)];
  if (candidat && f.viaPlatform) {
    attentes.push(api(`/api/candidates/${encodeURIComponent(candidat.sujet)}/applications`, { sans401: true })
      .then(r => { if (r.applications.some(a => a.formationId === f.id)) dejaCandidat(document.getElementById('candidater')); })
      .catch(() => null)); // pas encore de dossier
  }
  await Promise.all(attentes);
}

demarrer();
