// Les candidatures en alternance d'une formation (sections 3–4) : les réponses de l'établissement (recherche de
// contrat ou non retenue) et la décision sur les contrats déposés, montrées quand le serveur les dit ouvertes
// (« actions » de chaque candidature, sur l'horloge de la campagne) ; relues quand le calendrier en ouvre ou en ferme.
import { alerte, annoncer, api, badgeContrat, badgeStatut, campagne, dateComplete, el, maintenantServeur, telechargerFichier } from '../commun.js';
import { abonner, cheminFormation, remplirChoix } from './etat.js';

const resultatAlternance = document.getElementById('alternance-resultat');
const corpsContrats = document.getElementById('contrats-en-attente');
const corpsAlternance = document.getElementById('alternance-candidatures');
/** Les candidatures de la formation en alternance choisie, telles que l'API les a données. */
let alternance = null;
let minuterieAlternance = null;

const formationChoisie = () => document.getElementById('alternance-formation').value;

/** Relit la liste sous peu (plusieurs changements rapprochés : une seule lecture). */
export function bientotAlternance() {
  clearTimeout(minuterieAlternance);
  minuterieAlternance = setTimeout(chargerAlternance, 400);
}

export async function chargerAlternance() {
  const id = formationChoisie();
  if (!id) return;
  try {
    const reponse = await api(`${cheminFormation(id)}/applications`);
    if (reponse.formationId !== formationChoisie()) return; // choix changé entre-temps
    alternance = reponse;
    rafraichirA = reponse.refreshAt ? Date.parse(reponse.refreshAt) : null;
    afficherHorloge(reponse.now);
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

/** L'action que le serveur dit ouverte pour cette candidature, ou undefined. */
const ouverte = (a, code) => (a.actions ?? []).find(x => x.action === code);

function afficherAlternance() {
  if (!alternance) return;
  const liste = alternance.applications;

  const enAttente = liste.filter(a => a.contract === 'pending');
  corpsContrats.replaceChildren(...(enAttente.length ? enAttente.map(a => el('tr', { id: `contrat-${a.candidateId}`, 'data-candidat': a.candidateId },
    el('th', { scope: 'row', text: a.candidateId }),
    el('td', {}, lienContrat(a)),
    el('td', {}, ouverte(a, 'decide-contract') ? el('ul', { class: 'fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left' },
      boutonAction('Valider', '', 'fr-icon-check-line', { 'data-decision': 'validate', 'data-candidat': a.candidateId }, () => decider(a.candidateId, 'validate'), a.candidateId),
      boutonAction('Refuser', 'fr-btn--secondary', 'fr-icon-close-line', { 'data-decision': 'refuse', 'data-candidat': a.candidateId }, () => decider(a.candidateId, 'refuse'), a.candidateId))
      : el('span', { text: 'Hors de la période des contrats (2 mai – 31 août)' }))))
    : [el('tr', {}, el('td', { colspan: '3', text: 'Aucun contrat en attente de validation.' }))]));

  corpsAlternance.replaceChildren(...(liste.length ? liste.map(a => {
    const repondable = ouverte(a, 'answer-work-study');
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

// ----- l'horloge de la campagne -----

/** Quand le calendrier seul ouvre ou ferme une action de la liste affichée : elle se relit alors. */
let rafraichirA = null;

function afficherHorloge(instant) {
  document.getElementById('alternance-horloge').textContent = `Horloge de la campagne : ${dateComplete(instant)}.`;
}

export async function synchroniserHorloge() {
  try {
    const vue = await campagne();
    const maintenant = vue.virtualClock ? Date.parse(vue.now) : maintenantServeur();
    afficherHorloge(maintenant);
    if (rafraichirA !== null && maintenant >= rafraichirA) {
      rafraichirA = null;
      await chargerAlternance();
    }
  } catch { /* l'horloge est une information de plus */ }
}

abonner(liste => {
  const alternances = liste.filter(f => f.track === 'work-study');
  document.getElementById('alternance').hidden = alternances.length === 0;
  const choix = document.getElementById('alternance-formation');
  const avant = choix.value;
  remplirChoix(choix, alternances, { vide: false });
  if (choix.value !== avant) chargerAlternance();
});
