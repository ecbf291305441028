// Puis-je saisir mon rectorat ? Le quiz d'éligibilité à la saisine du recteur de région académique : les réponses
// du candidat (candidatures hors plateforme comprises) partent à POST /api/referrals/eligibility, qui dit si les
// critères sont remplis, sinon lesquels manquent, et la date d'ouverture de la saisine.
import { FUSEAU, REGIONS, STATUTS, alerte, api, el, entete, exigerSession } from './commun.js';

const s = exigerSession('candidate');

const formulaire = document.getElementById('quiz');
const resultat = document.getElementById('resultat');
const bouton = document.getElementById('verifier');

/** « vendredi 18 juillet 2025 », à l'heure de Paris. */
const jourLong = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** Oui → true, Non → false, sans réponse → null (le serveur dit alors ce qui manque). */
function ouiNon(nom) {
  const coche = formulaire.querySelector(`input[name="${nom}"]:checked`);
  return coche ? coche.value === 'oui' : null;
}

/** Un nombre entier saisi, ou null. */
function entier(id) {
  const valeur = document.getElementById(id).valueAsNumber;
  return Number.isInteger(valeur) ? valeur : null;
}

function reponses() {
  const autreAcademie = ouiNon('academie');
  return {
    // « Non » : licence obtenue dans une région académique d'une seule université.
    singleUniversityRegion: autreAcademie === null ? null : !autreAcademie,
    licenceYear: document.getElementById('annee-licence').value || null,
    offerReceived: ouiNon('proposition'),
    applications: entier('candidatures'),
    mentions: entier('mentions'),
    establishments: entier('etablissements'),
  };
}

/** Le verdict dans une alerte DSFR (la zone #resultat est aria-live). */
function montrer(verdict) {
  if (verdict.eligible) {
    resultat.replaceChildren(el('div', { class: 'fr-alert fr-alert--success fr-mb-3w', 'data-resultat': 'eligible' },
      el('h3', { class: 'fr-alert__title', text: 'Vous pourrez saisir le recteur de votre région académique' }),
      el('p', { text: `Vous remplissez les critères : la saisine sera ouverte à partir du ${jourLong.format(new Date(verdict.referralOpens))}.` })));
    return;
  }
  resultat.replaceChildren(el('div', { class: 'fr-alert fr-alert--warning fr-mb-3w', 'data-resultat': 'non-eligible' },
    el('h3', { class: 'fr-alert__title', text: 'Vous ne remplissez pas les critères de la saisine' }),
    el('ul', { class: 'fr-mb-0' }, verdict.unmet.map(c => el('li', { 'data-critere': c.code, text: c.message })))));
}

formulaire.addEventListener('submit', async evenement => {
  evenement.preventDefault();
  bouton.disabled = true;
  try {
    montrer(await api('/api/referrals/eligibility', { methode: 'POST', json: reponses() }));
  } catch (erreur) {
    alerte(resultat, { type: 'error', titre: 'Éligibilité non vérifiée', texte: erreur.detail ?? erreur.message });
  } finally {
    bouton.disabled = false;
  }
});

// ----- la saisine elle-même (POST /api/candidates/{id}/referral), puis les propositions du rectorat -----

const maSaisine = document.getElementById('ma-saisine');
const formulaireSaisine = document.getElementById('formulaire-saisine');
const jourHeure = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU, dateStyle: 'long', timeStyle: 'short' });

for (const region of REGIONS) document.getElementById('region').append(el('option', { value: region, text: region }));

function montrerSaisine(saisine) {
  formulaireSaisine.hidden = true;
  maSaisine.replaceChildren(el('div', { class: 'fr-alert fr-alert--info fr-mb-3w', 'data-saisine': saisine.region },
    el('h3', { class: 'fr-alert__title', text: `Saisine déposée auprès du rectorat : ${saisine.region}` }),
    el('p', { text: `Le ${jourHeure.format(new Date(saisine.filedAt))}. Propositions reçues : ${saisine.proposals.length} (au moins ${saisine.proposalsOwed} vous sont dues). Répondez-y depuis la page de vos candidatures.` })),
  el('ul', { id: 'propositions-rectorat' }, saisine.proposals.map(p =>
    el('li', { 'data-formation': p.formationId, text: `${p.formationId} : ${STATUTS[p.status]?.texte ?? p.status}` }))));
}

async function chargerSaisine() {
  try {
    montrerSaisine(await api(`/api/candidates/${encodeURIComponent(s.sujet)}/referral`));
  } catch (erreur) {
    if (erreur.statut !== 404) alerte(maSaisine, { type: 'error', titre: 'Saisine illisible', texte: erreur.detail });
  }
}

formulaireSaisine.addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const bouton = document.getElementById('saisir');
  bouton.disabled = true;
  try {
    await api(`/api/candidates/${encodeURIComponent(s.sujet)}/referral`, { methode: 'POST', json: {
      region: document.getElementById('region').value || null,
      licenceYear: document.getElementById('licence-saisine').value || null,
    } });
    await chargerSaisine();
  } catch (erreur) {
    alerte(maSaisine, { type: 'error', titre: 'Saisine non déposée', texte: erreur.detail });
  } finally {
    bouton.disabled = false;
  }
});

if (s) { entete(s); chargerSaisine(); }
