// Ce que les sections de « Mes formations » partagent : la session, les formations de l'établissement (et un
// abonnement à leurs changements), les choix de formation et les messages d'erreur des champs.
import { el, exigerSession } from '../commun.js';

export const s = exigerSession('establishment');

/** id → { formation (sans stats), stats } */
export const etat = { formations: new Map() };

export const cheminFormation = id => `/api/formations/${encodeURIComponent(id)}`;

const abonnes = [];

/** fn(formations) à chaque nouvelle liste des formations. */
export function abonner(fn) { abonnes.push(fn); }

export function publier() {
  const liste = [...etat.formations.values()].map(x => x.formation);
  for (const fn of abonnes) fn(liste);
}

/** Les options d'un choix de formation, la sélection gardée ; sans option vide, la première est choisie. */
export function remplirChoix(choix, liste, { vide = true } = {}) {
  const valeur = choix.value;
  const garde = liste.some(f => f.id === valeur) ? valeur : (vide ? '' : liste[0]?.id ?? '');
  choix.replaceChildren(...(vide ? [el('option', { value: '', disabled: true, selected: !garde, text: 'Choisir une formation' })] : []),
    ...liste.map(f => el('option', { value: f.id, selected: f.id === garde, text: `${f.id} — ${f.mention}, ${f.parcours}` })));
  choix.value = garde;
}

export function erreurChamp(groupe, champ, texte, classe) {
  document.getElementById(groupe).classList.toggle(`${classe}-group--error`, Boolean(texte));
  const messages = document.getElementById(`${champ}-messages`);
  messages.replaceChildren(...(texte ? [el('p', { class: 'fr-message fr-message--error', text: texte })] : []));
}
