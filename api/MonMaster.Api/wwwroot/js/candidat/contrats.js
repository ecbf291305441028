// Mon contrat d'alternance (section 4) : pour chaque candidature en alternance où un contrat se dépose (le serveur dit
// « upload-contract » ouvert) ou a été déposé ; dépôt (/api/candidates/{id}/contracts/{formation}) et téléchargement.
import { alerte, api, badgeContrat, el, telechargerFichier } from '../commun.js';
import { abonner, action, base, charger, erreurChamp, etat, nomFormation, s, taille } from './etat.js';

const liste = document.getElementById('contrats-liste');
const resultat = document.getElementById('contrats-resultat');
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
  if (!action('upload-contract', c)) return bloc;
  const entree = el('input', { class: 'fr-upload', type: 'file', id: champ, name: 'file', accept: '.jpeg,.jpg,.png,.pdf,image/jpeg,image/png,application/pdf', 'aria-describedby': `${champ}-messages` });
  // Un nouveau choix de fichier efface l'erreur du précédent.
  entree.addEventListener('change', () => erreurChamp(`groupe-${champ}`, champ, null, 'fr-upload'));
  bloc.append(el('form', { class: 'fr-mt-2w', 'data-contrat-formulaire': id, novalidate: true, onsubmit: e => deposerContrat(e, c) },
    el('div', { class: 'fr-upload-group', id: `groupe-${champ}` },
      el('label', { class: 'fr-label', for: champ }, c.contract ? `Nouveau contrat pour ${nom}` : `Contrat signé pour ${nom}`,
        el('span', { class: 'fr-hint-text', text: 'JPEG, JPG, PNG ou PDF, 2 Mo au plus ; nom du fichier sans accent ni espace.' })),
      entree,
      el('div', { class: 'fr-messages-group', id: `${champ}-messages`, 'aria-live': 'polite' })),
    el('ul', { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-2w' },
      el('li', {}, el('button', { class: 'fr-btn fr-btn--secondary fr-icon-upload-2-line', type: 'submit', 'data-deposer-contrat': id },
        'Déposer le contrat', el('span', { class: 'mm-sr-only', text: ` : ${nom}` }))))));
  return bloc;
}

/** Les candidatures en alternance où un contrat se dépose ou a été déposé ; reconstruit seulement si leur état change. */
function afficherContrats() {
  const contrats = [...etat.candidatures.values()].filter(c => c.track === 'work-study' && (action('upload-contract', c) || c.contract));
  document.getElementById('mes-contrats').hidden = contrats.length === 0;
  const sig = contrats.map(c => `${c.formationId}:${c.status}:${c.contract ?? ''}:${Boolean(action('upload-contract', c))}`).join('|');
  if (sig === signatureContrats) return;
  signatureContrats = sig;
  liste.replaceChildren(...contrats.map(blocContrat));
}

async function deposerContrat(evenement, c) {
  evenement.preventDefault();
  const champ = `contrat-fichier-${c.formationId}`;
  const entree = document.getElementById(champ);
  const fichier = entree.files[0];
  resultat.replaceChildren();
  erreurChamp(`groupe-${champ}`, champ, fichier ? null : 'Choisissez le fichier du contrat.', 'fr-upload');
  if (!fichier) { entree.focus(); return; }
  const bouton = evenement.currentTarget.querySelector('button[type=submit]');
  bouton.disabled = true;
  try {
    const formulaire = new FormData();
    formulaire.append('file', fichier, fichier.name);
    const contrat = await api(`${base()}/contracts/${encodeURIComponent(c.formationId)}`, { methode: 'PUT', formulaire });
    alerte(resultat, {
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
      alerte(resultat, { type: 'error', titre: 'Votre contrat n’a pas été déposé', texte: probleme.detail });
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
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Le contrat n’a pas pu être téléchargé', texte: probleme.detail });
  }
}

abonner(afficherContrats);
