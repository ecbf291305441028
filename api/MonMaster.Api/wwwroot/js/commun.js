// Ce que les pages de Mon Master partagent : l'en-tête DSFR (servi par le gabarit _layout.html, ajusté ici à la
// session), la session (jeton), les appels à l'API, la campagne en cours, les messages d'erreur, les libellés en
// français, les dates de Paris et la connexion en direct (SignalR).

export const FUSEAU = 'Europe/Paris';

const CLES = { jeton: 'monmaster.jeton', role: 'monmaster.role', sujet: 'monmaster.sujet', demo: 'monmaster.demo' };

export const PAGES = { candidate: 'candidat.html', establishment: 'etablissement.html', operator: 'operateur.html', rector: 'rectorat.html' };

export const ROLES = { candidate: 'Candidat', establishment: 'Établissement', operator: 'Opérateur', rector: 'Rectorat' };

/** Les régions académiques (section 7 : la saisine va au recteur de la sienne). */
export const REGIONS = ['Auvergne-Rhône-Alpes', 'Bourgogne-Franche-Comté', 'Bretagne', 'Centre-Val de Loire', 'Corse', 'Grand Est',
  'Guadeloupe', 'Guyane', 'Hauts-de-France', 'Île-de-France', 'La Réunion', 'Martinique', 'Mayotte', 'Normandie',
  'Nouvelle-Aquitaine', 'Nouvelle-Calédonie', 'Occitanie', 'Pays de la Loire', 'Polynésie française', "Provence-Alpes-Côte d'Azur"];

// ----- session -----

export const session = {
  get jeton() { return sessionStorage.getItem(CLES.jeton); },
  get role() { return sessionStorage.getItem(CLES.role); },
  get sujet() { return sessionStorage.getItem(CLES.sujet); },
  get demo() { return sessionStorage.getItem(CLES.demo) === '1'; },
  enregistrer({ jeton, role, sujet, demo }) {
    sessionStorage.setItem(CLES.jeton, jeton);
    sessionStorage.setItem(CLES.role, role);
    sessionStorage.setItem(CLES.sujet, sujet);
    sessionStorage.setItem(CLES.demo, demo ? '1' : '0');
  },
  effacer() {
    for (const cle of Object.values(CLES)) sessionStorage.removeItem(cle);
  },
};

/** Les revendications du jeton (sans le vérifier : le serveur le fait), ou null s'il est illisible. */
export function lireJeton(jeton) {
  try {
    const charge = jeton.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(charge), c => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

export function jetonExpire(jeton) {
  const revendications = jeton ? lireJeton(jeton) : null;
  return !revendications || (typeof revendications.exp === 'number' && revendications.exp * 1000 <= Date.now());
}

/** Retour à la page de connexion, la session effacée ; motif : « absente » ou « expiree ». */
export function retourConnexion(motif = 'expiree') {
  session.effacer();
  location.replace(`index.html?motif=${encodeURIComponent(motif)}`);
}

/**
 * La session du rôle attendu, ou retour à la connexion : jeton absent ou expiré (la session est effacée), ou d'un
 * autre rôle (la session est gardée, la page de connexion dit à qui la page est réservée).
 */
export function exigerSession(role) {
  const jeton = session.jeton;
  if (!jeton) { retourConnexion('absente'); return null; }
  if (jetonExpire(jeton)) { retourConnexion('expiree'); return null; }
  if (session.role !== role) { location.replace(`index.html?motif=reservee&page=${encodeURIComponent(role)}`); return null; }
  return { jeton, role, sujet: session.sujet, demo: session.demo };
}

/** À qui chaque espace est réservé, et comment s'y connecter : dit à qui s'y trompe de rôle. */
export const RESERVEE = {
  candidate: { a: 'aux candidats', comme: 'en tant que candidat' },
  establishment: { a: 'aux établissements', comme: 'en tant qu’établissement' },
  operator: { a: 'aux opérateurs', comme: 'en tant qu’opérateur' },
  rector: { a: 'aux rectorats', comme: 'en tant que rectorat' },
};

// ----- API -----

/** Une erreur de l'API (RFC 7807) : detail est la phrase en français à montrer. */
export class Probleme extends Error {
  constructor(statut, code, detail, problemes = null) {
    super(detail);
    this.statut = statut;
    this.code = code;
    this.detail = detail;
    /** Chaque problème, quand le serveur les énumère (un dossier refusé). */
    this.problemes = problemes;
  }
}

/** Écart entre l'horloge du serveur (en-tête Date) et celle du navigateur, en millisecondes. */
let ecartServeur = 0;

export function maintenantServeur() {
  return Date.now() + ecartServeur;
}

/**
 * Appelle l'API avec le jeton de la session. json : corps JSON ; texte + type : autre corps ; formulaire : un
 * FormData (multipart/form-data) ; fichier : la réponse est rendue telle quelle, en Blob.
 * Un 401 ramène à la connexion ; les autres erreurs lèvent un Probleme avec le détail en français.
 */
export async function api(chemin, { methode = 'GET', json, texte, type, formulaire, fichier = false, jeton = session.jeton, sans401 = false } = {}) {
  const entetes = { Accept: fichier ? '*/*' : 'application/json' };
  if (jeton) entetes.Authorization = `Bearer ${jeton}`;
  let corps;
  if (json !== undefined) { corps = JSON.stringify(json); entetes['Content-Type'] = 'application/json'; }
  else if (texte !== undefined) { corps = texte; entetes['Content-Type'] = type ?? 'text/plain'; }
  else if (formulaire !== undefined) corps = formulaire; // le navigateur pose lui-même l'en-tête et sa frontière
  let reponse;
  try {
    reponse = await fetch(chemin, { method: methode, headers: entetes, body: corps, cache: 'no-store' });
  } catch {
    throw new Probleme(0, 'network', 'Le serveur ne répond pas : vérifiez votre connexion, puis réessayez.');
  }
  const date = reponse.headers.get('Date');
  if (date && !Number.isNaN(Date.parse(date))) ecartServeur = Date.parse(date) - Date.now();
  if (reponse.status === 401 && !sans401) {
    retourConnexion('expiree');
    throw new Probleme(401, 'unauthenticated', 'Votre session a expiré : reconnectez-vous.');
  }
  if (!reponse.ok) {
    let code = `http-${reponse.status}`;
    let detail = `La demande a échoué (erreur ${reponse.status}).`;
    let problemes = null;
    try {
      const probleme = await reponse.json();
      code = probleme.code ?? probleme.title ?? code;
      detail = probleme.detail ?? probleme.title ?? detail;
      problemes = Array.isArray(probleme.problems) ? probleme.problems : null;
    } catch { /* corps vide ou pas en JSON */ }
    throw new Probleme(reponse.status, code, detail, problemes);
  }
  if (reponse.status === 204) return null;
  if (fichier) return reponse.blob();
  const typeReponse = reponse.headers.get('Content-Type') ?? '';
  return typeReponse.includes('json') ? reponse.json() : reponse.text();
}

// ----- messages -----

/** Montre une alerte DSFR (type : error, success, info, warning) dans conteneur ; la renvoie. */
export function alerte(conteneur, { type = 'error', titre, texte, remplacer = true }) {
  if (remplacer) conteneur.replaceChildren();
  const bloc = document.createElement('div');
  bloc.className = `fr-alert fr-alert--${type} fr-mb-3w`;
  bloc.setAttribute('role', type === 'error' ? 'alert' : 'status');
  if (titre) {
    const h = document.createElement('h3');
    h.className = 'fr-alert__title';
    h.textContent = titre;
    bloc.append(h);
  }
  const p = document.createElement('p');
  p.textContent = texte;
  bloc.append(p);
  const fermer = document.createElement('button');
  fermer.type = 'button';
  fermer.className = 'fr-btn--close fr-btn';
  fermer.title = 'Masquer le message';
  fermer.textContent = 'Masquer le message';
  fermer.addEventListener('click', () => bloc.remove());
  bloc.append(fermer);
  conteneur.append(bloc);
  return bloc;
}

/** Télécharge un fichier de l'API avec le jeton (un simple lien n'en porterait pas) et le remet au navigateur sous nom. */
export async function telechargerFichier(chemin, nom) {
  const contenu = await api(chemin, { fichier: true });
  // Un nom sans extension prend celle du type reçu.
  const extension = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg' }[contenu.type] ?? '';
  if (!/\.[a-z0-9]+$/i.test(nom)) nom += extension;
  const adresse = URL.createObjectURL(contenu);
  const lien = el('a', { href: adresse, download: nom, hidden: true });
  document.body.append(lien);
  lien.click();
  lien.remove();
  setTimeout(() => URL.revokeObjectURL(adresse), 60_000);
}

/** Annonce un changement aux lecteurs d'écran (zone aria-live de la page). */
export function annoncer(texte) {
  const zone = document.getElementById('annonces');
  if (!zone) return;
  zone.textContent = '';
  setTimeout(() => { zone.textContent = texte; }, 50);
}

/** Met brièvement un élément en évidence après un changement en direct. */
export function surligner(element) {
  element.classList.remove('mm-flash');
  void element.offsetWidth; // relance l'animation
  element.classList.add('mm-flash');
  clearTimeout(element._mmFlash);
  element._mmFlash = setTimeout(() => element.classList.remove('mm-flash'), 3000);
}

export function el(tag, attributs = {}, ...enfants) {
  const e = document.createElement(tag);
  for (const [nom, valeur] of Object.entries(attributs)) {
    if (valeur === undefined || valeur === null || valeur === false) continue;
    if (nom === 'class') e.className = valeur;
    else if (nom === 'text') e.textContent = valeur;
    else if (nom.startsWith('on')) e.addEventListener(nom.slice(2), valeur);
    else e.setAttribute(nom, valeur === true ? '' : valeur);
  }
  for (const enfant of enfants.flat()) if (enfant !== null && enfant !== undefined && enfant !== false) e.append(enfant);
  return e;
}

// ----- libellés -----

export const STATUTS = {
  'submitted': { texte: 'Candidature déposée', badge: null },
  'not-retained': { texte: 'Non retenue', badge: 'error' },
  'waitlisted': { texte: 'En liste d’attente', badge: 'info' },
  'offer': { texte: 'Proposition d’admission', badge: 'success' },
  'accepted-provisional': { texte: 'Acceptée, vœux maintenus', badge: 'success' },
  'accepted-definitive': { texte: 'Acceptée définitivement', badge: 'success' },
  'refused': { texte: 'Proposition refusée', badge: null },
  'expired': { texte: 'Délai de réponse dépassé', badge: 'warning' },
  'renounced': { texte: 'Liste d’attente abandonnée', badge: null },
  'released': { texte: 'Abandonnée', badge: null },
  'incomplete': { texte: 'Dossier incomplet', badge: 'warning' },
  'contract-search': { texte: 'En recherche de contrat', badge: 'info' },
};

/** L'état du contrat d'alternance d'une candidature en recherche de contrat. */
export const CONTRATS = {
  'pending': { texte: 'Contrat en attente de validation', badge: 'new' },
  'validated': { texte: 'Contrat validé', badge: 'success' },
  'refused': { texte: 'Contrat refusé', badge: 'error' },
  'none': { texte: 'Aucun contrat déposé', badge: null },
};

export function badgeContrat(contrat) {
  const etat = contrat ?? 'none';
  const c = CONTRATS[etat] ?? { texte: etat, badge: null };
  return el('p', { class: `fr-badge fr-badge--sm fr-badge--no-icon${c.badge ? ` fr-badge--${c.badge}` : ''}`, 'data-contrat': etat, text: c.texte });
}

export function badgeStatut(statut) {
  const s = STATUTS[statut] ?? { texte: statut, badge: null };
  return el('p', { class: `fr-badge fr-badge--sm${s.badge ? ` fr-badge--${s.badge}` : ''}`, 'data-statut': statut, text: s.texte });
}

export const PHASES = {
  Publication: 'Publication de l’offre de formation',
  Application: 'Dépôt des candidatures',
  Review: 'Examen des candidatures',
  MainAdmission: 'Phase principale d’admission',
  Complementary: 'Phase complémentaire',
  Withdrawals: 'Gestion des désistements',
  Closed: 'Campagne close',
};

export const PARCOURS = { 'classic': 'Formation initiale', 'work-study': 'Alternance' };

export const MODES = { 'daily': 'chaque matin à 6 h', 'immediate': 'dès qu’une place se libère' };

// ----- nombres et dates (heure de Paris) -----

const nombreFr = new Intl.NumberFormat('fr-FR');
const pourcentFr = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

export const nombre = n => nombreFr.format(n ?? 0);
export const pourcent = x => pourcentFr.format(x ?? 0);

const pourcentDixieme = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const pourcentCentieme = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 2 });

/**
 * Un taux qui peut être petit (le remplissage national) : « 0,24 % », « 3,5 % », « 42 % ». Jamais « 0 % » pour un taux
 * qui ne l'est pas, ni « 100 % » pour un taux qui ne l'est pas encore.
 */
export function pourcentPrecis(x) {
  const t = x ?? 0;
  if (t <= 0) return pourcentFr.format(0);
  if (t < 0.0001) return `< ${pourcentCentieme.format(0.0001)}`;
  if (t < 0.01) return pourcentCentieme.format(t);
  if (t < 0.1) return pourcentDixieme.format(t);
  return t < 1 && Math.round(t * 100) === 100 ? `> ${pourcentFr.format(0.99)}` : pourcentFr.format(t);
}

const dateLongue = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateCourte = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
const heureMinute = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU, hour: '2-digit', minute: '2-digit' });

export const dateComplete = d => d ? dateLongue.format(new Date(d)) : '—';
export const dateDelai = d => d ? dateCourte.format(new Date(d)) : '—';
export const heure = d => heureMinute.format(new Date(d));

/** Les champs de l'heure de Paris d'un instant : année, mois, jour, heure, minute, seconde. */
export function champsParis(instant) {
  const parties = new Intl.DateTimeFormat('en-CA', {
    timeZone: FUSEAU, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const v = Object.fromEntries(parties.filter(p => p.type !== 'literal').map(p => [p.type, Number(p.value)]));
  return { annee: v.year, mois: v.month, jour: v.day, heure: v.hour, minute: v.minute, seconde: v.second };
}

/** Le prochain 6 h du matin à Paris strictement après instant, en texte ISO avec son décalage (+01:00 ou +02:00). */
export function matinSuivant(instant) {
  const t = new Date(instant).getTime();
  const p = champsParis(t);
  let jour = Date.UTC(p.annee, p.mois - 1, p.jour);
  if (p.heure >= 6) jour += 86_400_000;
  const d = new Date(jour);
  const date = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  for (const decalage of ['+02:00', '+01:00']) {
    const iso = `${date}T06:00:00${decalage}`;
    if (champsParis(Date.parse(iso)).heure === 6) return iso;
  }
  return `${date}T06:00:00+01:00`;
}

/** Temps restant en clair : « 2 j 5 h 03 min 09 s », ou null quand le délai est passé. */
export function tempsRestant(millisecondes) {
  if (millisecondes <= 0) return null;
  const s = Math.floor(millisecondes / 1000);
  const j = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
  const deux = n => String(n).padStart(2, '0');
  return `${j > 0 ? `${j} j ` : ''}${j > 0 || h > 0 ? `${h} h ` : ''}${deux(m)} min ${deux(sec)} s`;
}

// ----- en direct (SignalR) -----

const ETATS = {
  connexion: { texte: 'Connexion…', badge: 'info' },
  direct: { texte: 'En direct', badge: 'success' },
  reconnexion: { texte: 'Reconnexion…', badge: 'warning' },
  horsLigne: { texte: 'Hors ligne', badge: 'error' },
};

function montrerEtat(etat) {
  const zone = document.getElementById('etat-direct');
  if (!zone) return;
  const e = ETATS[etat];
  zone.replaceChildren(el('span', { class: `fr-badge fr-badge--sm fr-badge--${e.badge}`, 'data-etat': etat, text: e.texte }));
}

const nonAutorise = erreur => erreur?.statusCode === 401 || /\b401\b|Unauthorized/i.test(String(erreur?.message ?? ''));

/**
 * Se connecte au hub (jeton de la session), écoute les messages de gestionnaires, se reconnecte seul et appelle
 * rattraper après chaque reconnexion (les messages manqués entre-temps ne sont pas rejoués). Renvoie la connexion.
 */
export async function direct(chemin, gestionnaires, rattraper, { anonyme = false } = {}) {
  // anonyme : un hub public (la fiche d'une formation) ; sans jeton, et sans retour à la connexion.
  const expire = () => !anonyme && jetonExpire(session.jeton);
  const connexion = new signalR.HubConnectionBuilder()
    .withUrl(chemin, anonyme ? {} : { accessTokenFactory: () => session.jeton ?? '' })
    // Se reconnecte sans fin (0, 1, 2, 5 s puis toutes les 10 s), sauf quand le jeton a expiré : retour à la connexion.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => expire() ? null : [0, 1000, 2000, 5000][ctx.previousRetryCount] ?? 10_000 })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  for (const [message, gestionnaire] of Object.entries(gestionnaires)) connexion.on(message, gestionnaire);
  connexion.onreconnecting(() => montrerEtat('reconnexion'));
  connexion.onreconnected(async () => {
    montrerEtat('direct');
    try { await rattraper?.(); } catch (e) { console.warn('Rattrapage après reconnexion', e); }
  });
  connexion.onclose(() => {
    montrerEtat('horsLigne');
    if (expire()) { retourConnexion('expiree'); return; }
    setTimeout(() => demarrer(), 5000);
  });

  let premiere = true;
  async function demarrer() {
    if (connexion.state !== signalR.HubConnectionState.Disconnected) return;
    montrerEtat(premiere ? 'connexion' : 'reconnexion');
    try {
      await connexion.start();
      montrerEtat('direct');
      if (!premiere) await rattraper?.();
      premiere = false;
    } catch (erreur) {
      if (!anonyme && (nonAutorise(erreur) || jetonExpire(session.jeton))) { retourConnexion('expiree'); return; }
      montrerEtat('horsLigne');
      premiere = false;
      setTimeout(() => demarrer(), 5000);
    }
  }
  await demarrer();
  return connexion;
}

// ----- l'en-tête commun -----

// Le gabarit (_layout.html) sert l'en-tête et le pied de page de chaque page, avec « Se déconnecter », « Se connecter »
// et l'espace de la personne connectée ; ce module, évalué avant le DSFR (qui recopie l'en-tête dans le menu mobile à
// son démarrage), garde ce qui convient : une page à session (data-entete="session") « Se déconnecter » ; une page
// publique (data-entete="public") « Se déconnecter » si une session est ouverte, « Se connecter » sinon.

function ajusterEntete() {
  const mode = document.body.dataset.entete;
  const connecte = Boolean(session.jeton) && !jetonExpire(session.jeton);
  const garder = {
    deconnexion: mode === 'session' || (mode === 'public' && connecte),
    connexion: mode === 'public' && !connecte,
  };
  for (const [cle, garde] of Object.entries(garder)) {
    if (!garde) for (const e of document.querySelectorAll(`#entete [data-${cle}]`)) e.closest('li').remove();
  }
  const espace = document.querySelector('#navigation-principale [data-espace]');
  const page = connecte && PAGES[session.role];
  if (espace && page) {
    const lien = espace.querySelector('a');
    lien.href = page;
    lien.textContent = session.role === 'candidate' ? 'Mes candidatures' : 'Mon espace';
  } else espace?.remove();
  const courante = location.pathname.split('/').pop() || 'index.html';
  for (const lien of document.querySelectorAll('#navigation-principale a')) {
    if (lien.getAttribute('href') === courante) lien.setAttribute('aria-current', 'page');
  }
}

ajusterEntete();

// ----- la campagne en cours -----

/** La campagne que sert la plateforme (GET /api/campaign) : année, phase et horloge ; lue à chaque appel. */
export function campagne(options = {}) {
  return api('/api/campaign', options);
}

/** Remplit l'en-tête (qui est connecté) et branche la déconnexion. */
export function entete(s) {
  const qui = document.getElementById('qui');
  if (qui) qui.textContent = `${ROLES[s.role] ?? s.role} : ${s.sujet}`;
  for (const bouton of document.querySelectorAll('[data-deconnexion]')) {
    bouton.addEventListener('click', () => { session.effacer(); location.assign('index.html'); });
  }
}

/** L'adresse de la page courante (fichier et paramètres), pour y revenir après la connexion. */
export const ici = () => `${location.pathname.split('/').pop() || 'index.html'}${location.search}`;

/**
 * Une page publique (recherche, fiche) : la session ouverte s'il y en a une, valide, sinon null. Branche
 * « Se déconnecter » (qui reste sur la page) et fait revenir « Se connecter » ici après la connexion.
 */
export function sessionFacultative() {
  const jeton = session.jeton;
  for (const lien of document.querySelectorAll('[data-connexion]')) lien.href = `index.html?retour=${encodeURIComponent(ici())}`;
  if (!jeton || jetonExpire(jeton) || !session.role) return null;
  for (const bouton of document.querySelectorAll('[data-deconnexion]')) {
    bouton.addEventListener('click', () => { session.effacer(); location.reload(); });
  }
  return { jeton, role: session.role, sujet: session.sujet, demo: session.demo };
}

/** Le lien de connexion qui ramène à cette page. */
export const lienConnexion = () => `index.html?retour=${encodeURIComponent(ici())}`;

/** Une page interne où revenir après la connexion (« recherche.html?text=… »), ou null si l'adresse n'en est pas une. */
export function retourSur(valeur) {
  return typeof valeur === 'string' && /^[a-z]+\.html(\?[^#]*)?$/.test(valeur) ? valeur : null;
}

// ----- le catalogue : libellés de la recherche et des fiches -----

export const MODALITES = {
  'initial': 'Formation initiale',
  'continuing': 'Formation continue',
  'apprenticeship': 'Alternance – apprentissage',
  'professionalisation-contract': 'Alternance – contrat de professionnalisation',
};

export const MODALITES_CANDIDATURE = { 'dossier': 'Dossier', 'interview': 'Entretien', 'competition': 'Concours', 'exam': 'Épreuve écrite' };

/** Les pièces du dossier et leur libellé (PieceKinds), dans l'ordre de la brochure. */
export const PIECES = {
  'cv': 'Curriculum vitæ',
  'cover-letter': 'Lettre de motivation',
  'transcript': 'Relevés de notes',
  'diploma': 'Diplôme',
  'recommendation': 'Lettre de recommandation',
  'language-test': 'Certification en langue',
  'financing-proof': 'Justificatif de financement',
  'research-project': 'Projet de recherche',
  'internship-report': 'Rapport de stage',
  'work-study-contract': 'Contrat d’alternance',
};

/** « 8 % » d'un taux d'accès entre 0 et 1, ou « — » quand personne n'a été appelé (ou pas de campagne précédente). */
export const tauxAcces = x => x === null || x === undefined ? '—' : pourcent(x);

/** Les favoris du candidat connecté : un ensemble d'identifiants de formations, gardé à jour par ajouter/retirer. */
export function favoris(s) {
  const ids = new Set();
  const chemin = id => `/api/candidates/${encodeURIComponent(s.sujet)}/favourites${id ? `/${encodeURIComponent(id)}` : ''}`;
  return {
    ids,
    async charger() {
      const liste = await api(chemin());
      ids.clear();
      for (const f of liste) ids.add(f.id);
      return liste;
    },
    async ajouter(id) { await api(chemin(id), { methode: 'PUT' }); ids.add(id); },
    async retirer(id) { await api(chemin(id), { methode: 'DELETE' }); ids.delete(id); },
  };
}
