// Connexion de démonstration : un jeton de /api/dev/tokens pour le rôle choisi, gardé dans sessionStorage.
import { PAGES, REGIONS, RESERVEE, ROLES, alerte, api, jetonExpire, retourSur, session } from './commun.js';

const formulaire = document.getElementById('connexion');
const alertes = document.getElementById('alertes');
const groupes = {
  candidate: { groupe: 'groupe-candidat', champ: 'identifiant-candidat' },
  establishment: { groupe: 'groupe-etablissement', champ: 'identifiant-etablissement' },
  operator: { groupe: 'groupe-operateur', champ: 'identifiant-operateur' },
  rector: { groupe: 'groupe-rectorat', champ: 'identifiant-rectorat' },
};

for (const region of REGIONS) {
  const option = document.createElement('option');
  option.value = region;
  document.getElementById('regions-academiques').append(option);
}

const roleChoisi = () => formulaire.elements.role.value;

function montrerChamp() {
  for (const [role, { groupe }] of Object.entries(groupes)) document.getElementById(groupe).hidden = role !== roleChoisi();
}

function erreurChamp(role, texte) {
  const { groupe, champ } = groupes[role];
  const bloc = document.getElementById(groupe);
  const messages = document.getElementById(`${champ}-messages`);
  bloc.classList.toggle('fr-input-group--error', Boolean(texte));
  document.getElementById(champ).classList.toggle('fr-input--error', Boolean(texte));
  if (messages) messages.innerHTML = texte ? `<p class="fr-message fr-message--error"></p>` : '';
  if (messages && texte) messages.firstChild.textContent = texte;
}

for (const radio of formulaire.elements.role) radio.addEventListener('change', montrerChamp);
montrerChamp();

const parametres = new URLSearchParams(location.search);
const motif = parametres.get('motif');
const connecte = session.jeton && !jetonExpire(session.jeton) && PAGES[session.role];

/** « Reprendre » : retour à l'espace de la personne connectée. */
function lienReprendre(info) {
  const lien = document.createElement('a');
  lien.href = PAGES[session.role];
  lien.className = 'fr-link';
  lien.textContent = 'Reprendre';
  info.querySelector('p').append(lien);
}

// Venue d'une page publique (recherche, fiche d'une formation) : on y revient une fois connecté.
const retour = retourSur(new URLSearchParams(location.search).get('retour'));
if (retour) {
  alerte(alertes, { type: 'info', texte: 'Connectez-vous comme candidat pour candidater et garder vos favoris : vous reviendrez ensuite à la page que vous consultiez.' });
} else if (motif === 'expiree') {
  alerte(alertes, { type: 'warning', titre: 'Session expirée', texte: 'Votre session a expiré ou n’est plus valide : reconnectez-vous.' });
} else if (motif === 'absente') {
  alerte(alertes, { type: 'info', texte: 'Connectez-vous pour accéder à cette page.' });
} else if (motif === 'reservee' && RESERVEE[parametres.get('page')]) {
  // Venue d'un espace d'un autre rôle : la session est gardée ; on dit à qui la page est réservée.
  const role = parametres.get('page');
  const qui = connecte ? ` Vous êtes connecté en tant que ${ROLES[session.role]} : ${session.sujet}. ` : ' ';
  const info = alerte(alertes, {
    type: 'warning', titre: 'Page réservée',
    texte: `Cette page est réservée ${RESERVEE[role].a} : connectez-vous ${RESERVEE[role].comme} pour y accéder.${qui}`,
  });
  if (connecte) lienReprendre(info);
} else if (connecte) {
  const info = alerte(alertes, { type: 'info', titre: 'Déjà connecté', texte: `Vous êtes connecté en tant que ${ROLES[session.role]} : ${session.sujet}. ` });
  lienReprendre(info);
}

formulaire.addEventListener('submit', async evenement => {
  evenement.preventDefault();
  const role = roleChoisi();
  const sujet = document.getElementById(groupes[role].champ).value.trim();
  erreurChamp(role, null);
  if (!sujet) {
    erreurChamp(role, role === 'candidate' ? 'Indiquez votre numéro de candidat, par exemple C0001.' : 'Indiquez un identifiant.');
    document.getElementById(groupes[role].champ).focus();
    return;
  }
  const bouton = document.getElementById('se-connecter');
  bouton.disabled = true;
  try {
    const { token } = await api('/api/dev/tokens', { methode: 'POST', json: { role, subject: sujet }, jeton: null, sans401: true });
    session.enregistrer({ jeton: token, role, sujet, demo: true });
    location.assign(retour && role === 'candidate' ? retour : PAGES[role]);
  } catch (probleme) {
    const texte = probleme.statut === 404 || probleme.statut === 405
      ? 'La connexion de démonstration n’est pas ouverte sur ce serveur (mode démonstration désactivé).'
      : probleme.detail ?? 'La connexion a échoué.';
    alerte(alertes, { type: 'error', titre: 'Connexion impossible', texte });
    bouton.disabled = false;
  }
});

// Le bouton reste désactivé tant que ce script n'a pas pris la main sur le formulaire : un clic trop tôt
// l'enverrait tel quel au serveur, sans connexion.
document.getElementById('se-connecter').disabled = false;

// Où en est la campagne de démonstration (mode démo seulement : ailleurs la route n'existe pas et rien ne s'affiche).
const demoEtat = document.getElementById('demo-etat');
async function suivreDemo() {
  let etat;
  try {
    const reponse = await fetch('/api/dev/demo', { headers: { accept: 'application/json' } });
    if (!reponse.ok) { demoEtat.hidden = true; return; }
    etat = await reponse.json();
  } catch {
    setTimeout(suivreDemo, 5000);
    return;
  }
  const prete = etat.state === 'ready';
  demoEtat.hidden = false;
  demoEtat.innerHTML = `<div class="fr-alert fr-alert--sm fr-mb-3w ${prete ? 'fr-alert--success' : 'fr-alert--info'}"><p></p></div>`;
  demoEtat.querySelector('p').textContent = etat.state === 'waiting'
    ? 'La campagne de démonstration va se préparer : le catalogue national puis 2 000 candidats (une trentaine de secondes).'
    : etat.message;
  demoEtat.dataset.etat = etat.state;
  if (!prete) setTimeout(suivreDemo, 2000);
}
suivreDemo();

