// L'ouverture de places en phase complémentaire (section 5) : le serveur dit quand et combien.
import { alerte, api } from '../commun.js';
import { abonner, cheminFormation, erreurChamp, etat, remplirChoix } from './etat.js';

abonner(liste => remplirChoix(document.getElementById('complementaire-formation'), liste));

document.getElementById('complementaire').addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const resultat = document.getElementById('complementaire-resultat');
  const formationId = document.getElementById('complementaire-formation').value;
  const saisie = document.getElementById('complementaire-places').value.trim();
  const places = /^\d+$/.test(saisie) ? Number(saisie) : null;
  resultat.replaceChildren();
  erreurChamp('groupe-complementaire-formation', 'complementaire-formation', formationId ? null : 'Choisissez la formation.', 'fr-select');
  erreurChamp('groupe-complementaire-places', 'complementaire-places', places !== null ? null : 'Indiquez un nombre entier de places.', 'fr-input');
  if (!formationId || places === null) return;
  const bouton = document.getElementById('complementaire-envoyer');
  bouton.disabled = true;
  try {
    await api(`${cheminFormation(formationId)}/complementary`, { methode: 'PUT', json: { places } });
    const f = etat.formations.get(formationId)?.formation;
    alerte(resultat, {
      type: 'success', titre: 'Places ouvertes en phase complémentaire',
      texte: `${places} place${places > 1 ? 's' : ''} ouverte${places > 1 ? 's' : ''} en phase complémentaire pour ${f ? `${f.mention}, ${f.parcours}` : formationId} : les candidats peuvent y candidater du 17 au 23 juin.`,
    });
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Les places n’ont pas été ouvertes', texte: probleme.detail });
  } finally {
    bouton.disabled = false;
  }
});
