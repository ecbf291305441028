// Mes favoris (section 1) : les formations mises de côté en cherchant un master ; les retirer.
import { alerte, annoncer, api, el } from '../commun.js';
import { base } from './etat.js';

const liste = document.getElementById('favoris-liste');
const resultat = document.getElementById('favoris-resultat');
const chemin = formationId => `${base()}/favourites${formationId ? `/${encodeURIComponent(formationId)}` : ''}`;

function ligneFavori(h) {
  const nom = `${h.mention} — ${h.establishment}`;
  return el('li', { class: 'mm-favori', id: `favori-${h.id}`, 'data-formation': h.id },
    el('div', {},
      el('a', { class: 'fr-link mm-formation__mention', href: `formation.html?id=${encodeURIComponent(h.id)}`, text: h.mention }),
      el('span', { class: 'mm-formation__etablissement', text: h.establishment }),
      el('span', { class: 'mm-formation__details', text: [h.parcours, `${h.commune} (${h.departementCode})`, h.viaPlatform ? null : 'candidature auprès de l’établissement'].filter(Boolean).join(' · ') })),
    el('button', {
      type: 'button', class: 'fr-btn fr-btn--sm fr-btn--tertiary fr-icon-delete-line fr-btn--icon-left', 'data-retirer-favori': h.id,
      onclick: () => retirerFavori(h, nom),
    }, 'Retirer', el('span', { class: 'mm-sr-only', text: ` ${nom} de mes favoris` })));
}

export async function chargerFavoris() {
  try {
    const favoris = await api(chemin());
    liste.replaceChildren(...(favoris.length ? favoris.map(ligneFavori)
      : [el('li', {}, 'Aucun favori pour l’instant : ajoutez-en depuis la ', el('a', { class: 'fr-link', href: 'recherche.html', text: 'recherche' }), '.')]));
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Vos favoris n’ont pas pu être chargés', texte: probleme.detail });
  }
}

async function retirerFavori(h, nom) {
  try {
    await api(chemin(h.id), { methode: 'DELETE' });
    annoncer(`${nom} retirée de vos favoris.`);
    await chargerFavoris();
    (liste.querySelector('button') ?? document.getElementById('favoris-titre')).focus?.();
  } catch (probleme) {
    if (probleme.statut !== 401) alerte(resultat, { type: 'error', titre: 'Ce favori n’a pas été retiré', texte: probleme.detail });
  }
}
