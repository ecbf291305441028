// Mes pièces (section 2) : dépôt (/api/candidates/{id}/pieces/{type}), liste et téléchargement ; la date de dépôt est
// celle de l'horloge de la campagne, que le serveur inscrit.
import { FUSEAU, PIECES, alerte, api, el, surligner, telechargerFichier } from '../commun.js';
import { base, erreurChamp, taille } from './etat.js';

const corps = document.getElementById('pieces-deposees');
const resultat = document.getElementById('pieces-resultat');
const choix = document.getElementById('piece-type');
const champFichier = document.getElementById('piece-fichier');
const cheminPieces = () => `${base()}/pieces`;

const dateDepot = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Télécharge la pièce avec le jeton (un simple lien n'en porterait pas). */
async function telecharger(evenement, p) {
  evenement.preventDefault();
  try {
    await telechargerFichier(evenement.currentTarget.getAttribute('href'), p.fileName);
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'La pièce n’a pas pu être téléchargée', texte: probleme.detail });
  }
}

function lignePiece(p) {
  const libelle = PIECES[p.kind] ?? p.kind;
  return el('tr', { id: `piece-${p.kind}`, 'data-piece': p.kind },
    el('th', { scope: 'row', text: libelle }),
    el('td', { class: 'mm-fichier', 'data-fichier': '', text: p.fileName }),
    el('td', { class: 'mm-nombre fr-cell--right', 'data-taille': String(p.size), text: taille(p.size) }),
    el('td', { 'data-depot': p.uploadedAt, text: dateDepot.format(new Date(p.uploadedAt)) }),
    el('td', {}, el('a', {
      class: 'fr-link fr-link--sm fr-icon-download-line fr-link--icon-left', href: `${cheminPieces()}/${encodeURIComponent(p.kind)}`,
      download: p.fileName, onclick: e => telecharger(e, p),
    }, 'Télécharger', el('span', { class: 'mm-sr-only', text: ` : ${libelle} (${p.fileName}, ${taille(p.size)})` }))));
}

function afficherPieces(liste) {
  const ordre = Object.keys(PIECES);
  const triees = [...liste].sort((a, b) => ordre.indexOf(a.kind) - ordre.indexOf(b.kind));
  corps.replaceChildren(...(triees.length ? triees.map(lignePiece)
    : [el('tr', {}, el('td', { colspan: '5', text: 'Vous n’avez déposé aucune pièce.' }))]));
}

export async function chargerPieces() {
  try {
    afficherPieces(await api(cheminPieces()));
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Vos pièces n’ont pas pu être chargées', texte: probleme.detail });
  }
}

choix.append(...Object.entries(PIECES).map(([valeur, libelle]) => el('option', { value: valeur, text: libelle })));

// Un nouveau choix efface l'erreur du précédent : elle parlait d'un autre fichier (ou d'aucun type choisi).
champFichier.addEventListener('change', () => erreurChamp('groupe-piece-fichier', 'piece-fichier', null, 'fr-upload'));
choix.addEventListener('change', () => erreurChamp('groupe-piece-type', 'piece-type', null, 'fr-select'));

document.getElementById('pieces-formulaire').addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const kind = choix.value;
  const fichier = champFichier.files[0];
  resultat.replaceChildren();
  erreurChamp('groupe-piece-type', 'piece-type', kind ? null : 'Choisissez le type de pièce.', 'fr-select');
  erreurChamp('groupe-piece-fichier', 'piece-fichier', fichier ? null : 'Choisissez le fichier à déposer.', 'fr-upload');
  if (!kind || !fichier) { (kind ? champFichier : choix).focus(); return; }
  const bouton = document.getElementById('piece-deposer');
  bouton.disabled = true;
  try {
    const formulaire = new FormData();
    formulaire.append('file', fichier, fichier.name);
    const piece = await api(`${cheminPieces()}/${encodeURIComponent(kind)}`, { methode: 'PUT', formulaire });
    champFichier.value = '';
    alerte(resultat, { type: 'success', titre: 'Pièce déposée', texte: `${PIECES[kind]} : « ${piece.fileName} » (${taille(piece.size)}) est enregistrée dans votre dossier.` });
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
