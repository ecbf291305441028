// Les compteurs nationaux et la jauge de remplissage, en direct ; un taux national petit garde sa précision (« 0,24 % »).
import { nombre, pourcentPrecis, surligner } from '../commun.js';
import { afficherActivite } from './activite.js';

function valeur(cle, texte) {
  const zone = document.querySelector(`[data-compteur="${cle}"]`);
  if (zone.textContent === texte) return;
  const premier = zone.textContent === '—';
  zone.textContent = texte;
  if (!premier) surligner(zone.closest('.mm-compteur') ?? zone);
}

export function afficherCompteurs(c) {
  const acceptees = c.acceptedProvisional + c.acceptedDefinitive;
  valeur('formations', nombre(c.formations));
  valeur('capacity', nombre(c.capacity));
  valeur('accepted', nombre(acceptees));
  document.getElementById('detail-acceptees').textContent = `(${nombre(c.acceptedDefinitive)} définitivement, ${nombre(c.acceptedProvisional)} avec vœux maintenus)`;
  valeur('pendingOffers', nombre(c.pendingOffers));
  valeur('waitlist', nombre(c.waitlist));
  valeur('applicants', nombre(c.applicants));
  valeur('fillRate', pourcentPrecis(c.fillRate));
  const jauge = document.getElementById('jauge-nationale');
  const part = n => c.capacity > 0 ? Math.min(100, 100 * n / c.capacity) : 0;
  const [d, p, a] = jauge.children;
  const definitif = part(c.acceptedDefinitive), provisoire = Math.min(100 - definitif, part(c.acceptedProvisional));
  d.style.width = `${definitif}%`;
  p.style.width = `${provisoire}%`;
  a.style.width = `${Math.min(100 - definitif - provisoire, part(c.pendingOffers))}%`;
  jauge.setAttribute('aria-valuenow', String(Math.round(100 * c.fillRate)));
  jauge.setAttribute('aria-valuetext', `${pourcentPrecis(c.fillRate)} des places acceptées, ${nombre(c.pendingOffers)} propositions en attente`);
  if (c.perMinute?.length) afficherActivite(c.perMinute);
}
