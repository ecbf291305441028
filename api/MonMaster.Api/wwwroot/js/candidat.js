// Mes candidatures : la liste, ses changements en direct (/hubs/candidate), le décompte des délais de réponse
// et les réponses (accepter, refuser, renoncer) après une confirmation qui dit ce qui sera abandonné ; du 17 au
// 23 juin, l'ordre de préférence de la phase complémentaire (/api/candidates/{id}/preferences) ; le contrat
// d'alternance d'une candidature en recherche de contrat (/api/candidates/{id}/contracts/{formation}) ; puis les
// pièces du dossier (/api/candidates/{id}/pieces) : dépôt, liste et téléchargement.
import {
  CAMPAGNE, FENETRES, FUSEAU, PARCOURS, PIECES, STATUTS, alerte, annoncer, api, badgeContrat, badgeStatut, dateComplete, dateDelai,
  direct, el, entete, exigerSession, fenetreOuverte, jetonExpire, maintenantServeur, surligner, telechargerFichier, tempsRestant,
} from './commun.js';

const s = exigerSession('candidate');

const corpsTableau = document.getElementById('candidatures');
const alertes = document.getElementById('alertes');
const modale = document.getElementById('modale-reponse');

/** formationId → candidature (telle que l'API la décrit), dans l'ordre de l'API. */
let candidatures = new Map();
let premierAffichage = true;
/** L'ordre de préférence enregistré (la place acceptée en dernier), ou null. */
let preferenceEnregistree = null;

// ----- l'horloge de la campagne -----

// Le délai se compte sur l'horloge de la campagne (GET /api/campaigns/{année}/clock, lisible par le candidat) :
// l'heure réelle en production, une horloge virtuelle dans la démonstration. Lue à intervalles réguliers et à
// chaque message en direct.
const horloge = {
  virtuelle: null,
  maintenant() { return this.virtuelle ?? maintenantServeur(); },
};

async function synchroniserHorloge() {
  try {
    const vue = await api(`/api/campaigns/${CAMPAGNE}/clock`);
    const avant = horloge.virtuelle;
    horloge.virtuelle = vue.virtualClock ? Date.parse(vue.now) : null;
    document.getElementById('horloge').hidden = false;
    document.getElementById('horloge-valeur').textContent = dateComplete(horloge.maintenant());
    document.getElementById('horloge-nature').textContent = vue.virtualClock ? 'horloge virtuelle de démonstration' : 'heure réelle';
    if (avant !== horloge.virtuelle) decompter();
    afficherPreferences();
  } catch {
    horloge.virtuelle = null; // le décompte suit alors l'heure du serveur
  }
}

// ----- la liste -----

function nomFormation(c) {
  return `${c.mention ?? c.formationId}${c.establishment ? ` — ${c.establishment}` : ''}`;
}

const ordinal = n => n === 1 ? '1re' : `${n}e`;

function celluleFormation(c) {
  const details = [c.parcours, PARCOURS[c.track], c.formationId].filter(Boolean).join(' · ');
  return [
    el('span', { class: 'mm-formation__mention', text: c.mention ?? c.formationId }),
    el('span', { class: 'mm-formation__etablissement', text: c.establishment ?? '' }),
    el('span', { class: 'mm-formation__details', text: details }),
    // Section 2: the pieces the formation asks for, visible from publication day.
    c.pieces?.length ? el('span', { class: 'mm-formation__details', 'data-pieces': '', text: `Pièces demandées : ${c.pieces
      .map(p => `${PIECES[p.kind] ?? p.kind}${p.mandatory ? ' (obligatoire)' : ' (facultative)'}`).join(', ')}` }) : null,
  ].filter(Boolean);
}

function cellulePosition(c) {
  if (c.status !== 'waitlisted' || c.position == null) return el('span', { 'aria-label': 'Sans objet', text: '—' });
  return el('span', { class: 'mm-position', 'data-position': String(c.position) },
    el('strong', { text: ordinal(c.position).replace(/[a-z]+$/, '') }), el('sup', { text: ordinal(c.position).replace(/^\d+/, '') }),
    el('span', { class: 'mm-sr-only', text: ' sur la liste d’attente' }));
}

function celluleDelai(c) {
  if (c.status !== 'offer' || !c.deadline) return el('span', { 'aria-label': 'Sans objet', text: '—' });
  return [
    el('span', { class: 'mm-delai', text: dateDelai(c.deadline) }),
    el('br'),
    el('span', { class: 'mm-decompte', 'data-echeance': String(Date.parse(c.deadline)), role: 'timer', 'aria-live': 'off' }),
  ];
}

function bouton(texte, action, c, classe, icone) {
  return el('li', {}, el('button', {
    type: 'button', class: `fr-btn fr-btn--sm ${classe} fr-btn--icon-left ${icone}`, 'data-action': action,
    'data-formation': c.formationId, onclick: () => ouvrirModale(action, c.formationId),
  }, texte, el('span', { class: 'mm-sr-only', text: ` : ${nomFormation(c)}` })));
}

function celluleActions(c) {
  const boutons = [];
  if (c.status === 'offer') {
    boutons.push(bouton('Accepter', 'accepter', c, '', 'fr-icon-check-line'));
    boutons.push(bouton('Refuser', 'refuser', c, 'fr-btn--secondary', 'fr-icon-close-line'));
  } else if (c.status === 'accepted-provisional') {
    boutons.push(bouton('Accepter définitivement', 'definitive', c, '', 'fr-icon-check-line'));
    boutons.push(bouton('Renoncer', 'refuser', c, 'fr-btn--secondary', 'fr-icon-close-line'));
  } else if (c.status === 'waitlisted') {
    boutons.push(bouton('Quitter la liste', 'renoncer', c, 'fr-btn--tertiary', 'fr-icon-logout-box-r-line'));
  } else if (c.status === 'contract-search' && c.contract !== 'validated') {
    boutons.push(el('li', {}, el('a', {
      class: 'fr-btn fr-btn--sm fr-btn--secondary fr-btn--icon-left fr-icon-upload-2-line', href: `#contrat-${c.formationId}`, 'data-action': 'contrat',
    }, c.contract ? 'Remplacer mon contrat' : 'Déposer mon contrat', el('span', { class: 'mm-sr-only', text: ` : ${nomFormation(c)}` }))));
  }
  return boutons.length ? el('ul', { class: 'fr-btns-group fr-btns-group--sm fr-btns-group--icon-left' }, boutons) : el('span', { 'aria-label': 'Aucune réponse attendue', text: '—' });
}

const signature = c => `${c.status}|${c.position ?? ''}|${c.deadline ?? ''}|${c.contract ?? ''}`;

/** Le statut, et en alternance l'état du contrat. */
function celluleStatut(c) {
  const cellule = [badgeStatut(c.status)];
  if (c.status === 'contract-search' || c.contract) cellule.push(el('br'), badgeContrat(c.contract));
  return cellule;
}

function majLigne(ligne, c) {
  ligne.dataset.statut = c.status;
  ligne.dataset.signature = signature(c);
  const [formation, statut, position, delai, actions] = ligne.children;
  formation.replaceChildren(...celluleFormation(c));
  statut.replaceChildren(...celluleStatut(c));
  position.replaceChildren(cellulePosition(c));
  delai.replaceChildren(...[celluleDelai(c)].flat());
  actions.replaceChildren(celluleActions(c));
}

function nouvelleLigne(c) {
  return el('tr', { id: `candidature-${c.formationId}`, 'data-formation': c.formationId },
    el('th', { scope: 'row' }), el('td'), el('td', { class: 'mm-nombre fr-cell--right' }), el('td'), el('td'));
}

/** Met le tableau à jour sur place : seules les lignes qui ont changé sont réécrites (et mises en évidence). */
function afficher(liste) {
  const vues = new Set();
  const changees = [];
  if (corpsTableau.querySelector('td[colspan]')) corpsTableau.replaceChildren();
  for (const c of liste) {
    vues.add(c.formationId);
    let ligne = document.getElementById(`candidature-${c.formationId}`);
    const nouvelle = !ligne;
    if (nouvelle) ligne = nouvelleLigne(c);
    corpsTableau.append(ligne); // garde l'ordre de l'API
    if (nouvelle || ligne.dataset.signature !== signature(c)) {
      majLigne(ligne, c);
      if (!premierAffichage) changees.push(ligne);
    }
  }
  for (const ligne of [...corpsTableau.rows]) if (!vues.has(ligne.dataset.formation)) ligne.remove();
  if (liste.length === 0) corpsTableau.replaceChildren(el('tr', {}, el('td', { colspan: '5', text: 'Vous n’avez aucune candidature dans cette campagne.' })));
  candidatures = new Map(liste.map(c => [c.formationId, c]));
  premierAffichage = false;
  for (const ligne of changees) surligner(ligne);
  resumer();
  decompter();
  afficherContrats();
  afficherDemandes();
  afficherPreferences();
}

function resumer() {
  const liste = [...candidatures.values()];
  const compte = statut => liste.filter(c => c.status === statut).length;
  const offres = compte('offer'), attentes = compte('waitlisted'), contrats = compte('contract-search');
  const tenue = liste.find(c => c.status === 'accepted-definitive' || c.status === 'accepted-provisional');
  const morceaux = [`${liste.length} candidature${liste.length > 1 ? 's' : ''}`];
  if (offres) morceaux.push(`${offres} proposition${offres > 1 ? 's' : ''} d’admission à laquelle répondre`);
  if (attentes) morceaux.push(`${attentes} liste${attentes > 1 ? 's' : ''} d’attente`);
  if (contrats) morceaux.push(`${contrats} en recherche de contrat`);
  if (tenue) morceaux.push(`place acceptée : ${nomFormation(tenue)}${tenue.status === 'accepted-definitive' ? ' (définitivement)' : ''}`);
  document.getElementById('resume').textContent = morceaux.join(' · ');
}

/** Le décompte de chaque proposition, recalculé chaque seconde sur l'horloge de la campagne. */
function decompter() {
  const maintenant = horloge.maintenant();
  for (const decompte of corpsTableau.querySelectorAll('.mm-decompte')) {
    const reste = Number(decompte.dataset.echeance) - maintenant;
    const texte = tempsRestant(reste);
    decompte.textContent = texte ? `reste ${texte}` : 'délai dépassé';
    decompte.classList.toggle('mm-decompte--urgent', !texte || reste < 24 * 3600 * 1000);
  }
}

async function charger() {
  try {
    const reponse = await api(`/api/candidates/${encodeURIComponent(s.sujet)}/applications`);
    preferenceEnregistree = reponse.preference ?? null;
    afficher(reponse.applications);
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'Vos candidatures n’ont pas pu être chargées', texte: probleme.detail });
  }
}

/** Les changements poussés par le serveur : la ligne concernée est mise à jour sur place. */
function changements(liste) {
  let inconnue = false;
  for (const changement of liste) {
    const c = candidatures.get(changement.formationId);
    if (!c) { inconnue = true; continue; }
    const avant = c.position;
    Object.assign(c, { status: changement.status, position: changement.position, deadline: changement.deadline, contract: changement.contract ?? null });
    const texte = STATUTS[c.status]?.texte ?? c.status;
    if (changement.kind === 'position-changed' && c.position != null) {
      annoncer(`${nomFormation(c)} : vous êtes maintenant ${ordinal(c.position)} sur la liste d’attente${avant != null ? ` (vous étiez ${ordinal(avant)})` : ''}.`);
    } else if (changement.kind === 'review-requested') {
      annoncer(`${nomFormation(c)} : l’établissement vous convoque ou vous adresse une demande.`);
      inconnue = true; // le détail de la demande se relit
    } else if (changement.kind === 'offer-received') {
      annoncer(`Nouvelle proposition d’admission : ${nomFormation(c)}. Répondez avant le ${dateDelai(c.deadline)}.`);
    } else {
      annoncer(`${nomFormation(c)} : ${texte}.`);
    }
  }
  afficher([...candidatures.values()]);
  if (inconnue) charger();
  synchroniserHorloge();
}

// ----- les réponses, confirmées dans la modale -----

let reponseEnCours = null;

function listeAbandons(titre, elements) {
  if (!elements.length) return null;
  return el('div', {}, el('p', { class: 'fr-mb-1v', text: titre }),
    el('ul', { class: 'fr-mb-2w' }, elements.map(c => el('li', { text: `${nomFormation(c)}${c.status === 'waitlisted' && c.position ? ` (${ordinal(c.position)} sur la liste d’attente)` : ''}` }))));
}

/** Ce que la réponse abandonnera, dit en clair, selon le mode et les listes d'attente cochées. */
function consequences() {
  const zone = document.getElementById('modale-consequences');
  const { action, formationId } = reponseEnCours;
  const cible = candidatures.get(formationId);
  const autres = [...candidatures.values()].filter(c => c.formationId !== formationId);
  const tenue = autres.filter(c => c.status === 'accepted-provisional' || c.status === 'accepted-definitive');
  const offres = autres.filter(c => c.status === 'offer');
  const attentes = autres.filter(c => c.status === 'waitlisted' || c.status === 'submitted');
  const blocs = [];
  let titre;
  if (action === 'accepter' || action === 'definitive') {
    const mode = action === 'definitive' ? 'definitive' : document.querySelector('input[name="mode"]:checked')?.value;
    const listesGardees = document.getElementById('listes-gardees');
    if (listesGardees) listesGardees.hidden = mode === 'definitive';
    const gardees = new Set(mode === 'definitive' ? [] : [...document.querySelectorAll('input[name="garder"]:checked')].map(c => c.value));
    const abandonnees = mode === 'definitive' ? attentes : attentes.filter(c => c.status === 'waitlisted' && !gardees.has(c.formationId));
    titre = mode === 'definitive'
      ? `En acceptant définitivement « ${nomFormation(cible)} », vous quittez la procédure : toutes vos autres candidatures sont abandonnées.`
      : `En acceptant « ${nomFormation(cible)} » en maintenant des vœux en attente, vous gardez cette place et restez sur les listes d’attente cochées.`;
    blocs.push(listeAbandons('Listes d’attente abandonnées :', abandonnees));
    blocs.push(listeAbandons('Autres propositions libérées :', offres));
    blocs.push(listeAbandons('Place acceptée auparavant, libérée :', tenue));
    if (mode === 'provisional') {
      const gardeesListe = attentes.filter(c => gardees.has(c.formationId));
      blocs.push(listeAbandons('Listes d’attente conservées :', gardeesListe));
    }
    if (!blocs.some(Boolean)) blocs.push(el('p', { text: 'Aucune autre candidature n’est abandonnée.' }));
    if (mode === 'definitive') blocs.push(el('p', { class: 'fr-mb-0', text: 'Cette décision est définitive.' }));
  } else if (action === 'refuser') {
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
  const autres = [...candidatures.values()].filter(c => c.formationId !== cible.formationId && c.status === 'waitlisted');
  const radio = (valeur, libelle, aide, coche) => el('div', { class: 'fr-fieldset__element' },
    el('div', { class: 'fr-radio-group' },
      el('input', { type: 'radio', id: `mode-${valeur}`, name: 'mode', value: valeur, checked: coche, onchange: consequences }),
      el('label', { class: 'fr-label', for: `mode-${valeur}` }, libelle, el('span', { class: 'fr-hint-text', text: aide }))));
  const champs = [el('fieldset', { class: 'fr-fieldset', 'aria-labelledby': 'mode-legende' },
    el('legend', { class: 'fr-fieldset__legend', id: 'mode-legende', text: 'Comment acceptez-vous cette proposition ?' }),
    radio('provisional', 'Accepter en maintenant des vœux en attente', 'Vous gardez cette place et restez sur les listes d’attente que vous cochez.', true),
    radio('definitive', 'Accepter définitivement', 'Vous quittez la procédure : toutes vos autres candidatures sont abandonnées.', false))];
  if (autres.length) {
    champs.push(el('fieldset', { class: 'fr-fieldset', id: 'listes-gardees', 'aria-labelledby': 'garder-legende' },
      el('legend', { class: 'fr-fieldset__legend', id: 'garder-legende' }, 'Listes d’attente à conserver', el('span', { class: 'fr-hint-text', text: 'Seulement si vous acceptez en maintenant des vœux en attente.' })),
      autres.map(c => el('div', { class: 'fr-fieldset__element' },
        el('div', { class: 'fr-checkbox-group' },
          el('input', { type: 'checkbox', id: `garder-${c.formationId}`, name: 'garder', value: c.formationId, checked: true, onchange: consequences }),
          el('label', { class: 'fr-label', for: `garder-${c.formationId}`, text: `${nomFormation(c)} (${ordinal(c.position)} sur la liste d’attente)` }))))));
  }
  return champs;
}

function ouvrirModale(action, formationId) {
  const cible = candidatures.get(formationId);
  if (!cible) return;
  reponseEnCours = { action, formationId };
  const titres = {
    accepter: `Accepter la proposition : ${nomFormation(cible)}`,
    definitive: `Accepter définitivement : ${nomFormation(cible)}`,
    refuser: cible.status === 'accepted-provisional' ? `Renoncer à la place : ${nomFormation(cible)}` : `Refuser la proposition : ${nomFormation(cible)}`,
    renoncer: `Quitter la liste d’attente : ${nomFormation(cible)}`,
  };
  const confirmations = { accepter: 'Confirmer l’acceptation', definitive: 'Confirmer l’acceptation définitive', refuser: 'Confirmer le refus', renoncer: 'Confirmer' };
  document.getElementById('modale-titre').textContent = titres[action];
  document.getElementById('modale-formulaire').replaceChildren(...(action === 'accepter' ? formulaireAcceptation(cible) : []));
  const confirmer = document.getElementById('modale-confirmer');
  confirmer.textContent = confirmations[action];
  confirmer.disabled = false;
  consequences();
  dsfr(modale).modal.disclose();
}

async function confirmer() {
  if (!reponseEnCours) return;
  const { action, formationId } = reponseEnCours;
  const cible = candidatures.get(formationId);
  const bouton = document.getElementById('modale-confirmer');
  bouton.disabled = true;
  const base = `/api/candidates/${encodeURIComponent(s.sujet)}`;
  const id = encodeURIComponent(formationId);
  let succes;
  try {
    if (action === 'accepter' || action === 'definitive') {
      const mode = action === 'definitive' ? 'definitive' : document.querySelector('input[name="mode"]:checked')?.value ?? 'provisional';
      const gardees = [...document.querySelectorAll('input[name="garder"]:checked')].map(c => c.value);
      // Les candidatures pas encore classées ne sont jamais abandonnées par mégarde.
      const nonClassees = [...candidatures.values()].filter(c => c.status === 'submitted').map(c => c.formationId);
      await api(`${base}/offers/${id}/accept`, { methode: 'POST', json: { mode, keepWaitlists: mode === 'provisional' ? [...gardees, ...nonClassees] : [] } });
      succes = mode === 'definitive'
        ? `Vous avez accepté définitivement la proposition « ${nomFormation(cible)} ».`
        : `Vous avez accepté la proposition « ${nomFormation(cible)} » en maintenant ${gardees.length} vœu${gardees.length > 1 ? 'x' : ''} en attente.`;
    } else if (action === 'refuser') {
      await api(`${base}/offers/${id}/refuse`, { methode: 'POST' });
      succes = `Vous avez refusé « ${nomFormation(cible)} ».`;
    } else {
      await api(`${base}/waitlists/${id}/renounce`, { methode: 'POST' });
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
  await charger();
  // Les formations enregistrent la réponse juste après : une seconde lecture rattrape ce que les messages
  // en direct n'auraient pas encore apporté.
  setTimeout(charger, 1500);
}

document.getElementById('modale-confirmer').addEventListener('click', confirmer);

// ----- mon ordre de préférence (17–23 juin) -----

/** Les candidatures encore en cours qui se classent (la place acceptée provisoirement reste en dernier). */
const EN_COURS = new Set(['waitlisted', 'contract-search', 'submitted']);
const contenuPreference = document.getElementById('preference-contenu');
const resultatPreference = document.getElementById('preference-resultat');
/** Les formations classées, hors place acceptée, dans l'ordre affiché (modifications non enregistrées comprises). */
let ordre = [];
let ordreModifie = false;
let signaturePreference = '';

const memes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function etatPreference(tenue) {
  const enregistre = preferenceEnregistree?.filter(id => id !== tenue?.formationId);
  if (!enregistre) return { texte: 'Ordre pas encore enregistré', badge: 'warning', cle: 'absent' };
  if (!ordreModifie && memes(enregistre, ordre)) return { texte: 'Ordre enregistré', badge: 'success', cle: 'enregistre' };
  return { texte: 'Modifications non enregistrées', badge: 'warning', cle: 'modifie' };
}

function elementPreference(c, i, n) {
  const nom = nomFormation(c);
  const fleche = (texte, sens, icone, desactive) => el('li', {}, el('button', {
    type: 'button', class: `fr-btn fr-btn--sm fr-btn--tertiary fr-btn--icon-left ${icone}`, [`data-${sens}`]: c.formationId,
    disabled: desactive, onclick: () => deplacer(c.formationId, sens === 'monter' ? -1 : 1),
  }, texte, el('span', { class: 'mm-sr-only', text: ` : ${nom}` })));
  return el('li', { class: 'mm-preference', id: `preference-${c.formationId}`, 'data-formation': c.formationId },
    el('div', { class: 'mm-preference__ligne' },
      el('div', {},
        el('span', { class: 'mm-formation__mention', text: c.mention ?? c.formationId }),
        el('span', { class: 'mm-formation__details', text: [c.establishment, PARCOURS[c.track], STATUTS[c.status]?.texte].filter(Boolean).join(' · ') })),
      el('ul', { class: 'fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left' },
        fleche('Monter', 'monter', 'fr-icon-arrow-up-line', i === 0),
        fleche('Descendre', 'descendre', 'fr-icon-arrow-down-line', i === n - 1))));
}

/** Le bloc, reconstruit seulement quand la liste, l'ordre ou son état change (le focus n'est pas perdu sinon). */
function afficherPreferences() {
  const section = document.getElementById('ordre-preference');
  const ouverte = fenetreOuverte(FENETRES.preferences, horloge.maintenant());
  section.hidden = !ouverte;
  if (!ouverte) { signaturePreference = ''; return; }
  const liste = [...candidatures.values()];
  const definitive = liste.find(c => c.status === 'accepted-definitive');
  const tenue = liste.find(c => c.status === 'accepted-provisional');
  const restantes = liste.filter(c => EN_COURS.has(c.status));
  const ids = new Set(restantes.map(c => c.formationId));
  // L'ordre affiché, sinon l'ordre enregistré ; une candidature nouvelle vient à la suite (juste avant la place acceptée).
  const base = ordre.length ? ordre : (preferenceEnregistree ?? []);
  ordre = [...base.filter(id => ids.has(id)), ...restantes.map(c => c.formationId).filter(id => !base.includes(id))];
  const etat = etatPreference(tenue);
  const sig = [definitive?.formationId, tenue?.formationId, etat.cle, ...ordre.map(id => `${id}:${candidatures.get(id).status}`)].join('|');
  if (sig === signaturePreference) return;
  signaturePreference = sig;

  document.getElementById('preference-etat').replaceChildren(definitive ? '' :
    el('span', { class: `fr-badge fr-badge--sm fr-badge--${etat.badge}`, 'data-etat-preference': etat.cle, text: etat.texte }));
  if (definitive) {
    contenuPreference.replaceChildren(el('div', { class: 'fr-alert fr-alert--info fr-alert--sm' },
      el('p', { text: `Vous avez accepté définitivement « ${nomFormation(definitive)} » : vous n’avez pas d’ordre de préférence à donner.` })));
    return;
  }
  if (!ordre.length) {
    contenuPreference.replaceChildren(el('p', { text: 'Aucune candidature en cours à classer.' }));
    return;
  }
  contenuPreference.replaceChildren(
    el('ol', { class: 'mm-preferences', id: 'preferences-liste', 'aria-label': 'Mes candidatures, de la préférée à la moins souhaitée' },
      ordre.map((id, i) => elementPreference(candidatures.get(id), i, ordre.length)),
      tenue ? el('li', { class: 'mm-preference mm-preference--tenue', id: `preference-${tenue.formationId}`, 'data-formation': tenue.formationId, 'data-tenue': '' },
        el('div', { class: 'mm-preference__ligne' },
          el('div', {},
            el('span', { class: 'mm-formation__mention', text: tenue.mention ?? tenue.formationId }),
            el('span', { class: 'mm-formation__details', text: [tenue.establishment, PARCOURS[tenue.track]].filter(Boolean).join(' · ') })),
          el('p', { class: 'fr-badge fr-badge--sm fr-badge--success fr-badge--no-icon', text: 'Place acceptée : toujours classée en dernier' }))) : null),
    el('ul', { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-2w' },
      el('li', {}, el('button', { type: 'button', class: 'fr-btn fr-icon-save-line', id: 'preferences-enregistrer', onclick: enregistrerPreferences },
        'Enregistrer mon ordre de préférence'))));
}

/** Monte (-1) ou descend (+1) une candidature ; le focus reste sur la candidature déplacée. */
function deplacer(formationId, sens) {
  const i = ordre.indexOf(formationId), j = i + sens;
  if (i < 0 || j < 0 || j >= ordre.length) return;
  [ordre[i], ordre[j]] = [ordre[j], ordre[i]];
  ordreModifie = true;
  afficherPreferences();
  const meme = document.querySelector(`[data-${sens < 0 ? 'monter' : 'descendre'}="${CSS.escape(formationId)}"]`);
  const autre = document.querySelector(`[data-${sens < 0 ? 'descendre' : 'monter'}="${CSS.escape(formationId)}"]`);
  (meme && !meme.disabled ? meme : autre)?.focus();
  annoncer(`« ${nomFormation(candidatures.get(formationId))} » est maintenant ${ordinal(j + 1)} sur ${ordre.length}.`);
}

async function enregistrerPreferences() {
  const bouton = document.getElementById('preferences-enregistrer');
  bouton.disabled = true;
  const tenue = [...candidatures.values()].find(c => c.status === 'accepted-provisional');
  const formations = [...ordre, ...(tenue ? [tenue.formationId] : [])];
  try {
    await api(`/api/candidates/${encodeURIComponent(s.sujet)}/preferences`, { methode: 'PUT', json: { formations } });
    preferenceEnregistree = formations;
    ordreModifie = false;
    alerte(resultatPreference, {
      type: 'success', titre: 'Ordre de préférence enregistré',
      texte: `Vos ${formations.length} candidatures sont classées, de « ${nomFormation(candidatures.get(formations[0]))} » à « ${nomFormation(candidatures.get(formations.at(-1)))} ». Vous pouvez le modifier jusqu’au 23 juin à 23 h 59.`,
    });
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatPreference, { type: 'error', titre: 'Votre ordre de préférence n’a pas été enregistré', texte: probleme.detail });
  } finally {
    bouton.disabled = false;
  }
  // Relu : une candidature faite ailleurs entre-temps apparaît, à classer.
  await charger();
}

// ----- mon contrat d'alternance -----

const listeContrats = document.getElementById('contrats-liste');
const resultatContrats = document.getElementById('contrats-resultat');
const cheminContrat = formationId => `/api/formations/${encodeURIComponent(formationId)}/contracts/${encodeURIComponent(s.sujet)}`;
let signatureContrats = '';

function blocContrat(c) {
  const id = c.formationId;
  const champ = `contrat-fichier-${id}`;
  const nom = nomFormation(c);
  const bloc = el('div', { class: 'fr-mb-4w', id: `contrat-${id}`, 'data-formation': id, tabindex: '-1' },
    el('h3', { class: 'fr-h6 fr-mb-1w', text: nom }),
    badgeContrat(c.contract),
    c.contract ? el('p', { class: 'fr-mt-1w fr-mb-1w' }, el('a', {
      class: 'fr-link fr-link--sm fr-icon-download-line fr-link--icon-left', href: cheminContrat(id), 'data-telecharger-contrat': id,
      onclick: e => telechargerContrat(e, c),
    }, 'Télécharger mon contrat', el('span', { class: 'mm-sr-only', text: ` : ${nom}` }))) : null);
  if (c.status !== 'contract-search' || c.contract === 'validated') return bloc;
  bloc.append(el('form', { class: 'fr-mt-2w', 'data-contrat-formulaire': id, novalidate: true, onsubmit: e => deposerContrat(e, c) },
    el('div', { class: 'fr-upload-group', id: `groupe-${champ}` },
      el('label', { class: 'fr-label', for: champ }, c.contract ? `Nouveau contrat pour ${nom}` : `Contrat signé pour ${nom}`,
        el('span', { class: 'fr-hint-text', text: 'JPEG, JPG, PNG ou PDF, 2 Mo au plus ; nom du fichier sans accent ni espace.' })),
      el('input', { class: 'fr-upload', type: 'file', id: champ, name: 'file', accept: '.jpeg,.jpg,.png,.pdf,image/jpeg,image/png,application/pdf', 'aria-describedby': `${champ}-messages` }),
      el('div', { class: 'fr-messages-group', id: `${champ}-messages`, 'aria-live': 'polite' })),
    el('ul', { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-2w' },
      el('li', {}, el('button', { class: 'fr-btn fr-btn--secondary fr-icon-upload-2-line', type: 'submit', 'data-deposer-contrat': id },
        'Déposer le contrat', el('span', { class: 'mm-sr-only', text: ` : ${nom}` }))))));
  return bloc;
}

/** Les candidatures en alternance où un contrat se dépose ou a été déposé ; reconstruit seulement si leur état change. */
function afficherContrats() {
  const liste = [...candidatures.values()].filter(c => c.track === 'work-study' && (c.status === 'contract-search' || c.contract));
  document.getElementById('mes-contrats').hidden = liste.length === 0;
  const sig = liste.map(c => `${c.formationId}:${c.status}:${c.contract ?? ''}`).join('|');
  if (sig === signatureContrats) return;
  signatureContrats = sig;
  listeContrats.replaceChildren(...liste.map(blocContrat));
}

async function deposerContrat(evenement, c) {
  evenement.preventDefault();
  const champ = `contrat-fichier-${c.formationId}`;
  const entree = document.getElementById(champ);
  const fichier = entree.files[0];
  resultatContrats.replaceChildren();
  erreurChamp(`groupe-${champ}`, champ, fichier ? null : 'Choisissez le fichier du contrat.', 'fr-upload');
  if (!fichier) { entree.focus(); return; }
  const bouton = evenement.currentTarget.querySelector('button[type=submit]');
  bouton.disabled = true;
  try {
    const formulaire = new FormData();
    formulaire.append('file', fichier, fichier.name);
    const contrat = await api(`/api/candidates/${encodeURIComponent(s.sujet)}/contracts/${encodeURIComponent(c.formationId)}`, { methode: 'PUT', formulaire });
    alerte(resultatContrats, {
      type: 'success', titre: 'Contrat déposé',
      texte: `« ${contrat.fileName} » (${taille(contrat.size)}) est transmis à ${c.establishment ?? 'l’établissement'}, qui le validera ou le refusera.`,
    });
    await charger();
  } catch (probleme) {
    // Rien n'est enregistré. Le serveur dit quelle règle le fichier enfreint (près du champ), ou pourquoi le contrat
    // n'est pas pris (période, contrat déjà validé…) : une alerte.
    if (probleme.statut === 401) return;
    if (probleme.code?.startsWith('file-')) {
      erreurChamp(`groupe-${champ}`, champ, probleme.detail, 'fr-upload');
      entree.focus();
    } else {
      alerte(resultatContrats, { type: 'error', titre: 'Votre contrat n’a pas été déposé', texte: probleme.detail });
    }
  } finally {
    bouton.disabled = false;
  }
}

async function telechargerContrat(evenement, c) {
  evenement.preventDefault();
  try {
    await telechargerFichier(cheminContrat(c.formationId), `contrat-${c.formationId}`);
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatContrats, { type: 'error', titre: 'Le contrat n’a pas pu être téléchargé', texte: probleme.detail });
  }
}

// ----- mes pièces -----

const corpsPieces = document.getElementById('pieces-deposees');
const resultatPieces = document.getElementById('pieces-resultat');
const cheminPieces = () => `/api/candidates/${encodeURIComponent(s.sujet)}/pieces`;

const unDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const dateDepot = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** « 18 Ko », « 1,4 Mo » (1 Ko = 1 024 octets, comme la limite de 2 Mo). */
function taille(octets) {
  const ko = octets / 1024;
  return ko < 1024 ? `${unDecimal.format(ko < 10 ? ko : Math.round(ko))}\u00a0Ko` : `${unDecimal.format(ko / 1024)}\u00a0Mo`;
}

/** Télécharge la pièce avec le jeton (un simple lien n'en porterait pas). */
async function telecharger(evenement, p) {
  evenement.preventDefault();
  try {
    await telechargerFichier(evenement.currentTarget.getAttribute('href'), p.fileName);
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatPieces, { type: 'error', titre: 'La pièce n’a pas pu être téléchargée', texte: probleme.detail });
  }
}

function lignePiece(p) {
  const libelle = PIECES[p.kind] ?? p.kind;
  return el('tr', { id: `piece-${p.kind}`, 'data-piece': p.kind },
    el('th', { scope: 'row', text: libelle }),
    el('td', { class: 'mm-fichier', 'data-fichier': '', text: p.fileName }),
    el('td', { class: 'mm-nombre fr-cell--right', 'data-taille': String(p.size), text: taille(p.size) }),
    el('td', { text: dateDepot.format(new Date(p.uploadedAt)) }),
    el('td', {}, el('a', {
      class: 'fr-link fr-link--sm fr-icon-download-line fr-link--icon-left', href: `${cheminPieces()}/${encodeURIComponent(p.kind)}`,
      download: p.fileName, onclick: e => telecharger(e, p),
    }, 'Télécharger', el('span', { class: 'mm-sr-only', text: ` : ${libelle} (${p.fileName}, ${taille(p.size)})` }))));
}

function afficherPieces(liste) {
  const ordre = Object.keys(PIECES);
  const triees = [...liste].sort((a, b) => ordre.indexOf(a.kind) - ordre.indexOf(b.kind));
  corpsPieces.replaceChildren(...(triees.length ? triees.map(lignePiece)
    : [el('tr', {}, el('td', { colspan: '5', text: 'Vous n’avez déposé aucune pièce.' }))]));
}

async function chargerPieces() {
  try {
    afficherPieces(await api(cheminPieces()));
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatPieces, { type: 'error', titre: 'Vos pièces n’ont pas pu être chargées', texte: probleme.detail });
  }
}

function erreurChamp(groupe, champ, texte, classe) {
  document.getElementById(groupe).classList.toggle(`${classe}-group--error`, Boolean(texte));
  document.getElementById(`${champ}-messages`).replaceChildren(...(texte ? [el('p', { class: 'fr-message fr-message--error', text: texte })] : []));
}

const choixPiece = document.getElementById('piece-type');
choixPiece.append(...Object.entries(PIECES).map(([valeur, libelle]) => el('option', { value: valeur, text: libelle })));

document.getElementById('pieces-formulaire').addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const champFichier = document.getElementById('piece-fichier');
  const kind = choixPiece.value;
  const fichier = champFichier.files[0];
  resultatPieces.replaceChildren();
  erreurChamp('groupe-piece-type', 'piece-type', kind ? null : 'Choisissez le type de pièce.', 'fr-select');
  erreurChamp('groupe-piece-fichier', 'piece-fichier', fichier ? null : 'Choisissez le fichier à déposer.', 'fr-upload');
  if (!kind || !fichier) { (kind ? champFichier : choixPiece).focus(); return; }
  const bouton = document.getElementById('piece-deposer');
  bouton.disabled = true;
  try {
    const formulaire = new FormData();
    formulaire.append('file', fichier, fichier.name);
    const piece = await api(`${cheminPieces()}/${encodeURIComponent(kind)}`, { methode: 'PUT', formulaire });
    champFichier.value = '';
    alerte(resultatPieces, { type: 'success', titre: 'Pièce déposée', texte: `${PIECES[kind]} : « ${piece.fileName} » (${taille(piece.size)}) est enregistrée dans votre dossier.` });
    await chargerPieces();
    const ligne = document.getElementById(`piece-${kind}`);
    if (ligne) surligner(ligne);
  } catch (probleme) {
    // Le serveur dit quelle règle le fichier enfreint ; rien n'est ajouté au dossier.
    if (probleme.statut !== 401) {
      erreurChamp('groupe-piece-fichier', 'piece-fichier', probleme.detail, 'fr-upload');
      champFichier.focus();
    }
  } finally {
    bouton.disabled = false;
  }
});

// ----- mes favoris (section 1 : mis de côté en cherchant un master) -----

const listeFavoris = document.getElementById('favoris-liste');
const resultatFavoris = document.getElementById('favoris-resultat');
const cheminFavoris = formationId => `/api/candidates/${encodeURIComponent(s.sujet)}/favourites${formationId ? `/${encodeURIComponent(formationId)}` : ''}`;

function ligneFavori(h) {
  const nom = `${h.mention} — ${h.establishment}`;
  return el('li', { class: 'mm-favori', id: `favori-${h.id}`, 'data-formation': h.id },
    el('div', {},
      el('a', { class: 'fr-link mm-formation__mention', href: `formation.html?id=${encodeURIComponent(h.id)}`, text: h.mention }),
      el('span', { class: 'mm-formation__etablissement', text: h.establishment }),
      el('span', { class: 'mm-formation__details', text: [h.parcours, `${h.commune} (${h.departementCode})`, h.viaPlatform ? null : 'candidature auprès de l’établissement'].filter(Boolean).join(' · ') })),
    el('button', {
      type: 'button', class: 'fr-btn fr-btn--sm fr-btn--tertiary fr-icon-delete-line fr-btn--icon-left', 'data-retirer-favori': h.id,
      onclick: () => retirerFavori(h, nom),
    }, 'Retirer', el('span', { class: 'mm-sr-only', text: ` ${nom} de mes favoris` })));
}

async function chargerFavoris() {
  try {
    const liste = await api(cheminFavoris());
    listeFavoris.replaceChildren(...(liste.length ? liste.map(ligneFavori)
      : [el('li', {}, 'Aucun favori pour l’instant : ajoutez-en depuis la ', el('a', { class: 'fr-link', href: 'recherche.html', text: 'recherche' }), '.')]));
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatFavoris, { type: 'error', titre: 'Vos favoris n’ont pas pu être chargés', texte: probleme.detail });
  }
}

async function retirerFavori(h, nom) {
  try {
    await api(cheminFavoris(h.id), { methode: 'DELETE' });
    annoncer(`${nom} retirée de vos favoris.`);
    await chargerFavoris();
    (listeFavoris.querySelector('button') ?? document.getElementById('favoris-titre')).focus?.();
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatFavoris, { type: 'error', titre: 'Ce favori n’a pas été retiré', texte: probleme.detail });
  }
}

async function demarrer() {
  entete(s);
  await Promise.all([charger(), synchroniserHorloge(), chargerPieces(), chargerFavoris()]);
  setInterval(decompter, 1000);
  setInterval(synchroniserHorloge, 5000);
  await direct('/hubs/candidate', { changes: changements }, charger);
}

if (s) demarrer();

// ----- mes convocations et demandes (section 3) -----

const TYPES_DEMANDE = {
  'interview': 'Convocation à un entretien',
  'written-exam': 'Convocation à une épreuve écrite',
  'competition': 'Convocation à un concours',
  'clarification': 'Demande de précision',
  'new-version': 'Demande d’une autre version d’une pièce',
};
const resultatDemandes = document.getElementById('demandes-resultat');
let signatureDemandes = '';

function blocDemande(c, d) {
  const id = `demande-${c.formationId}-${d.id}`;
  const ouverte = new Date(d.answerBy).getTime() > horloge.maintenant();
  const bloc = el('div', { class: 'fr-callout fr-mb-3w', id, 'data-demande': String(d.id), 'data-formation': c.formationId },
    el('h3', { class: 'fr-callout__title fr-h6', text: `${TYPES_DEMANDE[d.kind] ?? d.kind} — ${nomFormation(c)}` }),
    el('p', { class: 'fr-callout__text', text: d.message }),
    d.at ? el('p', { class: 'fr-text--sm fr-mb-1w', text: `Le ${dateComplete(d.at)}${d.place ? `, ${d.place}` : ''}` }) : null,
    d.link ? el('p', { class: 'fr-text--sm fr-mb-1w' }, el('a', { class: 'fr-link', href: d.link, rel: 'noopener', text: d.link })) : null,
    el('p', { class: 'fr-text--sm fr-mb-1w', text: `Réponse attendue avant le ${dateComplete(d.answerBy)}.` }),
    d.answer ? el('p', { class: 'fr-text--sm', 'data-reponse': '', text: `Votre réponse : ${d.answer}` }) : null);
  if (ouverte) {
    const champ = `${id}-texte`;
    const formulaire = el('form', { novalidate: true },
      el('div', { class: 'fr-input-group' },
        el('label', { class: 'fr-label', for: champ, text: d.answer ? 'Modifier ma réponse' : 'Ma réponse' }),
        el('textarea', { class: 'fr-input', id: champ, rows: '3', maxlength: '2000' })),
      el('button', { class: 'fr-btn fr-btn--sm', type: 'submit', 'data-repondre': String(d.id), text: 'Envoyer ma réponse' }));
    formulaire.addEventListener('submit', async evenement => {
      evenement.preventDefault();
      const texte = document.getElementById(champ).value.trim();
      if (!texte) { alerte(resultatDemandes, { type: 'error', texte: 'Écrivez votre réponse avant de l’envoyer.' }); return; }
      try {
        await api(`/api/candidates/${encodeURIComponent(s.sujet)}/applications/${encodeURIComponent(c.formationId)}/reviews/${d.id}/answer`, { methode: 'POST', json: { answer: texte } });
        alerte(resultatDemandes, { type: 'success', texte: `Votre réponse est transmise à ${c.establishment ?? 'l’établissement'}.` });
        await charger();
      } catch (probleme) {
        alerte(resultatDemandes, { type: 'error', titre: 'Votre réponse n’a pas été transmise', texte: probleme.detail });
      }
    });
    bloc.append(formulaire);
  }
  return bloc;
}

/** Les convocations et demandes de toutes les candidatures ; reconstruit seulement si elles changent. */
function afficherDemandes() {
  const demandes = [...candidatures.values()].flatMap(c => (c.reviews ?? []).map(d => [c, d]));
  document.getElementById('mes-demandes').hidden = demandes.length === 0;
  const sig = demandes.map(([c, d]) => `${c.formationId}:${d.id}:${d.answer ?? ''}`).join('|');
  if (sig === signatureDemandes) return;
  signatureDemandes = sig;
  document.getElementById('demandes-liste').replaceChildren(...demandes.map(([c, d]) => blocDemande(c, d)));
}
