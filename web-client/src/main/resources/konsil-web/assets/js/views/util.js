// Small helpers shared by the app views: formatting, reference data, errors.
import { h } from '../dom.js';
import { t, getLanguage } from '../i18n.js';
import { api } from '../api.js';

export function locale() {
  return getLanguage() === 'nb' ? 'nb-NO' : 'en-GB';
}

export function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(locale(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function fmtTime(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}

export function fmtDate(isoDate) {
  if (!isoDate) return '';
  return new Date(isoDate.length === 10 ? `${isoDate}T12:00:00` : isoDate).toLocaleDateString(locale(), { day: 'numeric', month: 'short', year: 'numeric' });
}

export function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

let reference = null;
/** Hospitals and specialties, fetched once per page load. */
export async function loadReference() {
  if (reference) return reference;
  const [hospitals, specialties] = await Promise.all([
    api('/hospitals').catch(() => ({ items: [] })),
    api('/specialties').catch(() => ({ items: [] })),
  ]);
  const hs = listOf(hospitals);
  const ss = listOf(specialties);
  reference = {
    hospitals: hs,
    specialties: ss,
    hospitalByCode: new Map(hs.map((x) => [x.code, x])),
    specialtyByCode: new Map(ss.map((x) => [x.code, x])),
  };
  return reference;
}

export function listOf(res) {
  if (!res) return [];
  if (Array.isArray(res)) return res;
  return res.items || [];
}

export function hospitalName(ref, code) {
  const hs = ref && ref.hospitalByCode.get(code);
  return hs ? hs.name : code || '';
}

export function specialtyName(ref, code) {
  const s = ref && ref.specialtyByCode.get(code);
  if (!s) return code || '';
  return getLanguage() === 'nb' && s.nameNb ? s.nameNb : s.name || code;
}

const STATUS_CLASS = {
  booked: '', arrived: 'warn', 'in-progress': 'ok', fulfilled: 'ok', cancelled: 'danger', 'no-show': 'danger',
  'not-arrived': '', 'in-lobby': 'warn', 'in-call': 'ok', done: 'ok', reconnecting: 'warn', left: '',
  received: '', assessed: 'warn', scheduled: 'ok', completed: 'ok', rejected: 'danger',
  requested: 'warn', open: 'warn', accepted: 'ok',
};

export function statusBadge(status, prefix = 'status') {
  return h('span', { class: `badge ${STATUS_CLASS[status] || ''}`, dataset: { status } }, t(`${prefix}.${status}`, {}, status));
}

export function errorNotice(e) {
  const code = (e && e.code) || 'unknown';
  return h('div', { class: 'notice error', role: 'alert', dataset: { code } }, t(`error.${code}`, {}, t('error.generic', { code })));
}

export function loading() {
  return h('p', { class: 'muted', role: 'status' }, t('app.loading'));
}

/** Downloads an authenticated .ics as a file (a plain link could not carry the bearer token). */
export async function downloadIcs(path, filename) {
  const res = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${JSON.parse(sessionStorage.getItem('konsil.session')).jwt}` } });
  if (!res.ok) throw Object.assign(new Error('ics'), { code: `http-${res.status}` });
  const blob = await res.blob();
  const url = URL.createObjectURL(new Blob([blob], { type: 'text/calendar' }));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function roleLabel(role) {
  return t(`role.${role}`, {}, role);
}

/**
 * Puts back what the person had typed or chosen before a language switch re-rendered the page. Call it once the
 * view's options (selects filled from the API) are in place; fields that no longer exist are skipped.
 */
export function restoreFields(root, carry) {
  if (!carry) return;
  for (const [id, v] of carry) {
    const el = root.querySelector(`#${CSS.escape(id)}`);
    if (!el) continue;
    if ('checked' in v) el.checked = v.checked;
    else if (el.tagName !== 'SELECT' || [...el.options].some((o) => o.value === v.value)) el.value = v.value;
  }
}

/** "in 4 minutes", "in 3 hours", "in 2 days", "5 minutes ago", in the interface's language. */
export function relativeTime(when, now = Date.now()) {
  const diff = when - now;
  const abs = Math.abs(diff);
  const fmt = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  if (abs < 60 * 60000) return fmt.format(Math.round(diff / 60000), 'minute');
  if (abs < 24 * 3600000) return fmt.format(Math.round(diff / 3600000), 'hour');
  return fmt.format(Math.round(diff / (24 * 3600000)), 'day');
}

/**
 * Adds a page of rows to a table's body in {@code container}; a "Show older" button ({@code moreId}) follows while
 * there is a {@code next} page. After a "show older" ({@code more}), the first new row takes the focus: that is where
 * reading goes on, and where a screen reader is taken.
 */
export function appendPage(container, body, rows, { more, next, moreId, onMore }) {
  const before = body.children.length;
  rows.forEach((r) => body.append(r));
  const old = container.querySelector(`#${moreId}`);
  if (old) old.remove();
  if (next) container.append(h('button', { type: 'button', class: 'secondary', id: moreId, onclick: onMore }, t('access.more')));
  if (more && body.children[before]) {
    body.children[before].setAttribute('tabindex', '-1');
    body.children[before].focus();
  }
}
