// Les convocations et demandes (section 3) : les envoyer, et lire les réponses des candidats.
import { alerte, api, champsParis, dateComplete, el } from '../commun.js';
import { abonner, remplirChoix } from './etat.js';

abonner(liste => {
  const choix = document.getElementById('demande-formation');
  const avant = choix.value;
  remplirChoix(choix, liste, { vide: false });
  if (choix.value !== avant) afficherDemandesEnvoyees();
});

const resultatDemande = document.getElementById('demande-resultat');

/** Minutes d'avance de Paris sur UTC à cet instant. */
function decalageParis(instant) {
  const p = champsParis(instant);
  return (Date.UTC(p.annee, p.mois - 1, p.jour, p.heure, p.minute, p.seconde) - instant) / 60000;
}

/** « 2025-04-20T10:00 » saisi à l'heure de Paris → l'instant ISO avec son décalage (+01:00 ou +02:00). */
function instantParis(valeur) {
  if (!valeur) return null;
  const mur = Date.parse(`${valeur}:00Z`);
  const decalage = decalageParis(mur - decalageParis(mur) * 60000);
  const hh = String(Math.floor(Math.abs(decalage) / 60)).padStart(2, '0');
  const mm = String(Math.abs(decalage) % 60).padStart(2, '0');
  return `${valeur}:00${decalage >= 0 ? '+' : '-'}${hh}:${mm}`;
}

export async function afficherDemandesEnvoyees() {
  const id = document.getElementById('demande-formation').value;
  const conteneur = document.getElementById('demandes-envoyees');
  if (!id) { conteneur.replaceChildren(); return; }
  try {
    const { applications: candidatures } = await api(`/api/formations/${encodeURIComponent(id)}/applications`);
    const lignes = candidatures.flatMap(a => (a.reviews ?? []).map(d => el('li', { 'data-demande': `${a.candidateId}-${d.id}` },
      `${a.candidateId} — ${d.message} (avant le ${dateComplete(d.answerBy)}) : `,
      el('strong', { text: d.answer ?? 'pas encore de réponse' }))));
    conteneur.replaceChildren(...(lignes.length ? [el('h3', { class: 'fr-h6 fr-mt-3w', text: `Demandes envoyées pour ${id}` }), el('ul', {}, ...lignes)] : []));
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatDemande, { type: 'error', titre: 'Les demandes n’ont pas pu être lues', texte: probleme.detail });
  }
}

document.getElementById('demande-formation').addEventListener('change', afficherDemandesEnvoyees);
document.getElementById('demande').addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const valeur = champ => document.getElementById(champ).value.trim() || null;
  const formation = valeur('demande-formation');
  const candidat = valeur('demande-candidat');
  if (!formation || !candidat) { alerte(resultatDemande, { type: 'error', texte: 'Choisissez la formation et indiquez le numéro du candidat.' }); return; }
  try {
    await api(`/api/formations/${encodeURIComponent(formation)}/applications/${encodeURIComponent(candidat)}/reviews`, { methode: 'POST', json: {
      kind: valeur('demande-type'), message: valeur('demande-message'), answerBy: instantParis(valeur('demande-reponse')),
      at: instantParis(valeur('demande-date')), place: valeur('demande-lieu'), link: valeur('demande-lien'), piece: valeur('demande-piece'),
    } });
    alerte(resultatDemande, { type: 'success', texte: `Demande envoyée à ${candidat} : il en est prévenu.` });
    await afficherDemandesEnvoyees();
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultatDemande, { type: 'error', titre: 'Demande non envoyée', texte: probleme.detail });
  }
});
