// Mon dossier (section 2) : identité, coordonnées, dernier diplôme, baccalauréat, cursus et expériences, communs à
// toutes les candidatures (GET/PUT /api/candidates/{id}/profile). Un refus dit chaque problème.
import { alerte, api, el, entete, exigerSession } from './commun.js';

const s = exigerSession('candidate');
const chemin = `/api/candidates/${encodeURIComponent(s?.sujet ?? '')}/profile`;
const resultat = document.getElementById('resultat');
const champ = id => document.getElementById(id);
const texte = id => champ(id).value.trim();
const nombre = id => (Number.isInteger(champ(id).valueAsNumber) ? champ(id).valueAsNumber : 0);
const lignes = id => texte(id).split('\n').map(l => l.split(';').map(x => x.trim())).filter(l => l.some(Boolean));

function lire() {
  return {
    identity: { lastName: texte('nom'), firstName: texte('prenom'), birthDate: texte('naissance') || '0001-01-01', nationality: texte('nationalite') || null },
    contact: { email: texte('courriel'), phone: texte('telephone') || null, address: texte('adresse') || null },
    lastDiploma: { type: texte('diplome-type'), mention: texte('diplome-mention'), year: nombre('diplome-annee'), establishment: texte('diplome-etablissement'), academie: texte('diplome-academie') },
    baccalaureat: { series: texte('bac-serie'), year: nombre('bac-annee'), honours: texte('bac-mention') || null },
    cursus: lignes('cursus').map(([annee, libelle, etablissement]) => ({ year: Number(annee) || 0, label: libelle ?? '', establishment: etablissement ?? '' })),
    experiences: lignes('experiences').map(([genre, titre, organisme, debut, fin]) => ({
      kind: genre?.toLowerCase().startsWith('stage') ? 'internship' : 'work', title: titre ?? '', organisation: organisme ?? '',
      from: debut || '0001-01-01', to: fin || null,
    })),
  };
}

function remplir(d) {
  const mettre = (id, v) => { champ(id).value = v ?? ''; };
  mettre('nom', d.identity.lastName); mettre('prenom', d.identity.firstName); mettre('naissance', d.identity.birthDate); mettre('nationalite', d.identity.nationality);
  mettre('courriel', d.contact.email); mettre('telephone', d.contact.phone); mettre('adresse', d.contact.address);
  mettre('diplome-type', d.lastDiploma.type); mettre('diplome-mention', d.lastDiploma.mention); mettre('diplome-annee', d.lastDiploma.year);
  mettre('diplome-etablissement', d.lastDiploma.establishment); mettre('diplome-academie', d.lastDiploma.academie);
  mettre('bac-serie', d.baccalaureat.series); mettre('bac-annee', d.baccalaureat.year); mettre('bac-mention', d.baccalaureat.honours);
  mettre('cursus', (d.cursus ?? []).map(c => `${c.year} ; ${c.label} ; ${c.establishment}`).join('\n'));
  mettre('experiences', (d.experiences ?? []).map(x => `${x.kind === 'internship' ? 'stage' : 'emploi'} ; ${x.title} ; ${x.organisation} ; ${x.from} ; ${x.to ?? ''}`).join('\n'));
}

document.getElementById('dossier').addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const bouton = champ('enregistrer');
  bouton.disabled = true;
  try {
    await api(chemin, { methode: 'PUT', json: lire() });
    alerte(resultat, { type: 'success', titre: 'Dossier enregistré', texte: 'Les établissements auxquels vous candidatez le consultent.' });
  } catch (probleme) {
    alerte(resultat, { type: 'error', titre: 'Dossier non enregistré', texte: 'À corriger :' });
    if (probleme.problemes?.length) resultat.querySelector('.fr-alert').append(el('ul', { 'data-problemes': '' }, ...probleme.problemes.map(p => el('li', { text: p }))));
    else resultat.querySelector('.fr-alert p').textContent = probleme.detail;
  } finally {
    bouton.disabled = false;
  }
});

if (s) {
  entete(s);
  api(chemin).then(remplir).catch(probleme => {
    if (probleme.statut !== 404) alerte(resultat, { type: 'error', titre: 'Dossier illisible', texte: probleme.detail });
  });
}
