// Mes candidatures : le tableau et ses changements en direct (/hubs/candidate), les réponses confirmées dans une
// modale, l'ordre de préférence de la phase complémentaire, le contrat d'alternance, les convocations, les pièces et
// les favoris ; une section par module (js/candidat/). Ce que chaque candidature permet maintenant, et jusqu'à quand,
// c'est le serveur qui le dit (« actions »).
import { direct, entete } from './commun.js';
import { charger, s } from './candidat/etat.js';
import { changements, decompter } from './candidat/liste.js';
import { synchroniserHorloge } from './candidat/horloge.js';
import { chargerPieces } from './candidat/pieces.js';
import { chargerFavoris } from './candidat/favoris.js';
import './candidat/reponses.js';
import './candidat/preferences.js';
import './candidat/contrats.js';
import './candidat/demandes.js';

async function demarrer() {
  entete(s);
  await Promise.all([charger(), synchroniserHorloge(), chargerPieces(), chargerFavoris()]);
  setInterval(decompter, 1000);
  setInterval(synchroniserHorloge, 5000);
  await direct('/hubs/candidate', { changes: liste => { changements(liste); synchroniserHorloge(); } }, charger);
}

if (s) demarrer();
