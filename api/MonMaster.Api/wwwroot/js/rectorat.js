// Le rectorat d'une région académique (section 7) : les candidats qui l'ont saisi, les propositions faites à chacun
// (au moins trois), et une place à proposer parmi les formations qui en ont encore.
import { FUSEAU, alerte, api, badgeStatut, el, entete, exigerSession } from './commun.js';

const s = exigerSession('rector');
const region = s?.sujet ?? '';
const base = `/api/referrals/${encodeURIComponent(region)}`;
const alertes = document.getElementById('alertes');
const corps = document.getElementById('saisines');
const jourHeure = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU, dateStyle: 'short', timeStyle: 'short' });

function ligne(saisine, places) {
  const id = saisine.candidateId;
  const choix = el('select', { class: 'fr-select', id: `place-${id}`, 'aria-label': `Formation à proposer à ${id}` },
    el('option', { value: '', text: places.length ? 'Choisir une formation' : 'Aucune place libre' }),
    ...places.map(p => el('option', { value: p.id, text: `${p.establishment} — ${p.mention}${p.parcours ? ` (${p.parcours})` : ''} : ${p.free} place${p.free > 1 ? 's' : ''}` })));
  const bouton = el('button', { class: 'fr-btn fr-btn--sm fr-mt-1w', type: 'button', 'data-action': 'proposer', text: 'Proposer' });
  bouton.addEventListener('click', async () => {
    if (!choix.value) { alerte(alertes, { type: 'error', texte: `Choisissez une formation à proposer à ${id}.` }); return; }
    bouton.disabled = true;
    try {
      await api(`${base}/${encodeURIComponent(id)}/proposals`, { methode: 'POST', json: { formationId: choix.value } });
      alerte(alertes, { type: 'success', texte: `Place proposée à ${id}.` });
      await charger();
    } catch (erreur) {
      alerte(alertes, { type: 'error', titre: 'Proposition non faite', texte: erreur.detail });
      bouton.disabled = false;
    }
  });
  const faites = saisine.proposals.length;
  return el('tr', { id: `saisine-${id}` },
    el('td', { text: id }),
    el('td', { text: jourHeure.format(new Date(saisine.filedAt)) }),
    el('td', { text: saisine.licenceYear }),
    el('td', {},
      el('p', { class: `fr-badge fr-badge--sm ${faites >= saisine.proposalsOwed ? 'fr-badge--success' : 'fr-badge--warning'}`, 'data-propositions': String(faites),
        text: `${faites} / ${saisine.proposalsOwed} propositions` }),
      el('ul', { class: 'fr-mb-0' }, saisine.proposals.map(p => el('li', { 'data-formation': p.formationId }, `${p.formationId} `, badgeStatut(p.status))))),
    el('td', {}, choix, bouton));
}

async function charger() {
  try {
    const [saisines, places] = await Promise.all([api(base), api(`${base}/places`)]);
    corps.replaceChildren(...saisines.map(x => ligne(x, places)));
    document.getElementById('aucune').hidden = saisines.length > 0;
  } catch (erreur) {
    alerte(alertes, { type: 'error', titre: 'Saisines illisibles', texte: erreur.detail });
  }
}

if (s) { entete(s); charger(); }
