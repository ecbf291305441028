// Le remplissage de chaque formation de l'établissement, en direct (/hubs/establishment) : jauge, compteurs, totaux.
import { PARCOURS, alerte, annoncer, api, el, nombre, pourcent, surligner } from '../commun.js';
import { bientotAlternance } from './alternance.js';
import { etat, publier, s } from './etat.js';

const corpsTableau = document.getElementById('formations');
const alertes = document.getElementById('alertes');

const pourcentage = (n, total) => total > 0 ? Math.min(100, 100 * n / total) : 0;

function jauge(f, st) {
  const acceptees = st.acceptedProvisional + st.acceptedDefinitive;
  const capacite = st.capacity;
  const definitif = pourcentage(st.acceptedDefinitive, capacite);
  const provisoire = Math.min(100 - definitif, pourcentage(st.acceptedProvisional, capacite));
  const attente = Math.min(100 - definitif - provisoire, pourcentage(st.pendingOffers, capacite));
  const barre = el('div', {
    class: 'mm-jauge', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(capacite), 'aria-valuenow': String(acceptees),
    'aria-valuetext': `${acceptees} places acceptées sur ${capacite} (${pourcent(st.fillRate)}), ${st.pendingOffers} propositions en attente`,
    'aria-label': `Remplissage de ${f.mention}, ${f.parcours}`,
  },
  el('span', { class: 'mm-jauge__definitif' }), el('span', { class: 'mm-jauge__provisoire' }), el('span', { class: 'mm-jauge__attente' }));
  const [d, p, a] = barre.children;
  d.style.width = `${definitif}%`;
  p.style.width = `${provisoire}%`;
  a.style.width = `${attente}%`;
  return el('div', { class: 'mm-remplissage' }, barre,
    el('span', { class: 'mm-remplissage__texte' },
      el('strong', { class: 'mm-taux', 'data-taux': String(st.fillRate), text: pourcent(st.fillRate) }),
      ` · ${nombre(acceptees)} / ${nombre(capacite)} place${capacite > 1 ? 's' : ''}`));
}

const signature = st => [st.capacity, st.acceptedProvisional, st.acceptedDefinitive, st.pendingOffers, st.waitlist, st.rankOfLastCalled, st.applicants].join('|');

function majLigne(ligne, f, st) {
  ligne.dataset.signature = signature(st);
  ligne.dataset.acceptees = String(st.acceptedProvisional + st.acceptedDefinitive);
  const nombreCellule = (valeur, cle) => el('span', { 'data-compteur': cle, text: nombre(valeur) });
  const [formation, remplissage, definitives, provisoires, propositions, attente, rang, candidatures] = ligne.children;
  formation.replaceChildren(
    el('span', { class: 'mm-formation__mention', text: f.mention }),
    el('span', { class: 'mm-formation__details', text: [f.parcours, PARCOURS[f.track], f.id].filter(Boolean).join(' · ') }));
  remplissage.replaceChildren(jauge(f, st));
  definitives.replaceChildren(nombreCellule(st.acceptedDefinitive, 'definitives'));
  provisoires.replaceChildren(nombreCellule(st.acceptedProvisional, 'provisoires'));
  propositions.replaceChildren(nombreCellule(st.pendingOffers, 'propositions'));
  attente.replaceChildren(nombreCellule(st.waitlist, 'attente'));
  rang.replaceChildren(st.rankOfLastCalled > 0 ? nombreCellule(st.rankOfLastCalled, 'rang') : el('span', { 'data-compteur': 'rang', 'aria-label': 'Personne appelée', text: '—' }));
  candidatures.replaceChildren(nombreCellule(st.applicants, 'candidatures'));
}

function ligneDe(f) {
  let ligne = document.getElementById(`formation-${f.id}`);
  if (!ligne) {
    ligne = el('tr', { id: `formation-${f.id}`, 'data-formation': f.id },
      el('th', { scope: 'row' }), el('td'), ...Array.from({ length: 6 }, () => el('td', { class: 'mm-nombre fr-cell--right' })));
    corpsTableau.append(ligne);
  }
  return ligne;
}

function totaux() {
  const liste = [...etat.formations.values()].map(x => x.stats);
  const somme = cle => liste.reduce((n, st) => n + st[cle], 0);
  const capacite = somme('capacity');
  const acceptees = somme('acceptedProvisional') + somme('acceptedDefinitive');
  document.getElementById('total-capacite').textContent = nombre(capacite);
  document.getElementById('total-acceptees').textContent = nombre(acceptees);
  document.getElementById('total-propositions').textContent = nombre(somme('pendingOffers'));
  document.getElementById('total-attente').textContent = nombre(somme('waitlist'));
  document.getElementById('total-taux').textContent = pourcent(capacite ? acceptees / capacite : 0);
}

function afficher(liste) {
  if (corpsTableau.querySelector('td[colspan]')) corpsTableau.replaceChildren();
  const formations = etat.formations = new Map(liste.map(({ stats, ...f }) => [f.id, { formation: f, stats }]));
  for (const { formation, stats } of formations.values()) {
    const ligne = ligneDe(formation);
    if (ligne.dataset.signature !== signature(stats)) majLigne(ligne, formation, stats);
  }
  for (const ligne of [...corpsTableau.rows]) if (ligne.dataset.formation && !formations.has(ligne.dataset.formation)) ligne.remove();
  if (!liste.length) corpsTableau.replaceChildren(el('tr', {}, el('td', { colspan: '8', text: 'Aucune formation de votre établissement n’est publiée dans cette campagne.' })));
  totaux();
  publier();
}

export async function charger() {
  try {
    afficher(await api(`/api/establishments/${encodeURIComponent(s.sujet)}/formations`));
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'Vos formations n’ont pas pu être chargées', texte: probleme.detail });
  }
}

/** Les compteurs poussés par le serveur : chaque ligne concernée est mise à jour sur place et mise en évidence. */
export function compteurs(liste) {
  let inconnue = false;
  if (liste.some(st => st.formationId === document.getElementById('alternance-formation').value)) bientotAlternance();
  for (const st of liste) {
    const entree = etat.formations.get(st.formationId);
    if (!entree) { inconnue = true; continue; }
    if (signature(entree.stats) === signature(st)) continue;
    entree.stats = st;
    const ligne = ligneDe(entree.formation);
    majLigne(ligne, entree.formation, st);
    surligner(ligne);
    annoncer(`${entree.formation.mention}, ${entree.formation.parcours} : ${pourcent(st.fillRate)} de places acceptées, ${st.pendingOffers} propositions en attente.`);
  }
  totaux();
  if (inconnue) charger();
}
