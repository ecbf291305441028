// L'horloge de la campagne (GET /api/campaign), lue à intervalles réguliers et à chaque message en direct : elle
// fait avancer les décomptes, et quand elle passe l'instant où le calendrier ouvre ou ferme une action (refreshAt),
// les candidatures se relisent.
import { campagne, dateComplete } from '../commun.js';
import { charger, etat, horloge } from './etat.js';
import { decompter } from './liste.js';

export async function synchroniserHorloge() {
  try {
    const vue = await campagne();
    const avant = horloge.virtuelle;
    horloge.virtuelle = vue.virtualClock ? Date.parse(vue.now) : null;
    document.getElementById('horloge').hidden = false;
    document.getElementById('horloge-valeur').textContent = dateComplete(horloge.maintenant());
    document.getElementById('horloge-nature').textContent = vue.virtualClock ? 'horloge virtuelle de démonstration' : 'heure réelle';
    if (avant !== horloge.virtuelle) decompter();
    if (etat.rafraichirA !== null && horloge.maintenant() >= etat.rafraichirA) {
      etat.rafraichirA = null; // une seule relecture ; la suivante dit le prochain instant
      await charger();
    }
  } catch {
    horloge.virtuelle = null; // le décompte suit alors l'heure du serveur
  }
}
