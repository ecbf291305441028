// Mes formations : le remplissage de chacune, en direct (/hubs/establishment), le dépôt d'un classement CSV, les
// candidatures en alternance (réponses et contrats, quand le serveur les dit ouvertes), l'ouverture de places en
// phase complémentaire et les convocations ; une section par module (js/etablissement/).
import { direct, entete } from './commun.js';
import { s } from './etablissement/etat.js';
import { charger, compteurs } from './etablissement/formations.js';
import { chargerAlternance, synchroniserHorloge } from './etablissement/alternance.js';
import './etablissement/classement.js';
import './etablissement/complementaire.js';
import './etablissement/demandes.js';

async function demarrer() {
  entete(s);
  await synchroniserHorloge();
  await charger();
  setInterval(synchroniserHorloge, 10_000);
  await direct('/hubs/establishment', { formations: compteurs }, async () => { await charger(); await chargerAlternance(); });
}

if (s) demarrer();
