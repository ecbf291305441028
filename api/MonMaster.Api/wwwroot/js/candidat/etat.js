// Ce que les sections de « Mes candidatures » partagent : la session, les candidatures telles que le serveur les
// décrit (GET /api/candidates/{id}/applications, ou la réponse d'une réponse), l'horloge de la campagne, et un
// abonnement : chaque section se redessine quand les candidatures changent.
import { api, el, exigerSession, maintenantServeur } from '../commun.js';

export const s = exigerSession('candidate');

/** Le chemin des routes du candidat connecté. */
export const base = () => `/api/candidates/${encodeURIComponent(s.sujet)}`;

export const etat = {
  /** formationId → candidature (telle que l'API la décrit, ses actions ouvertes comprises), dans l'ordre de l'API. */
  candidatures: new Map(),
  /** L'ordre de préférence enregistré (la place acceptée en dernier), ou null. */
  preference: null,
  /** Ce que le candidat peut faire de tout son dossier (rank-preferences), selon le serveur. */
  actions: [],
  /** Quand le calendrier seul ouvre ou ferme une action : les candidatures se relisent alors. */
  rafraichirA: null,
  /** Les candidatures ont-elles été lues au moins une fois ? */
  lues: false,
  /** Réponses envoyées dont la réponse du serveur n'est pas encore là, et changements poussés pendant ce temps. */
  enVol: 0,
  pousses: [],
};

/** L'action ouverte (avec son échéance) d'une candidature, ou du dossier sans candidature ; undefined si elle est fermée. */
export const action = (code, c = null) => (c ? c.actions : etat.actions)?.find(a => a.action === code);

// ----- l'horloge de la campagne -----

// Le délai se compte sur l'horloge de la campagne (GET /api/campaign) : l'heure réelle en production, une horloge
// virtuelle dans la démonstration.
export const horloge = {
  virtuelle: null,
  maintenant() { return this.virtuelle ?? maintenantServeur(); },
};

// ----- libellés -----

export function nomFormation(c) {
  return `${c.mention ?? c.formationId}${c.establishment ? ` — ${c.establishment}` : ''}`;
}

export const ordinal = n => n === 1 ? '1re' : `${n}e`;

// ----- les changements -----

const abonnes = [];
const echecs = [];

/** fn(etat) à chaque nouvelle description des candidatures. */
export function abonner(fn) { abonnes.push(fn); }

/** fn(probleme) quand les candidatures n'ont pas pu être lues. */
export function surEchec(fn) { echecs.push(fn); }

/** Prend la description du serveur (lecture, ou réponse à une réponse) et la montre partout. */
export function appliquer(vue) {
  etat.candidatures = new Map(vue.applications.map(c => [c.formationId, c]));
  etat.preference = vue.preference ?? null;
  etat.actions = vue.actions ?? [];
  etat.rafraichirA = vue.refreshAt ? Date.parse(vue.refreshAt) : null;
  etat.lues = true;
  publier();
}

/** Redessine chaque section sur l'état courant (un changement en direct l'a modifié sur place). */
export function publier() {
  for (const fn of abonnes) fn(etat);
}

export async function charger() {
  try {
    appliquer(await api(`${base()}/applications`));
  } catch (probleme) {
    for (const fn of echecs) fn(probleme);
  }
}

let minuterie = null;

/**
 * Relit sous peu (plusieurs changements rapprochés : une seule lecture). Pendant une réponse, non : la réponse du
 * serveur apporte la nouvelle description, lue une fois la réponse transmise aux formations.
 */
export function bientot() {
  if (etat.enVol > 0) return;
  clearTimeout(minuterie);
  minuterie = setTimeout(charger, 150);
}

/** Un changement poussé : retenu s'il arrive pendant une réponse, pour le comparer à la description qu'elle apporte. */
export function retenirPousse(changement) {
  if (etat.enVol > 0) etat.pousses.push(changement);
}

/**
 * Envoie une réponse (appel : la requête, dont le serveur renvoie la nouvelle description) et montre ce qu'elle
 * renvoie. Un changement poussé entre-temps que cette description ne montre pas (plus récent qu'elle) fait relire.
 */
export async function envoyer(appel) {
  etat.enVol++;
  let vue;
  try {
    vue = await appel();
  } catch (probleme) {
    // Refusée, la réponse ne décrit rien : l'appelant relit, ce qui couvre aussi les changements poussés entre-temps.
    if (--etat.enVol === 0) etat.pousses.length = 0;
    throw probleme;
  }
  const pousses = --etat.enVol === 0 ? etat.pousses.splice(0) : [];
  appliquer(vue);
  const plusRecent = pousses.some(p => {
    const c = etat.candidatures.get(p.formationId);
    return !c || c.status !== p.status || (c.position ?? null) !== (p.position ?? null);
  });
  if (plusRecent) bientot();
  return vue;
}

// ----- les fichiers déposés (pièces, contrats) -----

const unDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** « 18 Ko », « 1,4 Mo » (1 Ko = 1 024 octets, comme la limite de 2 Mo). */
export function taille(octets) {
  const ko = octets / 1024;
  return ko < 1024 ? `${unDecimal.format(ko < 10 ? ko : Math.round(ko))}\u00a0Ko` : `${unDecimal.format(ko / 1024)}\u00a0Mo`;
}

/** Le message d'erreur d'un champ (DSFR : classe …-group--error et message sous le champ), ou son effacement. */
export function erreurChamp(groupe, champ, texte, classe) {
  document.getElementById(groupe).classList.toggle(`${classe}-group--error`, Boolean(texte));
  document.getElementById(`${champ}-messages`).replaceChildren(...(texte ? [el('p', { class: 'fr-message fr-message--error', text: texte })] : []));
}
