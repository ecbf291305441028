// La campagne : phase et horloge, et son avancée (au matin suivant, ou droit à la clôture des candidatures que le
// serveur dit). Une vue plus ancienne que celle affichée (un message en direct en retard) est ignorée : l'horloge ne
// recule pas. Le message « Horloge avancée » s'en va quand l'horloge bouge encore.
import { MODES, PHASES, alerte, annoncer, api, dateComplete, matinSuivant, nombre, surligner } from '../commun.js';

const alertes = document.getElementById('alertes');
const boutonAvancer = document.getElementById('avancer');
const boutonClore = document.getElementById('clore');

export const etat = {
  /** La vue affichée (CampaignView), ou null avant la première. */
  vue: null,
  /** L'instant de la clôture des candidatures (25 mars 00:00), dit par le serveur. */
  cloture: null,
  /** Le message « Horloge avancée » et l'instant qu'il annonce. */
  avancee: null,
};

const jourMois = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long' });

export function afficherCampagne(vue) {
  const avant = etat.vue;
  if (avant && Date.parse(vue.now) < Date.parse(avant.now)) return;
  etat.vue = vue;
  document.getElementById('annee').textContent = vue.year;
  const phase = document.getElementById('phase');
  phase.textContent = PHASES[vue.phase] ?? vue.phase;
  phase.dataset.phase = vue.phase;
  const ouverte = vue.phase === 'MainAdmission';
  const badge = document.getElementById('phase-code');
  badge.className = `fr-badge fr-badge--no-icon ${ouverte ? 'fr-badge--success' : 'fr-badge--info'}`;
  badge.textContent = ouverte ? 'Propositions et réponses ouvertes' : `Campagne ${vue.year}`;
  document.getElementById('publication').textContent =
    `${nombre(vue.formations)} formations publiées · places libérées proposées ${MODES[vue.release] ?? vue.release}`;
  const horloge = document.getElementById('horloge');
  horloge.textContent = dateComplete(vue.now);
  horloge.dateTime = vue.now;
  horloge.dataset.instant = vue.now;
  document.getElementById('nature-horloge').textContent = vue.virtualClock ? 'Horloge virtuelle' : 'Heure réelle';
  const morceaux = [];
  if (vue.lastWorkAt) morceaux.push(`Dernier traitement : ${dateComplete(vue.lastWorkAt)}`);
  morceaux.push(vue.nextWorkAt ? `Prochain traitement : ${dateComplete(vue.nextWorkAt)}` : 'Aucun traitement prévu');
  document.getElementById('prochain').textContent = morceaux.join(' · ');
  const enCours = boutonAvancer.dataset.enCours === '1';
  boutonAvancer.disabled = !vue.virtualClock || enCours;
  // Pendant la phase de candidature, la démo attend l'opérateur : un bouton va droit à la clôture, tant qu'elle est à venir.
  boutonClore.hidden = !vue.virtualClock || !etat.cloture || Date.parse(vue.now) >= Date.parse(etat.cloture);
  boutonClore.disabled = enCours;
  if (etat.cloture) boutonClore.textContent = `Clore les candidatures (${jourMois.format(new Date(etat.cloture))})`;
  boutonAvancer.title = vue.virtualClock ? `Avancer l’horloge au ${dateComplete(matinSuivant(vue.now))}` : 'La campagne suit l’heure réelle : son horloge ne se déplace pas.';
  // « L'horloge … est au … » ne vaut que pour l'instant qu'il annonce.
  if (etat.avancee && etat.avancee.instant !== Date.parse(vue.now)) {
    etat.avancee.bloc.remove();
    etat.avancee = null;
  }
  if (avant && avant.now !== vue.now) {
    surligner(horloge.closest('.fr-card'));
    annoncer(`Horloge de la campagne : ${dateComplete(vue.now)}. ${PHASES[vue.phase] ?? vue.phase}.`);
  }
}

async function avancer(bouton, vers) {
  if (!etat.vue) return;
  boutonAvancer.dataset.enCours = '1';
  boutonAvancer.disabled = true;
  boutonClore.disabled = true;
  const libelle = bouton.textContent;
  bouton.textContent = 'Avancée en cours…';
  try {
    const vue = await api(`/api/campaigns/${etat.vue.year}/clock`, { methode: 'POST', json: { advanceTo: vers } });
    boutonAvancer.dataset.enCours = '0';
    bouton.textContent = libelle;
    afficherCampagne(vue);
    const bloc = alerte(alertes, { type: 'success', titre: 'Horloge avancée', texte: `L’horloge de la campagne est au ${dateComplete(vue.now)} : les traitements prévus en chemin ont été faits.` });
    etat.avancee = { bloc, instant: Date.parse(vue.now) };
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'L’horloge n’a pas avancé', texte: probleme.detail });
  } finally {
    boutonAvancer.dataset.enCours = '0';
    if (bouton.textContent === 'Avancée en cours…') bouton.textContent = libelle;
    boutonAvancer.disabled = !etat.vue?.virtualClock;
    boutonClore.disabled = false;
  }
}

boutonAvancer.addEventListener('click', () => avancer(boutonAvancer, matinSuivant(etat.vue.now)));
boutonClore.addEventListener('click', () => avancer(boutonClore, etat.cloture));

