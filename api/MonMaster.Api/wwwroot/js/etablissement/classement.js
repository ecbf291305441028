// Le dépôt d'un classement (CSV « candidat,rang ») : le serveur vérifie le fichier et dit en français ce qui ne va pas.
import { alerte, api } from '../commun.js';
import { abonner, erreurChamp, etat, remplirChoix } from './etat.js';
import { charger } from './formations.js';

abonner(liste => remplirChoix(document.getElementById('classement-formation'), liste));

/** Compte les lignes classées et non retenues (le serveur, lui, vérifie le fichier). */
function compterLignes(texte) {
  let classes = 0, nonRetenus = 0;
  texte.replace(/\r/g, '').split('\n').forEach((ligne, i) => {
    const l = ligne.trim();
    if (!l || (i === 0 && /^candidate/i.test(l))) return;
    if (/[,;]\s*"?(not-retained|non-retenu)"?$/.test(l)) nonRetenus++;
    else classes++;
  });
  return { classes, nonRetenus };
}

document.getElementById('classement').addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const resultat = document.getElementById('classement-resultat');
  const formationId = document.getElementById('classement-formation').value;
  const fichier = document.getElementById('classement-fichier').files[0];
  erreurChamp('groupe-formation', 'classement-formation', formationId ? null : 'Choisissez la formation classée.', 'fr-select');
  erreurChamp('groupe-fichier', 'classement-fichier', fichier ? null : 'Choisissez le fichier CSV du classement.', 'fr-upload');
  if (!formationId || !fichier) return;
  const bouton = document.getElementById('classement-envoyer');
  bouton.disabled = true;
  try {
    const texte = await fichier.text();
    await api(`/api/formations/${encodeURIComponent(formationId)}/ranking`, { methode: 'PUT', texte, type: 'text/csv' });
    const { classes, nonRetenus } = compterLignes(texte);
    const f = etat.formations.get(formationId)?.formation;
    alerte(resultat, {
      type: 'success', titre: 'Classement déposé',
      texte: `Le classement de « ${f ? `${f.mention}, ${f.parcours}` : formationId} » (${fichier.name}) est enregistré : ${classes} candidat${classes > 1 ? 's' : ''} classé${classes > 1 ? 's' : ''}, ${nonRetenus} non retenu${nonRetenus > 1 ? 's' : ''}.`,
    });
    await charger();
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Le classement n’a pas été enregistré', texte: probleme.detail });
  } finally {
    bouton.disabled = false;
  }
});
