// Les réponses (accepter, refuser, renoncer), confirmées dans une modale qui dit ce qui sera abandonné. Le serveur dit
// quels modes d'acceptation sont ouverts et quelles listes d'attente une acceptation provisoire peut garder ; sa réponse
// est la nouvelle description des candidatures, montrée aussitôt.
import { alerte, api, el } from '../commun.js';
import { action, base, charger, envoyer, etat, nomFormation, ordinal } from './etat.js';

const modale = document.getElementById('modale-reponse');
const alertes = document.getElementById('alertes');

let reponseEnCours = null;

const autres = formationId => [...etat.candidatures.values()].filter(c => c.formationId !== formationId);

function listeAbandons(titre, elements) {
  if (!elements.length) return null;
  return el('div', {}, el('p', { class: 'fr-mb-1v', text: titre }),
    el('ul', { class: 'fr-mb-2w' }, elements.map(c => el('li', { text: `${nomFormation(c)}${c.status === 'waitlisted' && c.position ? ` (${ordinal(c.position)} sur la liste d’attente)` : ''}` }))));
}

/** Le mode choisi : la modale ne propose l'acceptation provisoire que si le serveur la dit ouverte. */
function modeChoisi() {
  const { reponse } = reponseEnCours;
  if (reponse === 'definitive') return 'definitive';
  return document.querySelector('input[name="mode"]:checked')?.value ?? 'definitive';
}

/** Ce que la réponse abandonnera, dit en clair, selon le mode et les listes d'attente cochées. */
function consequences() {
  const zone = document.getElementById('modale-consequences');
  const { reponse, formationId } = reponseEnCours;
  const cible = etat.candidatures.get(formationId);
  const reste = autres(formationId);
  const tenue = reste.filter(c => c.status === 'accepted-provisional' || c.status === 'accepted-definitive');
  const offres = reste.filter(c => c.status === 'offer');
  const attentes = reste.filter(c => c.status === 'waitlisted' || c.status === 'submitted');
  const blocs = [];
  let titre;
  if (reponse === 'accepter' || reponse === 'definitive') {
    const mode = modeChoisi();
    const listesGardees = document.getElementById('listes-gardees');
    if (listesGardees) listesGardees.hidden = mode === 'definitive';
    const provisoire = action('accept-provisional', cible);
    const gardees = new Set(mode === 'definitive' ? [] : [...document.querySelectorAll('input[name="garder"]:checked')].map(c => c.value));
    const abandonnees = mode === 'definitive' ? attentes
      : (provisoire?.mayKeep ?? []).filter(id => !gardees.has(id)).map(id => etat.candidatures.get(id)).filter(Boolean);
    titre = mode === 'definitive'
      ? `En acceptant définitivement « ${nomFormation(cible)} », vous quittez la procédure : toutes vos autres candidatures sont abandonnées.`
      : `En acceptant « ${nomFormation(cible)} » en maintenant des vœux en attente, vous gardez cette place et restez sur les listes d’attente cochées.`;
    blocs.push(listeAbandons('Listes d’attente abandonnées :', abandonnees));
    blocs.push(listeAbandons('Autres propositions libérées :', offres));
    blocs.push(listeAbandons('Place acceptée auparavant, libérée :', tenue));
    if (mode === 'provisional') blocs.push(listeAbandons('Listes d’attente conservées :', [...gardees].map(id => etat.candidatures.get(id)).filter(Boolean)));
    if (!blocs.some(Boolean)) blocs.push(el('p', { text: 'Aucune autre candidature n’est abandonnée.' }));
    if (mode === 'definitive') blocs.push(el('p', { class: 'fr-mb-0', text: 'Cette décision est définitive.' }));
  } else if (reponse === 'refuser') {
    titre = cible.status === 'accepted-provisional'
      ? `Vous renoncez à la place que vous aviez acceptée en « ${nomFormation(cible)} » : elle sera proposée à un autre candidat. Vos listes d’attente sont conservées.`
      : `Vous refusez la proposition d’admission en « ${nomFormation(cible)} » : la place sera proposée au candidat suivant.`;
    blocs.push(el('p', { class: 'fr-mb-0', text: 'Vous ne pourrez pas revenir sur ce refus.' }));
  } else {
    titre = `Vous quittez la liste d’attente de « ${nomFormation(cible)} »${cible.position ? ` (vous y êtes ${ordinal(cible.position)})` : ''} : vous ne recevrez plus de proposition pour cette formation.`;
    blocs.push(el('p', { class: 'fr-mb-0', text: 'Vous ne pourrez pas revenir sur cette décision.' }));
  }
  zone.replaceChildren(el('div', { class: 'fr-alert fr-alert--warning fr-alert--sm', 'data-consequences': '' },
    el('p', { class: 'fr-text--bold fr-mb-1w', text: titre }), ...blocs.filter(Boolean)));
}

function formulaireAcceptation(cible) {
  const provisoire = action('accept-provisional', cible);
  const definitive = action('accept-definitive', cible);
  const radio = (valeur, libelle, aide, coche) => el('div', { class: 'fr-fieldset__element' },
    el('div', { class: 'fr-radio-group' },
      el('input', { type: 'radio', id: `mode-${valeur}`, name: 'mode', value: valeur, checked: coche, onchange: consequences }),
      el('label', { class: 'fr-label', for: `mode-${valeur}` }, libelle, el('span', { class: 'fr-hint-text', text: aide }))));
  const modes = [
    provisoire ? radio('provisional', 'Accepter en maintenant des vœux en attente', 'Vous gardez cette place et restez sur les listes d’attente que vous cochez.', true) : null,
    definitive ? radio('definitive', 'Accepter définitivement', 'Vous quittez la procédure : toutes vos autres candidatures sont abandonnées.', !provisoire) : null,
  ].filter(Boolean);
  const champs = [el('fieldset', { class: 'fr-fieldset', 'aria-labelledby': 'mode-legende' },
    el('legend', { class: 'fr-fieldset__legend', id: 'mode-legende', text: provisoire
      ? 'Comment acceptez-vous cette proposition ?'
      : 'Pendant la gestion des désistements, une proposition s’accepte définitivement.' }), modes)];
  const choix = (provisoire?.mayKeep ?? []).map(id => etat.candidatures.get(id)).filter(Boolean);
  if (choix.length) {
    champs.push(el('fieldset', { class: 'fr-fieldset', id: 'listes-gardees', 'aria-labelledby': 'garder-legende' },
      el('legend', { class: 'fr-fieldset__legend', id: 'garder-legende' }, 'Listes d’attente à conserver', el('span', { class: 'fr-hint-text', text: 'Seulement si vous acceptez en maintenant des vœux en attente.' })),
      choix.map(c => el('div', { class: 'fr-fieldset__element' },
        el('div', { class: 'fr-checkbox-group' },
          el('input', { type: 'checkbox', id: `garder-${c.formationId}`, name: 'garder', value: c.formationId, checked: true, onchange: consequences }),
          el('label', { class: 'fr-label', for: `garder-${c.formationId}`, text: `${nomFormation(c)}${c.position ? ` (${ordinal(c.position)} sur la liste d’attente)` : ''}` }))))));
  }
  return champs;
}

export function ouvrirModale(reponse, formationId) {
  const cible = etat.candidatures.get(formationId);
  if (!cible) return;
  reponseEnCours = { reponse, formationId };
  const titres = {
    accepter: `Accepter la proposition : ${nomFormation(cible)}`,
    definitive: `Accepter définitivement : ${nomFormation(cible)}`,
    refuser: cible.status === 'accepted-provisional' ? `Renoncer à la place : ${nomFormation(cible)}` : `Refuser la proposition : ${nomFormation(cible)}`,
    renoncer: `Quitter la liste d’attente : ${nomFormation(cible)}`,
  };
  const confirmations = { accepter: 'Confirmer l’acceptation', definitive: 'Confirmer l’acceptation définitive', refuser: 'Confirmer le refus', renoncer: 'Confirmer' };
  document.getElementById('modale-titre').textContent = titres[reponse];
  document.getElementById('modale-formulaire').replaceChildren(...(reponse === 'accepter' ? formulaireAcceptation(cible) : []));
  const bouton = document.getElementById('modale-confirmer');
  bouton.textContent = confirmations[reponse];
  bouton.disabled = false;
  consequences();
  dsfr(modale).modal.disclose();
}

async function confirmer() {
  if (!reponseEnCours) return;
  const { reponse, formationId } = reponseEnCours;
  const cible = etat.candidatures.get(formationId);
  document.getElementById('modale-confirmer').disabled = true;
  const id = encodeURIComponent(formationId);
  let vue = null;
  try {
    let succes;
    if (reponse === 'accepter' || reponse === 'definitive') {
      const mode = modeChoisi();
      const provisoire = action('accept-provisional', cible);
      const gardees = mode === 'provisional' ? [...document.querySelectorAll('input[name="garder"]:checked')].map(c => c.value) : [];
      // Ce que le serveur dit toujours gardé (les candidatures pas encore classées) part avec les listes cochées.
      const keepWaitlists = mode === 'provisional' ? [...gardees, ...(provisoire?.alwaysKept ?? [])] : [];
      vue = await envoyer(() => api(`${base()}/offers/${id}/accept`, { methode: 'POST', json: { mode, keepWaitlists } }));
      succes = mode === 'definitive'
        ? `Vous avez accepté définitivement la proposition « ${nomFormation(cible)} ».`
        : `Vous avez accepté la proposition « ${nomFormation(cible)} » en maintenant ${gardees.length} vœu${gardees.length > 1 ? 'x' : ''} en attente.`;
    } else if (reponse === 'refuser') {
      vue = await envoyer(() => api(`${base()}/offers/${id}/refuse`, { methode: 'POST' }));
      succes = `Vous avez refusé « ${nomFormation(cible)} ».`;
    } else {
      vue = await envoyer(() => api(`${base()}/waitlists/${id}/renounce`, { methode: 'POST' }));
      succes = `Vous avez quitté la liste d’attente de « ${nomFormation(cible)} ».`;
    }
    dsfr(modale).modal.conceal();
    alerte(alertes, { type: 'success', titre: 'Réponse enregistrée', texte: succes });
  } catch (probleme) {
    dsfr(modale).modal.conceal();
    if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'Votre réponse n’a pas été prise en compte', texte: probleme.detail });
  } finally {
    reponseEnCours = null;
  }
  // Prise, la réponse a déjà montré la nouvelle description ; refusée, on relit (l'état a pu changer entre-temps).
  if (!vue) await charger();
}

document.getElementById('modale-confirmer').addEventListener('click', confirmer);
