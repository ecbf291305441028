// L'activité minute par minute (Chart.js) : propositions envoyées et réponses reçues par ce serveur.
import { el, heure, maintenantServeur, nombre } from '../commun.js';

export const etat = { parMinute: [] };
let graphique = null;

export function creerGraphique() {
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

export function afficherActivite(minutes) {
  etat.parMinute = minutes;
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
