// Pilotage de la campagne : phase, horloge (et son avancée au matin suivant), compteurs nationaux et activité
// par minute, en direct (/hubs/operator).
import {
  CAMPAGNE, MODES, PHASES, alerte, annoncer, api, dateComplete, direct, el, entete, exigerSession, heure,
  maintenantServeur, matinSuivant, nombre, pourcent, surligner,
} from './commun.js';

const s = exigerSession('operator');

const alertes = document.getElementById('alertes');
const boutonAvancer = document.getElementById('avancer');
const boutonClore = document.getElementById('clore');
/** La clôture des candidatures de la campagne (25 mars 00:00, heure de Paris). */
const CLOTURE = `${CAMPAGNE}-03-25T00:00:00+01:00`;
let campagne = null;
let parMinute = [];
let graphique = null;

// ----- la campagne : phase et horloge -----

function afficherCampagne(vue) {
  const avant = campagne;
  campagne = vue;
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
  boutonAvancer.disabled = !vue.virtualClock || boutonAvancer.dataset.enCours === '1';
  // Pendant la phase de candidature, la démo attend l'opérateur : un bouton va droit à la clôture.
  boutonClore.hidden = !vue.virtualClock || new Date(vue.now) >= new Date(CLOTURE);
  boutonClore.disabled = boutonAvancer.dataset.enCours === '1';
  boutonAvancer.title = vue.virtualClock ? `Avancer l’horloge au ${dateComplete(matinSuivant(vue.now))}` : 'La campagne suit l’heure réelle : son horloge ne se déplace pas.';
  if (avant && avant.now !== vue.now) {
    surligner(horloge.closest('.fr-card'));
    annoncer(`Horloge de la campagne : ${dateComplete(vue.now)}. ${PHASES[vue.phase] ?? vue.phase}.`);
  }
}

// ----- les compteurs -----

function valeur(cle, texte) {
  const zone = document.querySelector(`[data-compteur="${cle}"]`);
  if (zone.textContent === texte) return;
  const premier = zone.textContent === '—';
  zone.textContent = texte;
  if (!premier) surligner(zone.closest('.mm-compteur') ?? zone);
}

function afficherCompteurs(c) {
  const acceptees = c.acceptedProvisional + c.acceptedDefinitive;
  valeur('formations', nombre(c.formations));
  valeur('capacity', nombre(c.capacity));
  valeur('accepted', nombre(acceptees));
  document.getElementById('detail-acceptees').textContent = `(${nombre(c.acceptedDefinitive)} définitivement, ${nombre(c.acceptedProvisional)} avec vœux maintenus)`;
  valeur('pendingOffers', nombre(c.pendingOffers));
  valeur('waitlist', nombre(c.waitlist));
  valeur('applicants', nombre(c.applicants));
  valeur('fillRate', pourcent(c.fillRate));
  const jauge = document.getElementById('jauge-nationale');
  const part = n => c.capacity > 0 ? Math.min(100, 100 * n / c.capacity) : 0;
  const [d, p, a] = jauge.children;
  const definitif = part(c.acceptedDefinitive), provisoire = Math.min(100 - definitif, part(c.acceptedProvisional));
  d.style.width = `${definitif}%`;
  p.style.width = `${provisoire}%`;
  a.style.width = `${Math.min(100 - definitif - provisoire, part(c.pendingOffers))}%`;
  jauge.setAttribute('aria-valuenow', String(Math.round(100 * c.fillRate)));
  jauge.setAttribute('aria-valuetext', `${pourcent(c.fillRate)} des places acceptées, ${nombre(c.pendingOffers)} propositions en attente`);
  if (c.perMinute?.length) afficherActivite(c.perMinute);
}

// ----- l'activité par minute (Chart.js) -----

function creerGraphique() {
  Chart.defaults.font.family = 'Marianne, arial, sans-serif';
  Chart.defaults.color = '#3a3a3a';
  graphique = new Chart(document.getElementById('graphique'), {
    type: 'bar',
    data: {
      labels: [],
      datasets: [
        { label: 'Propositions envoyées', data: [], backgroundColor: '#000091', borderRadius: 2, maxBarThickness: 48 },
        { label: 'Réponses des candidats', data: [], backgroundColor: '#18753c', borderRadius: 2, maxBarThickness: 48 },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: { duration: 250 },
      scales: {
        x: { title: { display: true, text: 'Minute (heure de Paris)' }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Nombre' } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

const MINUTE = 60_000;
const FENETRE = 15; // minutes montrées au moins, les minutes sans activité à zéro

function afficherActivite(minutes) {
  parMinute = minutes;
  const parInstant = new Map(minutes.map(m => [Math.floor(Date.parse(m.minute) / MINUTE) * MINUTE, m]));
  const fin = Math.max(Math.floor(maintenantServeur() / MINUTE) * MINUTE, ...parInstant.keys());
  const debut = Math.min(fin - (FENETRE - 1) * MINUTE, ...parInstant.keys());
  const serie = [];
  for (let t = debut; t <= fin; t += MINUTE) serie.push({ t, offers: parInstant.get(t)?.offers ?? 0, answers: parInstant.get(t)?.answers ?? 0 });
  graphique.data.labels = serie.map(m => heure(m.t));
  graphique.data.datasets[0].data = serie.map(m => m.offers);
  graphique.data.datasets[1].data = serie.map(m => m.answers);
  graphique.update();
  if (!minutes.length) return;
  document.getElementById('activite-lignes').replaceChildren(...minutes.map(m => el('tr', {},
    el('th', { scope: 'row', text: heure(m.minute) }), el('td', { class: 'mm-nombre fr-cell--right', text: nombre(m.offers) }), el('td', { class: 'mm-nombre fr-cell--right', text: nombre(m.answers) }))));
}

// ----- chargement, direct, horloge -----

async function charger() {
  try {
    const vue = await api(`/api/campaigns/${CAMPAGNE}`);
    afficherCampagne(vue.campaign);
    afficherCompteurs({ ...vue.counters, perMinute: vue.counters.perMinute?.length ? vue.counters.perMinute : parMinute });
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'La campagne n’a pas pu être chargée', texte: probleme.detail });
  }
}

boutonAvancer.addEventListener('click', () => avancer(boutonAvancer, matinSuivant(campagne.now)));
boutonClore.addEventListener('click', () => avancer(boutonClore, CLOTURE));

async function avancer(bouton, vers) {
  if (!campagne) return;
  boutonAvancer.dataset.enCours = '1';
  boutonAvancer.disabled = true;
  boutonClore.disabled = true;
  const libelle = bouton.textContent;
  bouton.textContent = 'Avancée en cours…';
  try {
    const vue = await api(`/api/campaigns/${CAMPAGNE}/clock`, { methode: 'POST', json: { advanceTo: vers } });
    boutonAvancer.dataset.enCours = '0';
    afficherCampagne(vue);
    alerte(alertes, { type: 'success', titre: 'Horloge avancée', texte: `L’horloge de la campagne est au ${dateComplete(vue.now)} : les traitements prévus en chemin ont été faits.` });
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(alertes, { type: 'error', titre: 'L’horloge n’a pas avancé', texte: probleme.detail });
  } finally {
    boutonAvancer.dataset.enCours = '0';
    bouton.textContent = libelle;
    boutonAvancer.disabled = !campagne?.virtualClock;
    boutonClore.disabled = false;
  }
}

async function demarrer() {
  entete(s);
  creerGraphique();
  afficherActivite([]);
  setInterval(() => afficherActivite(parMinute), 30_000);
  await charger();
  const connexion = await direct('/hubs/operator', { counters: afficherCompteurs, campaign: afficherCampagne }, charger);
  // Les compteurs de ce serveur, s'ils ont bougé pendant la connexion.
  try { afficherCompteurs(await connexion.invoke('Counters')); } catch { /* les messages suivants suffiront */ }
}

if (s) demarrer();
