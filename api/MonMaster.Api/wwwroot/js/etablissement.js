// Mes formations : le remplissage de chacune, en direct (/hubs/establishment), le dépôt d'un classement CSV, les
// candidatures en alternance (réponses du 31 mars au 1er mai, contrats à valider) et l'ouverture de places en phase
// complémentaire.
import {
  CAMPAGNE, FENETRES, PARCOURS, alerte, champsParis, annoncer, api, badgeContrat, badgeStatut, dateComplete, direct, el, entete,
  exigerSession, fenetreOuverte, maintenantServeur, nombre, pourcent, surligner, telechargerFichier,
} from './commun.js';

const s = exigerSession('establishment');

const corpsTableau = document.getElementById('formations');
const alertes = document.getElementById('alertes');

/** id → { formation (sans stats), stats } */
let formations = new Map();

const pourcentage = (n, total) => total > 0 ? Math.min(100, 100 * n / total) : 0;

function jauge(f, st) {
  const acceptees = st.acceptedProvisional + st.acceptedDefinitive;
  const capacite = st.capacity;
  const definitif = pourcentage(st.acceptedDefinitive, capacite);
  const provisoire = Math.min(100 - definitif, pourcentage(st.acceptedProvisional, capacite));
  const attente = Math.min(100 - definitif - provisoire, pourcentage(st.pendingOffers, capacite));
  const barre = el('div', {
    class: 'mm-jauge', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(capacite), 'aria-valuenow': String(acceptees),
    'aria-valuetext': `${acceptees} places acceptées sur ${capacite} (${pourcent(st.fillRate)}), ${st.pendingOffers} propositions en attente`,
    'aria-label': `Remplissage de ${f.mention}, ${f.parcours}`,
  },
  el('span', { class: 'mm-jauge__definitif' }), el('span', { class: 'mm-jauge__provisoire' }), el('span', { class: 'mm-jauge__attente' }));
  const [d, p, a] = barre.children;
  d.style.width = `${definitif}%`;
  p.style.width = `${provisoire}%`;
  a.style.width = `${attente}%`;
  return el('div', { class: 'mm-remplissage' }, barre,
    el('span', { class: 'mm-remplissage__texte' },
      el('strong', { class: 'mm-taux', 'data-taux': String(st.fillRate), text: pourcent(st.fillRate) }),
      ` · ${nombre(acceptees)} / ${nombre(capacite)} place${capacite > 1 ? 's' : ''}`));
}

const signature = st => [st.capacity, st.acceptedProvisional, st.acceptedDefinitive, st.pendingOffers, st.waitlist, st.rankOfLastCalled, st.applicants].join('|');

function majLigne(ligne, f, st) {
  ligne.dataset.signature = signature(st);
  ligne.dataset.acceptees = String(st.acceptedProvisional + st.acceptedDefinitive);
  const nombreCellule = (valeur, cle) => el('span', { 'data-compteur': cle, text: nombre(valeur) });
  const [formation, remplissage, definitives, provisoires, propositions, attente, rang, candidatures] = ligne.children;
  formation.replaceChildren(
    el('span', { class: 'mm-formation__mention', text: f.mention }),
    el('span', { class: 'mm-formation__details', text: [f.parcours, PARCOURS[f.track], f.id].filter(Boolean).join(' · ') }));
  remplissage.replaceChildren(jauge(f, st));
  definitives.replaceChildren(nombreCellule(st.acceptedDefinitive, 'definitives'));
  provisoires.replaceChildren(nombreCellule(st.acceptedProvisional, 'provisoires'));
  propositions.replaceChildren(nombreCellule(st.pendingOffers, 'propositions'));
  attente.replaceChildren(nombreCellule(st.waitlist, 'attente'));
  rang.replaceChildren(st.rankOfLastCalled > 0 ? nombreCellule(st.rankOfLastCalled, 'rang') : el('span', { 'data-compteur': 'rang', 'aria-label': 'Personne appelée', text: '—' }));
  candidatures.replaceChildren(nombreCellule(st.applicants, 'candidatures'));
}

function ligneDe(f) {
  let ligne = document.getElementById(`formation-${f.id}`);
  if (!ligne) {
    ligne = el('tr', { id: `formation-${f.id}`, 'data-formation': f.id },
      el('th', { scope: 'row' }), el('td'), ...Array.from({ length: 6 }, () => el('td', { class: 'mm-nombre fr-cell--right' })));
    corpsTableau.append(ligne);
  }
  return ligne;
}

function totaux() {
  const liste = [...formations.values()].map(x => x.stats);
  const somme = cle => liste.reduce((n, st) => n + st[cle], 0);
  const capacite = somme('capacity');
  const acceptees = somme('acceptedProvisional') + somme('acceptedDefinitive');
  document.getElementById('total-capacite').textContent = nombre(capacite);
  document.getElementById('total-acceptees').textContent = nombre(acceptees);
  document.getElementById('total-propositions').textContent = nombre(somme('pendingOffers'));
  document.getElementById('total-attente').textContent = nombre(somme('waitlist'));
  document.getElementById('total-taux').textContent = pourcent(capacite ? acceptees / capacite : 0);
}

function afficher(liste) {
  if (corpsTableau.querySelector('td[colspan]')) corpsTableau.replaceChildren();
  formations = new Map(liste.map(({ stats, ...f }) => [f.id, { formation: f, stats }]));
  for (const { formation, stats } of formations.values()) {
    const ligne = ligneDe(formation);
    if (ligne.dataset.signature !== signature(stats)) majLigne(ligne, formation, stats);
  }
  for (const ligne of [...corpsTableau.rows]) if (ligne.dataset.formation && !formations.has(ligne.dataset.formation)) ligne.remove();
  if (!liste.length) corpsTableau.replaceChildren(el('tr', {}, el('td', { colspan: '8', text: 'Aucune formation de votre établissement n’est publiée dans cette campagne.' })));
  totaux();
  remplirChoix(document.getElementById('classement-formation'), [...formations.values()].map(x => x.formation));
  remplirChoix(document.getElementById('complementaire-formation'), [...formations.values()].map(x => x.formation));
  const choixDemande = document.getElementById('demande-formation');
  const demandeAvant = choixDemande.value;
  remplirChoix(choixDemande, [...formations.values()].map(x => x.formation), { vide: false });
  if (choixDemande.value !== demandeAvant) afficherDemandesEnvoyees();
  const alternances = [...formations.values()].map(x => x.formation).filter(f => f.track === 'work-study');
  document.getElementById('alternance').hidden = alternances.length === 0;
  const choixAlternance = document.getElementById('alternance-formation');
  const avant = choixAlternance.value;
  remplirChoix(choixAlternance, alternances, { vide: false });
  if (choixAlternance.value !== avant) chargerAlternance();
}

/** Les options d'un choix de formation, la sélection gardée ; sans option vide, la première est choisie. */
function remplirChoix(choix, liste, { vide = true } = {}) {
  const valeur = choix.value;
  const garde = liste.some(f => f.id === valeur) ? valeur : (vide ? '' : liste[0]?.id ?? '');
  choix.replaceChildren(...(vide ? [el('option', { value: '', disabled: true, selected: !garde, text: 'Choisir une formation' })] : []),
    ...liste.map(f => el('option', { value: f.id, selected: f.id === garde, text: `${f.id} — ${f.mention}, ${f.parcours}` })));
  choix.value = garde;
}

async function charger() {
  try {
    afficher(await api(`/api/establishments/${encodeURIComponent(s.sujet)}/formations`));
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'Vos formations n’ont pas pu être chargées', texte: probleme.detail });
  }
}

/** Les compteurs poussés par le serveur : chaque ligne concernée est mise à jour sur place et mise en évidence. */
function compteurs(liste) {
  let inconnue = false;
  if (liste.some(st => st.formationId === document.getElementById('alternance-formation').value)) bientotAlternance();
  for (const st of liste) {
    const entree = formations.get(st.formationId);
    if (!entree) { inconnue = true; continue; }
    if (signature(entree.stats) === signature(st)) continue;
    entree.stats = st;
    const ligne = ligneDe(entree.formation);
    majLigne(ligne, entree.formation, st);
    surligner(ligne);
    annoncer(`${entree.formation.mention}, ${entree.formation.parcours} : ${pourcent(st.fillRate)} de places acceptées, ${st.pendingOffers} propositions en attente.`);
  }
  totaux();
  if (inconnue) charger();
}

// ----- dépôt d'un classement -----

function erreurChamp(groupe, champ, texte, classe) {
  document.getElementById(groupe).classList.toggle(`${classe}-group--error`, Boolean(texte));
  const messages = document.getElementById(`${champ}-messages`);
  messages.replaceChildren(...(texte ? [el('p', { class: 'fr-message fr-message--error', text: texte })] : []));
}

/** Compte les lignes classées et non retenues (le serveur, lui, vérifie le fichier). */
function compterLignes(texte) {
  let classes = 0, nonRetenus = 0;
  texte.replace(/\r/g, '').split('\n').forEach((ligne, i) => {
    const l = ligne.trim();
    if (!l || (i === 0 && /^candidate/i.test(l))) return;
    if (/[,;]\s*"?(not-retained|non-retenu)"?$/.test(l)) nonRetenus++;
    else classes++;
  });
  return { classes, nonRetenus };
}

document.getElementById('classement').addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const resultat = document.getElementById('classement-resultat');
  const formationId = document.getElementById('classement-formation').value;
  const fichier = document.getElementById('classement-fichier').files[0];
  erreurChamp('groupe-formation', 'classement-formation', formationId ? null : 'Choisissez la formation classée.', 'fr-select');
  erreurChamp('groupe-fichier', 'classement-fichier', fichier ? null : 'Choisissez le fichier CSV du classement.', 'fr-upload');
  if (!formationId || !fichier) return;
  const bouton = document.getElementById('classement-envoyer');
  bouton.disabled = true;
  try {
    const texte = await fichier.text();
    await api(`/api/formations/${encodeURIComponent(formationId)}/ranking`, { methode: 'PUT', texte, type: 'text/csv' });
    const { classes, nonRetenus } = compterLignes(texte);
    const f = formations.get(formationId)?.formation;
    alerte(resultat, {
      type: 'success', titre: 'Classement déposé',
      texte: `Le classement de « ${f ? `${f.mention}, ${f.parcours}` : formationId} » (${fichier.name}) est enregistré : ${classes} candidat${classes > 1 ? 's' : ''} classé${classes > 1 ? 's' : ''}, ${nonRetenus} non retenu${nonRetenus > 1 ? 's' : ''}.`,
    });
    await charger();
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Le classement n’a pas été enregistré', texte: probleme.detail });
  } finally {
    bouton.disabled = false;
  }
});

// ----- l'horloge de la campagne (les actions ne sont montrées que dans leur fenêtre) -----

let maintenant = null;

async function synchroniserHorloge() {
  try {
    const vue = await api(`/api/campaigns/${CAMPAGNE}/clock`);
    const avant = maintenant;
    maintenant = vue.virtualClock ? Date.parse(vue.now) : null;
    document.getElementById('alternance-horloge').textContent = `Horloge de la campagne : ${dateComplete(instant())}.`;
    const fenetres = f => [FENETRES.reponsesAlternance, FENETRES.contrats].map(x => fenetreOuverte(x, f ?? maintenantServeur())).join();
    if (avant !== maintenant && fenetres(avant) !== fenetres(maintenant)) afficherAlternance();
  } catch {
    maintenant = null;
  }
}

const instant = () => maintenant ?? maintenantServeur();

// ----- candidatures en alternance : réponses et contrats -----

const resultatAlternance = document.getElementById('alternance-resultat');
const corpsContrats = document.getElementById('contrats-en-attente');
const corpsAlternance = document.getElementById('alternance-candidatures');
/** Les candidatures de la formation en alternance choisie, telles que l'API les a données. */
let alternance = null;
let minuterieAlternance = null;

const formationChoisie = () => document.getElementById('alternance-formation').value;
const cheminFormation = id => `/api/formations/${encodeURIComponent(id)}`;

/** Relit la liste sous peu (plusieurs changements rapprochés : une seule lecture). */
function bientotAlternance() {
  clearTimeout(minuterieAlternance);
  minuterieAlternance = setTimeout(chargerAlternance, 400);
}

async function chargerAlternance() {
  const id = formationChoisie();
  if (!id) return;
  try {
    const reponse = await api(`${cheminFormation(id)}/applications`);
    if (reponse.formationId !== formationChoisie()) return; // choix changé entre-temps
    alternance = reponse;
    afficherAlternance();
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatAlternance, { type: 'error', titre: 'Les candidatures n’ont pas pu être chargées', texte: probleme.detail });
  }
}

function boutonAction(texte, classe, icone, attributs, action, candidat) {
  return el('li', {}, el('button', { type: 'button', class: `fr-btn fr-btn--sm ${classe} fr-btn--icon-left ${icone}`, ...attributs, onclick: action },
    texte, el('span', { class: 'mm-sr-only', text: ` : ${candidat}` })));
}

function celluleStatutAlternance(a) {
  if (!a.workStudyAnswer) return [badgeStatut(a.status)];
  return [badgeStatut(a.workStudyAnswer), el('span', { class: 'fr-hint-text', 'data-publication': '', text: 'Montrée au candidat le 2 mai' })];
}

function lienContrat(a) {
  return el('a', {
    class: 'fr-link fr-link--sm fr-icon-download-line fr-link--icon-left', href: `${cheminFormation(alternance.formationId)}/contracts/${encodeURIComponent(a.candidateId)}`,
    'data-voir-contrat': a.candidateId, onclick: e => voirContrat(e, a),
  }, 'Voir le contrat', el('span', { class: 'mm-sr-only', text: ` de ${a.candidateId}` }));
}

function afficherAlternance() {
  if (!alternance) return;
  const reponses = fenetreOuverte(FENETRES.reponsesAlternance, instant());
  const contrats = fenetreOuverte(FENETRES.contrats, instant());
  const liste = alternance.applications;

  const enAttente = liste.filter(a => a.contract === 'pending');
  corpsContrats.replaceChildren(...(enAttente.length ? enAttente.map(a => el('tr', { id: `contrat-${a.candidateId}`, 'data-candidat': a.candidateId },
    el('th', { scope: 'row', text: a.candidateId }),
    el('td', {}, lienContrat(a)),
    el('td', {}, contrats ? el('ul', { class: 'fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left' },
      boutonAction('Valider', '', 'fr-icon-check-line', { 'data-decision': 'validate', 'data-candidat': a.candidateId }, () => decider(a.candidateId, 'validate'), a.candidateId),
      boutonAction('Refuser', 'fr-btn--secondary', 'fr-icon-close-line', { 'data-decision': 'refuse', 'data-candidat': a.candidateId }, () => decider(a.candidateId, 'refuse'), a.candidateId))
      : el('span', { text: 'Hors de la période des contrats (2 mai – 31 août)' }))))
    : [el('tr', {}, el('td', { colspan: '3', text: 'Aucun contrat en attente de validation.' }))]));

  corpsAlternance.replaceChildren(...(liste.length ? liste.map(a => {
    const repondable = reponses && a.status !== 'incomplete';
    return el('tr', { id: `alternance-${a.candidateId}`, 'data-candidat': a.candidateId },
      el('th', { scope: 'row', text: a.candidateId }),
      el('td', {}, ...celluleStatutAlternance(a)),
      el('td', {}, a.contract ? [badgeContrat(a.contract), el('br'), lienContrat(a)] : a.status === 'contract-search' ? badgeContrat(null) : el('span', { 'aria-label': 'Sans objet', text: '—' })),
      el('td', {}, repondable ? el('ul', { class: 'fr-btns-group fr-btns-group--sm fr-btns-group--icon-left' },
        boutonAction('Placer en recherche de contrat', '', 'fr-icon-briefcase-line', { 'data-reponse': 'contract-search', 'data-candidat': a.candidateId }, () => repondre(a.candidateId, 'contract-search'), a.candidateId),
        boutonAction('Ne pas retenir', 'fr-btn--secondary', 'fr-icon-close-line', { 'data-reponse': 'not-retained', 'data-candidat': a.candidateId }, () => repondre(a.candidateId, 'not-retained'), a.candidateId))
        : el('span', { 'aria-label': 'Aucune réponse possible', text: '—' })));
  }) : [el('tr', {}, el('td', { colspan: '4', text: 'Aucune candidature pour cette formation.' }))]));
}

async function agir(chemin, options, succes, echec) {
  try {
    await api(chemin, options);
    alerte(resultatAlternance, { type: 'success', titre: 'Décision enregistrée', texte: succes });
    annoncer(succes);
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatAlternance, { type: 'error', titre: echec, texte: probleme.detail });
  }
  await chargerAlternance();
}

function repondre(candidat, reponse) {
  const id = formationChoisie();
  return agir(`${cheminFormation(id)}/work-study-answers/${encodeURIComponent(candidat)}`, { methode: 'PUT', json: { answer: reponse } },
    reponse === 'contract-search'
      ? `${candidat} est placé en recherche de contrat pour ${id} (montré au candidat le 2 mai).`
      : `${candidat} n’est pas retenu pour ${id} (montré au candidat le 2 mai).`,
    'Votre réponse n’a pas été enregistrée');
}

function decider(candidat, decision) {
  const id = formationChoisie();
  return agir(`${cheminFormation(id)}/contracts/${encodeURIComponent(candidat)}/${decision}`, { methode: 'POST' },
    decision === 'validate' ? `Le contrat de ${candidat} est validé pour ${id}.` : `Le contrat de ${candidat} est refusé pour ${id} : il peut en déposer un autre.`,
    decision === 'validate' ? 'Le contrat n’a pas été validé' : 'Le contrat n’a pas été refusé');
}

async function voirContrat(evenement, a) {
  evenement.preventDefault();
  try {
    await telechargerFichier(evenement.currentTarget.getAttribute('href'), `contrat-${alternance.formationId}-${a.candidateId}`);
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatAlternance, { type: 'error', titre: 'Le contrat n’a pas pu être téléchargé', texte: probleme.detail });
  }
}

document.getElementById('alternance-formation').addEventListener('change', () => {
  alternance = null;
  resultatAlternance.replaceChildren();
  chargerAlternance();
});
document.getElementById('alternance-actualiser').addEventListener('click', chargerAlternance);

// ----- places en phase complémentaire -----

document.getElementById('complementaire').addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const resultat = document.getElementById('complementaire-resultat');
  const formationId = document.getElementById('complementaire-formation').value;
  const saisie = document.getElementById('complementaire-places').value.trim();
  const places = /^\d+$/.test(saisie) ? Number(saisie) : null;
  resultat.replaceChildren();
  erreurChamp('groupe-complementaire-formation', 'complementaire-formation', formationId ? null : 'Choisissez la formation.', 'fr-select');
  erreurChamp('groupe-complementaire-places', 'complementaire-places', places !== null ? null : 'Indiquez un nombre entier de places.', 'fr-input');
  if (!formationId || places === null) return;
  const bouton = document.getElementById('complementaire-envoyer');
  bouton.disabled = true;
  try {
    await api(`${cheminFormation(formationId)}/complementary`, { methode: 'PUT', json: { places } });
    const f = formations.get(formationId)?.formation;
    alerte(resultat, {
      type: 'success', titre: 'Places ouvertes en phase complémentaire',
      texte: `${places} place${places > 1 ? 's' : ''} ouverte${places > 1 ? 's' : ''} en phase complémentaire pour ${f ? `${f.mention}, ${f.parcours}` : formationId} : les candidats peuvent y candidater du 17 au 23 juin.`,
    });
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Les places n’ont pas été ouvertes', texte: probleme.detail });
  } finally {
    bouton.disabled = false;
  }
});

async function demarrer() {
  entete(s);
  await synchroniserHorloge();
  await charger();
  setInterval(synchroniserHorloge, 10_000);
  await direct('/hubs/establishment', { formations: compteurs }, async () => { await charger(); await chargerAlternance(); });
}

if (s) demarrer();

// ----- convocations et demandes (section 3) -----

const resultatDemande = document.getElementById('demande-resultat');

/** Minutes d'avance de Paris sur UTC à cet instant. */
function decalageParis(instant) {
  const p = champsParis(instant);
  return (Date.UTC(p.annee, p.mois - 1, p.jour, p.heure, p.minute, p.seconde) - instant) / 60000;
}

/** « 2025-04-20T10:00 » saisi à l'heure de Paris → l'instant ISO avec son décalage (+01:00 ou +02:00). */
function instantParis(valeur) {
  if (!valeur) return null;
  const mur = Date.parse(`${valeur}:00Z`);
  const decalage = decalageParis(mur - decalageParis(mur) * 60000);
  const hh = String(Math.floor(Math.abs(decalage) / 60)).padStart(2, '0');
  const mm = String(Math.abs(decalage) % 60).padStart(2, '0');
  return `${valeur}:00${decalage >= 0 ? '+' : '-'}${hh}:${mm}`;
}

async function afficherDemandesEnvoyees() {
  const id = document.getElementById('demande-formation').value;
  const conteneur = document.getElementById('demandes-envoyees');
  if (!id) { conteneur.replaceChildren(); return; }
  try {
    const { applications: candidatures } = await api(`/api/formations/${encodeURIComponent(id)}/applications`);
    const lignes = candidatures.flatMap(a => (a.reviews ?? []).map(d => el('li', { 'data-demande': `${a.candidateId}-${d.id}` },
      `${a.candidateId} — ${d.message} (avant le ${dateComplete(d.answerBy)}) : `,
      el('strong', { text: d.answer ?? 'pas encore de réponse' }))));
    conteneur.replaceChildren(...(lignes.length ? [el('h3', { class: 'fr-h6 fr-mt-3w', text: `Demandes envoyées pour ${id}` }), el('ul', {}, ...lignes)] : []));
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatDemande, { type: 'error', titre: 'Les demandes n’ont pas pu être lues', texte: probleme.detail });
  }
}

document.getElementById('demande-formation').addEventListener('change', afficherDemandesEnvoyees);
document.getElementById('demande').addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const valeur = champ => document.getElementById(champ).value.trim() || null;
  const formation = valeur('demande-formation');
  const candidat = valeur('demande-candidat');
  if (!formation || !candidat) { alerte(resultatDemande, { type: 'error', texte: 'Choisissez la formation et indiquez le numéro du candidat.' }); return; }
  try {
    await api(`/api/formations/${encodeURIComponent(formation)}/applications/${encodeURIComponent(candidat)}/reviews`, { methode: 'POST', json: {
      kind: valeur('demande-type'), message: valeur('demande-message'), answerBy: instantParis(valeur('demande-reponse')),
      at: instantParis(valeur('demande-date')), place: valeur('demande-lieu'), link: valeur('demande-lien'), piece: valeur('demande-piece'),
    } });
    alerte(resultatDemande, { type: 'success', texte: `Demande envoyée à ${candidat} : il en est prévenu.` });
    await afficherDemandesEnvoyees();
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatDemande, { type: 'error', titre: 'Demande non envoyée', texte: probleme.detail });
  }
});
