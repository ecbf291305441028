// Mon ordre de préférence (section 5) : montré quand le serveur dit l'action « rank-preferences » ouverte, avec les
// candidatures qu'il dit à classer ; la place acceptée provisoirement reste en dernier.
import { PARCOURS, STATUTS, alerte, annoncer, api, dateComplete, el } from '../commun.js';
import { abonner, action, base, charger, envoyer, etat, nomFormation, ordinal } from './etat.js';

const contenu = document.getElementById('preference-contenu');
const resultat = document.getElementById('preference-resultat');
/** Les formations classées, hors place acceptée, dans l'ordre affiché (modifications non enregistrées comprises). */
let ordre = [];
let ordreModifie = false;
let signaturePreference = '';

const memes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function etatPreference(tenue) {
  const enregistre = etat.preference?.filter(id => id !== tenue?.formationId);
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
  const ouverte = action('rank-preferences');
  section.hidden = !ouverte;
  if (!ouverte) { signaturePreference = ''; return; }
  const tenue = [...etat.candidatures.values()].find(c => c.status === 'accepted-provisional');
  const restantes = (ouverte.formations ?? []).filter(id => etat.candidatures.has(id));
  // L'ordre affiché, sinon l'ordre enregistré ; une candidature nouvelle vient à la suite (juste avant la place acceptée).
  const base = ordre.length ? ordre : (etat.preference ?? []);
  ordre = [...base.filter(id => restantes.includes(id)), ...restantes.filter(id => !base.includes(id))];
  const e = etatPreference(tenue);
  const sig = [tenue?.formationId, e.cle, ouverte.until, ...ordre.map(id => `${id}:${etat.candidatures.get(id).status}`)].join('|');
  if (sig === signaturePreference) return;
  signaturePreference = sig;

  document.getElementById('preference-etat').replaceChildren(
    el('span', { class: `fr-badge fr-badge--sm fr-badge--${e.badge}`, 'data-etat-preference': e.cle, text: e.texte }));
  if (!ordre.length) {
    contenu.replaceChildren(el('p', { text: 'Aucune candidature en cours à classer.' }));
    return;
  }
  contenu.replaceChildren(
    el('ol', { class: 'mm-preferences', id: 'preferences-liste', 'aria-label': 'Mes candidatures, de la préférée à la moins souhaitée' },
      ordre.map((id, i) => elementPreference(etat.candidatures.get(id), i, ordre.length)),
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
  annoncer(`« ${nomFormation(etat.candidatures.get(formationId))} » est maintenant ${ordinal(j + 1)} sur ${ordre.length}.`);
}

async function enregistrerPreferences() {
  const bouton = document.getElementById('preferences-enregistrer');
  bouton.disabled = true;
  const tenue = [...etat.candidatures.values()].find(c => c.status === 'accepted-provisional');
  const formations = [...ordre, ...(tenue ? [tenue.formationId] : [])];
  const fin = action('rank-preferences')?.until;
  let vue = null;
  try {
    ordreModifie = false;
    vue = await envoyer(() => api(`${base()}/preferences`, { methode: 'PUT', json: { formations } }));
    alerte(resultat, {
      type: 'success', titre: 'Ordre de préférence enregistré',
      texte: `Vos ${formations.length} candidatures sont classées, de « ${nomFormation(etat.candidatures.get(formations[0]))} » à « ${nomFormation(etat.candidatures.get(formations.at(-1)))} ».${fin ? ` Vous pouvez le modifier jusqu’au ${dateComplete(fin)}.` : ''}`,
    });
  } catch (probleme) {
    ordreModifie = true;
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Votre ordre de préférence n’a pas été enregistré', texte: probleme.detail });
  } finally {
    bouton.disabled = false;
  }
  // Refusé, l'ordre se relit : une candidature faite ailleurs entre-temps apparaît, à classer.
  if (!vue) await charger();
}

abonner(afficherPreferences);
