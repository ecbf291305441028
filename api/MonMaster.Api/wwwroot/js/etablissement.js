// Mes formations : le remplissage de chacune, en direct (/hubs/establishment), et le dépôt d'un classement CSV.
import {
  PARCOURS, alerte, annoncer, api, direct, el, entete, exigerSession, nombre, pourcent, surligner,
} from './commun.js';

const s = exigerSession('establishment');

const corpsTableau = document.getElementById('formations');
const alertes = document.getElementById('alertes');

/** id → { formation (sans stats), stats } */
let formations = new Map();

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
  const liste = [...formations.values()].map(x => x.stats);
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
  formations = new Map(liste.map(({ stats, ...f }) => [f.id, { formation: f, stats }]));
  for (const { formation, stats } of formations.values()) {
    const ligne = ligneDe(formation);
    if (ligne.dataset.signature !== signature(stats)) majLigne(ligne, formation, stats);
  }
  for (const ligne of [...corpsTableau.rows]) if (ligne.dataset.formation && !formations.has(ligne.dataset.formation)) ligne.remove();
  if (!liste.length) corpsTableau.replaceChildren(el('tr', {}, el('td', { colspan: '8', text: 'Aucune formation de votre établissement n’est publiée dans cette campagne.' })));
  totaux();
  const choix = document.getElementById('classement-formation');
  const valeur = choix.value;
  choix.replaceChildren(el('option', { value: '', disabled: true, selected: !valeur, text: 'Choisir une formation' }),
    ...[...formations.values()].map(({ formation: f }) => el('option', { value: f.id, selected: f.id === valeur, text: `${f.id} — ${f.mention}, ${f.parcours}` })));
}

async function charger() {
  try {
    afficher(await api(`/api/establishments/${encodeURIComponent(s.sujet)}/formations`));
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'Vos formations n’ont pas pu être chargées', texte: probleme.detail });
  }
}

/** Les compteurs poussés par le serveur : chaque ligne concernée est mise à jour sur place et mise en évidence. */
function compteurs(liste) {
  let inconnue = false;
  for (const st of liste) {
    const entree = formations.get(st.formationId);
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

// ----- dépôt d'un classement -----

function erreurChamp(groupe, champ, texte, classe) {
  document.getElementById(groupe).classList.toggle(`${classe}-group--error`, Boolean(texte));
  const messages = document.getElementById(`${champ}-messages`);
  messages.replaceChildren(...(texte ? [el('p', { class: 'fr-message fr-message--error', text: texte })] : []));
}

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
    const f = formations.get(formationId)?.formation;
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

async function demarrer() {
  entete(s);
  await charger();
  await direct('/hubs/establishment', { formations: compteurs }, charger);
}

if (s) demarrer();
