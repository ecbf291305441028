// Pilotage de la campagne : phase, horloge (et son avancée), compteurs nationaux et activité par minute, en direct
// (/hubs/operator) ; une section par module (js/operateur/). L'année est celle de la campagne que sert la plateforme.
import { alerte, api, campagne, direct, entete, exigerSession } from './commun.js';
import { etat as activite, afficherActivite, creerGraphique } from './operateur/activite.js';
import { afficherCampagne, etat } from './operateur/campagne.js';
import { afficherCompteurs } from './operateur/compteurs.js';

const s = exigerSession('operator');
const alertes = document.getElementById('alertes');

async function charger() {
  try {
    const annee = etat.vue?.year ?? (await campagne()).year;
    const vue = await api(`/api/campaigns/${annee}`);
    etat.cloture = vue.applicationCloseAt ?? null;
    afficherCampagne(vue.campaign);
    afficherCompteurs({ ...vue.counters, perMinute: vue.counters.perMinute?.length ? vue.counters.perMinute : activite.parMinute });
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'La campagne n’a pas pu être chargée', texte: probleme.detail });
  }
}

async function demarrer() {
  entete(s);
  creerGraphique();
  afficherActivite([]);
  setInterval(() => afficherActivite(activite.parMinute), 30_000);
  await charger();
  const connexion = await direct('/hubs/operator', { counters: afficherCompteurs, campaign: afficherCampagne }, charger);
  // Les compteurs de ce serveur, s'ils ont bougé pendant la connexion.
  try { afficherCompteurs(await connexion.invoke('Counters')); } catch { /* les messages suivants suffiront */ }
}

if (s) demarrer();
