// Entry point: the call page for /{room}?jwt=TOKEN (as a Jitsi Meet URL), otherwise the app with hash routes.
import { h, clear, $ } from './dom.js';
import { t, getLanguage, setLanguage, onLanguageChange } from './i18n.js';
import { getSession, setSession, clearSession, isClinician, homeRoute } from './session.js';
import { api } from './api.js';
import { startCall } from './call/page.js';
import { endScreen } from './call/screens.js';
import { Labels } from './call/labels.js';
import { confirmDialog } from './dialog.js';
import { createBridge } from './bridge.js';
import { signInView } from './views/signin.js';
import { searchView, appointmentsView } from './views/patient.js';
import { accessLogView } from './views/accesslog.js';
import { auditView } from './views/audit.js';
import { agendaView, referralsView, opinionsView } from './views/clinician.js';
import { deviceCheckView } from './views/devicecheck.js';

const main = document.getElementById('main');
const langSelect = document.getElementById('lang');
window.__konsil = window.__konsil || {};

function hashParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

langSelect.value = getLanguage();
langSelect.addEventListener('change', () => setLanguage(langSelect.value));

function applyChrome() {
  document.documentElement.lang = getLanguage() === 'nb' ? 'nb' : 'en';
  document.title = t('app.title');
  $('.skip').textContent = t('app.skip');
  $('#lang-label').textContent = t('app.language');
}

/** Set by the server on the page it sends with status 404 (a path that is neither the app nor a call). */
function servedAsNotFound() {
  const meta = document.querySelector('meta[name="konsil-page"]');
  return meta && meta.content === 'not-found';
}

// ---------- call page ----------
function callPage() {
  const room = decodeURIComponent(location.pathname.slice(1));
  if (servedAsNotFound()) {
    applyChrome();
    renderNav(true);
    endScreen(main, 'not-found', { role: null, embed: false, labels: new Labels(), onRetry: () => location.reload() });
    onLanguageChange(() => endScreen(main, 'not-found', { role: null, embed: false, labels: new Labels(), onRetry: () => location.reload() }));
    return;
  }
  const search = new URLSearchParams(location.search);
  const hp = hashParams();
  const key = `konsil.room.${room}`;
  let jwt = search.get('jwt');
  if (jwt) {
    sessionStorage.setItem(key, jwt);
    // Keep the token out of the address bar, history and screenshots; a reload reads it from this tab's storage.
    history.replaceState(null, '', location.pathname + location.hash);
  } else {
    jwt = sessionStorage.getItem(key);
  }
  const parentOrigin = hp.get('konsil.parent');
  const embedded = window.parent !== window;
  if (embedded) document.body.classList.add('embedded');
  if (hp.get('lang')) setLanguage(hp.get('lang'), false);
  applyChrome();
  renderNav(true);
  if (!jwt) {
    const labels = new Labels();
    endScreen(main, 'no-token', { role: (getSession() || { user: {} }).user.role, embed: embedded, labels, onRetry: () => location.reload() });
    onLanguageChange(() => labels.applyAll());
    return;
  }
  const bridge = embedded ? createBridge(parentOrigin) : null;
  const strip = (v) => (v ? v.replace(/^"|"$/g, '') : v);
  const call = startCall({
    root: main,
    room,
    jwt,
    embed: embedded,
    bridge,
    autoAdmit: hp.get('admit') || hp.get('admitName') ? { userId: hp.get('admit'), name: hp.get('admitName') } : null,
    displayName: strip(hp.get('userInfo.displayName')),
    startAudioMuted: hp.get('config.startWithAudioMuted') === 'true',
    startVideoMuted: hp.get('config.startWithVideoMuted') === 'true',
    // "Let in" from the agenda: the patient is waiting, so a working camera goes straight in (pre-join only on a problem).
    quickJoin: !!(hp.get('admit') || hp.get('admitName')) || hp.get('prejoin') === '0',
  });
  // Diagnostics for support and tests: read-only.
  window.__konsil.state = () => call.state();
  window.__konsil.remoteFingerprints = () => call.remoteFingerprints();
  window.__konsil.traffic = () => call.traffic();
  // Test controls (a simulated network drop, an ICE restart) are not part of the page: a test harness that wants them
  // defines window.__konsilTest before the page loads (Chromium's Page.addScriptToEvaluateOnNewDocument).
  if (window.__konsilTest && typeof window.__konsilTest === 'object') Object.assign(window.__konsilTest, call.testControls);
  // Leaving by the logo asks first while someone waits or talks.
  document.getElementById('brand').addEventListener('click', async (ev) => {
    if (!call.active()) return;
    ev.preventDefault();
    const leave = await confirmDialog({
      title: t('call.leaveConfirmTitle'), text: t('call.leaveConfirmText'), confirmLabel: t('call.leave'), cancelLabel: t('call.stay'),
    });
    if (leave) {
      call.hangup();
      location.href = '/#/';
    }
  });
}

// ---------- app ----------
const ROUTES = {
  signin: { view: signInView, roles: null },
  search: { view: searchView, roles: ['patient'] },
  appointments: { view: appointmentsView, roles: ['patient'] },
  'access-log': { view: accessLogView, roles: ['patient'] },
  audit: { view: auditView, roles: ['admin'] },
  agenda: { view: agendaView, roles: ['clinician'] },
  referrals: { view: referralsView, roles: ['clinician'] },
  opinions: { view: opinionsView, roles: ['clinician'] },
  check: { view: deviceCheckView, roles: null, open: true },
};

/** Whether a page for {@code roles} ('patient', 'clinician', 'admin') is one for this role; others see all but admin pages. */
function mayOpen(roles, role) {
  if (role === 'patient') return roles.includes('patient');
  if (isClinician(role)) return roles.includes('clinician');
  if (role === 'admin') return roles.includes('admin');
  return !roles.includes('admin');
}

function navItems(session) {
  if (!session) return [['signin', 'nav.signin'], ['check', 'nav.check']];
  if (isClinician(session.user.role)) {
    return [['agenda', 'nav.agenda'], ['referrals', 'nav.referrals'], ['opinions', 'nav.opinions'], ['check', 'nav.check']];
  }
  if (session.user.role === 'admin') return [['audit', 'nav.audit'], ['check', 'nav.check']];
  return [['search', 'nav.search'], ['appointments', 'nav.appointments'], ['access-log', 'nav.accessLog'], ['check', 'nav.check']];
}

function currentRoute() {
  const path = location.hash.replace(/^#\/?/, '').split('?')[0];
  return path || '';
}

function renderNav(callMode) {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  clear(nav);
  clear(who);
  const session = getSession();
  if (callMode) return;
  const route = currentRoute();
  for (const [name, key] of navItems(session)) {
    nav.append(h('a', { href: `#/${name}`, 'aria-current': route === name ? 'page' : null }, t(key)));
  }
  if (session) {
    who.append(h('span', { id: 'who-name' }, session.user.name || session.user.id),
      h('button', {
        type: 'button',
        class: 'secondary',
        id: 'sign-out',
        onclick: () => {
          clearSession();
          location.hash = '#/signin';
        },
      }, t('nav.signout')));
  }
}

/** What the person typed or chose in the page's fields, so that a language switch loses nothing. */
function snapshotFields(root) {
  const fields = new Map();
  root.querySelectorAll('input[id], select[id], textarea[id]').forEach((el) => {
    if (el.type === 'checkbox' || el.type === 'radio') fields.set(el.id, { checked: el.checked });
    else if (el.type !== 'file' && el.type !== 'hidden') fields.set(el.id, { value: el.value });
  });
  return fields;
}

let cleanup = null;
let firstRender = true;
function render(carry) {
  if (cleanup) {
    try {
      cleanup();
    } catch { /* a view that failed to start has nothing to stop */ }
    cleanup = null;
  }
  applyChrome();
  const session = getSession();
  let route = currentRoute();
  if (!route || !ROUTES[route]) {
    route = !session ? 'signin' : homeRoute(session.user.role);
    history.replaceState(null, '', `#/${route}`);
  }
  const spec = ROUTES[route];
  if (spec.roles && !session) {
    history.replaceState(null, '', '#/signin');
    route = 'signin';
  } else if (spec.roles && !mayOpen(spec.roles, session.user.role)) {
    // A patient's page for a clinician (or the reverse): their own start page, not an error from the API.
    route = homeRoute(session.user.role);
    history.replaceState(null, '', `#/${route}`);
  }
  renderNav(false);
  clear(main);
  const q = new URLSearchParams((location.hash.split('?')[1]) || '');
  const result = ROUTES[route].view(main, {
    session: getSession(), query: q, navigate: (r) => { location.hash = `#/${r}`; }, carry: carry instanceof Map ? carry : null,
  });
  cleanup = typeof result === 'function' ? result : null;
  // On the first page the skip link must be the first Tab stop; after a navigation the new content takes the focus.
  // A language switch keeps the focus on the switch.
  if (!firstRender && !carry) main.focus({ preventScroll: true });
  firstRender = false;
}

/** The node prints ready-to-click demo links (/?demo=USER_ID): sign that user in, then drop the parameter. */
async function demoSignIn() {
  const params = new URLSearchParams(location.search);
  const userId = params.get('demo');
  if (!userId) return;
  params.delete('demo');
  const rest = params.toString();
  history.replaceState(null, '', `/${rest ? `?${rest}` : ''}${location.hash}`);
  try {
    const r = await api('/demo/sign-in', { method: 'POST', body: { userId }, anonymous: true });
    setSession(r.jwt, r.user);
    if (!location.hash || location.hash === '#/' || location.hash === '#/signin') {
      history.replaceState(null, '', `/#/${homeRoute(r.user && r.user.role ? r.user.role : getSession().user.role)}`);
    }
  } catch { /* not a demo node: the sign-in page explains */ }
}

if (location.pathname !== '/' && location.pathname !== '/index.html') {
  callPage();
  onLanguageChange(applyChrome);
} else {
  window.addEventListener('hashchange', () => render());
  onLanguageChange(() => {
    langSelect.value = getLanguage();
    render(snapshotFields(main));
  });
  demoSignIn().then(render);
}
