// Mes convocations et demandes (section 3) : celles des établissements ; une réponse s'écrit tant que le serveur dit
// « answer-review » ouvert pour la demande, jusqu'à la date que l'établissement a fixée.
import { alerte, api, dateComplete, el } from '../commun.js';
import { abonner, base, envoyer, etat, nomFormation } from './etat.js';

const TYPES_DEMANDE = {
  'interview': 'Convocation à un entretien',
  'written-exam': 'Convocation à une épreuve écrite',
  'competition': 'Convocation à un concours',
  'clarification': 'Demande de précision',
  'new-version': 'Demande d’une autre version d’une pièce',
};
const resultat = document.getElementById('demandes-resultat');
let signatureDemandes = '';

const ouverte = (c, d) => (c.actions ?? []).some(a => a.action === 'answer-review' && a.review === d.id);

function blocDemande(c, d) {
  const id = `demande-${c.formationId}-${d.id}`;
  const bloc = el('div', { class: 'fr-callout fr-mb-3w', id, 'data-demande': String(d.id), 'data-formation': c.formationId },
    el('h3', { class: 'fr-callout__title fr-h6', text: `${TYPES_DEMANDE[d.kind] ?? d.kind} — ${nomFormation(c)}` }),
    el('p', { class: 'fr-callout__text', text: d.message }),
    d.at ? el('p', { class: 'fr-text--sm fr-mb-1w', text: `Le ${dateComplete(d.at)}${d.place ? `, ${d.place}` : ''}` }) : null,
    d.link ? el('p', { class: 'fr-text--sm fr-mb-1w' }, el('a', { class: 'fr-link', href: d.link, rel: 'noopener', text: d.link })) : null,
    el('p', { class: 'fr-text--sm fr-mb-1w', text: `Réponse attendue avant le ${dateComplete(d.answerBy)}.` }),
    d.answer ? el('p', { class: 'fr-text--sm', 'data-reponse': '', text: `Votre réponse : ${d.answer}` }) : null);
  if (ouverte(c, d)) {
    const champ = `${id}-texte`;
    const formulaire = el('form', { novalidate: true },
      el('div', { class: 'fr-input-group' },
        el('label', { class: 'fr-label', for: champ, text: d.answer ? 'Modifier ma réponse' : 'Ma réponse' }),
        el('textarea', { class: 'fr-input', id: champ, rows: '3', maxlength: '2000' })),
      el('button', { class: 'fr-btn fr-btn--sm', type: 'submit', 'data-repondre': String(d.id), text: 'Envoyer ma réponse' }));
    formulaire.addEventListener('submit', async evenement => {
      evenement.preventDefault();
      const texte = document.getElementById(champ).value.trim();
      if (!texte) { alerte(resultat, { type: 'error', texte: 'Écrivez votre réponse avant de l’envoyer.' }); return; }
      try {
        await envoyer(() => api(`${base()}/applications/${encodeURIComponent(c.formationId)}/reviews/${d.id}/answer`, { methode: 'POST', json: { answer: texte } }));
        alerte(resultat, { type: 'success', texte: `Votre réponse est transmise à ${c.establishment ?? 'l’établissement'}.` });
      } catch (probleme) {
        alerte(resultat, { type: 'error', titre: 'Votre réponse n’a pas été transmise', texte: probleme.detail });
      }
    });
    bloc.append(formulaire);
  }
  return bloc;
}

/** Les convocations et demandes de toutes les candidatures ; reconstruit seulement si elles changent. */
function afficherDemandes() {
  const demandes = [...etat.candidatures.values()].flatMap(c => (c.reviews ?? []).map(d => [c, d]));
  document.getElementById('mes-demandes').hidden = demandes.length === 0;
  const sig = demandes.map(([c, d]) => `${c.formationId}:${d.id}:${d.answer ?? ''}:${ouverte(c, d)}`).join('|');
  if (sig === signatureDemandes) return;
  signatureDemandes = sig;
  document.getElementById('demandes-liste').replaceChildren(...demandes.map(([c, d]) => blocDemande(c, d)));
}

abonner(afficherDemandes);
