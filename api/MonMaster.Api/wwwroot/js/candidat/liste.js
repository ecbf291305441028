// Le tableau des candidatures : statut, position, délai et décompte, et les réponses que le serveur dit ouvertes ; mis
// à jour sur place, ligne par ligne, à chaque lecture et à chaque changement poussé en direct (/hubs/candidate).
import {
  PARCOURS, PIECES, STATUTS, alerte, annoncer, badgeContrat, badgeStatut, dateDelai, el, surligner, tempsRestant,
} from '../commun.js';
import { abonner, action, bientot, etat, horloge, nomFormation, ordinal, retenirPousse, publier, s, surEchec } from './etat.js';
import { ouvrirModale } from './reponses.js';

const corpsTableau = document.getElementById('candidatures');
const alertes = document.getElementById('alertes');
let premierAffichage = true;

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

function bouton(texte, reponse, c, classe, icone) {
  return el('li', {}, el('button', {
    type: 'button', class: `fr-btn fr-btn--sm ${classe} fr-btn--icon-left ${icone}`, 'data-action': reponse,
    'data-formation': c.formationId, onclick: () => ouvrirModale(reponse, c.formationId),
  }, texte, el('span', { class: 'mm-sr-only', text: ` : ${nomFormation(c)}` })));
}

/** Les réponses que le serveur dit ouvertes maintenant sur cette candidature. */
function celluleActions(c) {
  const boutons = [];
  const tenue = c.status === 'accepted-provisional';
  if (!tenue && (action('accept-provisional', c) || action('accept-definitive', c))) boutons.push(bouton('Accepter', 'accepter', c, '', 'fr-icon-check-line'));
  if (tenue && action('accept-definitive', c)) boutons.push(bouton('Accepter définitivement', 'definitive', c, '', 'fr-icon-check-line'));
  if (action('refuse', c)) boutons.push(bouton(tenue ? 'Renoncer' : 'Refuser', 'refuser', c, 'fr-btn--secondary', 'fr-icon-close-line'));
  if (action('renounce', c)) boutons.push(bouton('Quitter la liste', 'renoncer', c, 'fr-btn--tertiary', 'fr-icon-logout-box-r-line'));
  if (action('upload-contract', c)) {
    boutons.push(el('li', {}, el('a', {
      class: 'fr-btn fr-btn--sm fr-btn--secondary fr-btn--icon-left fr-icon-upload-2-line', href: `#contrat-${c.formationId}`, 'data-action': 'contrat',
    }, c.contract ? 'Remplacer mon contrat' : 'Déposer mon contrat', el('span', { class: 'mm-sr-only', text: ` : ${nomFormation(c)}` }))));
  }
  return boutons.length ? el('ul', { class: 'fr-btns-group fr-btns-group--sm fr-btns-group--icon-left' }, boutons) : el('span', { 'aria-label': 'Aucune réponse attendue', text: '—' });
}

const signature = c => `${c.status}|${c.position ?? ''}|${c.deadline ?? ''}|${c.contract ?? ''}|${(c.actions ?? []).map(a => a.action).join(',')}`;

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

const ligneMessage = texte => el('tr', {}, el('td', { colspan: '5', text: texte }));

/** Met le tableau à jour sur place : seules les lignes qui ont changé sont réécrites (et mises en évidence). */
function afficher({ candidatures }) {
  const liste = [...candidatures.values()];
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
  if (liste.length === 0) corpsTableau.replaceChildren(ligneMessage('Vous n’avez aucune candidature dans cette campagne.'));
  premierAffichage = false;
  for (const ligne of changees) surligner(ligne);
  resumer(liste);
  decompter();
}

function resumer(liste) {
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
export function decompter() {
  const maintenant = horloge.maintenant();
  for (const decompte of corpsTableau.querySelectorAll('.mm-decompte')) {
    const reste = Number(decompte.dataset.echeance) - maintenant;
    const texte = tempsRestant(reste);
    decompte.textContent = texte ? `reste ${texte}` : 'délai dépassé';
    decompte.classList.toggle('mm-decompte--urgent', !texte || reste < 24 * 3600 * 1000);
  }
}

/** Les changements poussés par le serveur : la ligne concernée est mise à jour sur place. */
export function changements(liste) {
  let relire = false;
  for (const changement of liste) {
    retenirPousse(changement);
    const c = etat.candidatures.get(changement.formationId);
    if (!c) { relire = true; continue; }
    const avant = c.position;
    // Un autre statut ouvre d'autres réponses : elles restent fermées jusqu'à ce que le serveur les dise.
    if (c.status !== changement.status || (c.contract ?? null) !== (changement.contract ?? null)) { c.actions = []; relire = true; }
    Object.assign(c, { status: changement.status, position: changement.position, deadline: changement.deadline, contract: changement.contract ?? null });
    const texte = STATUTS[c.status]?.texte ?? c.status;
    if (changement.kind === 'position-changed' && c.position != null) {
      annoncer(`${nomFormation(c)} : vous êtes maintenant ${ordinal(c.position)} sur la liste d’attente${avant != null ? ` (vous étiez ${ordinal(avant)})` : ''}.`);
    } else if (changement.kind === 'review-requested') {
      annoncer(`${nomFormation(c)} : l’établissement vous convoque ou vous adresse une demande.`);
      relire = true; // le détail de la demande se relit
    } else if (changement.kind === 'offer-received') {
      annoncer(`Nouvelle proposition d’admission : ${nomFormation(c)}. Répondez avant le ${dateDelai(c.deadline)}.`);
    } else {
      annoncer(`${nomFormation(c)} : ${texte}.`);
    }
  }
  publier();
  if (relire) bientot();
}

abonner(afficher);

surEchec(probleme => {
  if (probleme.statut === 401) return;
  alerte(alertes, { type: 'error', titre: 'Vos candidatures n’ont pas pu être chargées', texte: probleme.detail });
  // Le tableau ne reste pas « en chargement » à côté de l'erreur.
  if (!etat.lues) {
    corpsTableau.replaceChildren(ligneMessage(probleme.code === 'unknown-candidate'
      ? `Aucun dossier candidat ne porte le numéro ${s.sujet} dans cette campagne : vérifiez votre numéro, ou candidatez depuis la recherche pour créer votre dossier.`
      : 'Vos candidatures ne sont pas affichées : rechargez la page pour réessayer.'));
  }
});
