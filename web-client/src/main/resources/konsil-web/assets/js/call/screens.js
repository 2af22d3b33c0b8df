// The call page's whole-page states other than the call itself: checking the link, and every way a call can end or
// not start. Each says what happened in plain words and offers the one action that helps (never a "Rejoin" that
// would fail again).
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { isClinician } from '../session.js';

/** Handshake and close reasons → what the person is told. */
const KINDS = {
  'token-expired': { title: 'call.err.expiredTitle', text: 'call.err.expiredText', action: 'appointments', problem: true },
  'token-room-mismatch': { title: 'call.err.otherTitle', text: 'call.err.otherText', action: 'appointments', problem: true },
  'token-not-yet-valid': { title: 'call.err.notYetTitle', text: 'call.err.notYetText', action: 'appointments', problem: true },
  invalid: { title: 'call.err.invalidTitle', text: 'call.err.invalidText', action: 'appointments', problem: true },
  'no-token': { title: 'call.noTokenTitle', text: 'call.noTokenText', action: 'appointments', problem: true },
  'not-found': { title: 'call.err.notFoundTitle', text: 'call.err.notFoundText', action: 'home', problem: true },
  'room-full': { title: 'call.fullTitle', text: 'call.fullText', action: 'retry', problem: true },
  'call-full': { title: 'call.fullTitle', text: 'call.callFullText', action: 'retry', problem: true },
  busy: { title: 'call.err.busyTitle', text: 'call.err.busyText', action: 'retry', problem: true },
  network: { title: 'call.err.networkTitle', text: 'call.err.networkText', action: 'retry', problem: true },
  failed: { title: 'call.failedTitle', text: 'call.failedText', action: 'retry', problem: true },
  replaced: { title: 'call.replacedTitle', text: 'call.replacedText', action: 'useHere', problem: false },
  ended: { title: 'call.endedTitle', text: 'call.endedText', action: 'book', problem: false },
  'ended-by-me': { title: 'call.endedByMeTitle', text: 'call.endedByMeText', action: 'book', problem: false },
  left: { title: 'call.leftTitle', text: 'call.leftText', action: 'rejoin', problem: false },
  denied: { title: 'call.deniedTitle', text: 'call.deniedText', action: 'appointments', problem: true },
  kicked: { title: 'call.kickedTitle', text: 'call.kickedText', action: 'appointments', problem: true },
};

const TRANSIENT = new Set(['shutting-down', 'too-many-connections', 'network']);

/** The screen for a handshake refusal code (docs/protocol.md#handshake). */
export function kindForRefusal(code) {
  if (KINDS[code]) return code;
  if (code === 'room-full') return 'room-full';
  if (TRANSIENT.has(code)) return code === 'network' ? 'network' : 'busy';
  if (code === 'replaced') return 'replaced';
  return 'invalid';
}

function action(kind, role, embed, onRetry) {
  const spec = KINDS[kind];
  const clinician = isClinician(role);
  const guest = role === 'interpreter' || role === 'observer';
  switch (spec.action) {
    case 'retry':
      return h('button', { type: 'button', id: 'end-action', onclick: onRetry }, t('call.retry'));
    case 'rejoin':
      return h('button', { type: 'button', id: 'end-action', onclick: onRetry }, t('call.rejoin'));
    case 'useHere':
      return h('button', { type: 'button', id: 'end-action', onclick: onRetry }, t('call.useHere'));
    default:
      break;
  }
  // Navigating away is the portal's business when the call is embedded; a guest has no pages of their own.
  if (embed || guest) return null;
  if (spec.action === 'home') return h('a', { class: 'button', id: 'end-action', href: '/#/' }, t('call.backHome'));
  if (clinician) return h('a', { class: 'button', id: 'end-action', href: '/#/agenda' }, t('call.toAgenda'));
  if (spec.action === 'book') return h('a', { class: 'button', id: 'end-action', href: '/#/search' }, t('call.bookNew'));
  return h('a', { class: 'button', id: 'end-action', href: '/#/appointments' }, t('call.toAppointments'));
}

/**
 * Replaces the page with the screen for {@code kind}; the heading takes the focus. Problems are shown as an alert
 * that stays until the person acts.
 */
export function endScreen(root, kind, { role, embed, onRetry, labels }) {
  const spec = KINDS[kind] || KINDS.failed;
  const title = h('h1', { id: 'end-title', tabindex: '-1' });
  const text = h('p', { id: 'end-text' });
  labels.bind(title, spec.title);
  labels.bind(text, spec.text);
  const guest = (role === 'interpreter' || role === 'observer') && spec.action === 'appointments' && !embed;
  const hint = guest ? labels.bind(h('p', { class: 'muted' }), 'call.err.askNewLink') : null;
  const act = action(kind, role, embed, onRetry);
  const box = h('section', {
    class: 'end-screen card', id: 'end-screen', dataset: { kind },
    role: spec.problem ? 'alert' : 'status', 'aria-labelledby': 'end-title',
  }, title, text, hint, act ? h('div', { class: 'actions' }, act) : null);
  clear(root).append(h('div', { class: 'end-wrap' }, box));
  document.body.classList.remove('in-call');
  title.focus();
  return box;
}

/** "Checking your link…" before anything else (the camera is not opened for a link that does not work). */
export function checkingScreen(root, labels, titleKey = 'call.checkingTitle', textKey = 'call.checkingText') {
  const title = h('h1', { id: 'checking-title' });
  labels.bind(title, titleKey);
  const text = h('p', { role: 'status' });
  labels.bind(text, textKey);
  clear(root).append(h('div', { class: 'end-wrap' }, h('section', { class: 'card end-screen', id: 'checking' }, title, text)));
}
