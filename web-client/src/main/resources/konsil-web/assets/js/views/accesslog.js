// Patient: who has read or changed my information, newest first (GET /me/access-log; Normen asks for it).
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { api, query } from '../api.js';
import {
  loadReference, listOf, fmtDateTime, hospitalName, roleLabel, errorNotice, loading, appendPage,
} from './util.js';

const PAGE = 20;

/** "appointment:a-1", "emergency:a-1;reason=acute-care", "self" → its kind and, for an emergency, the reason code. */
export function parseBasis(wire) {
  const [head, ...params] = String(wire || '').split(';');
  const kind = head.split(':')[0];
  const reason = params.map((p) => p.split('=')).find(([k]) => k === 'reason');
  return { kind, reason: reason ? reason[1] : null };
}

export function accessLogView(root, { session }) {
  const title = h('h1', { id: 'access-log-title' }, t('access.title'));
  const list = h('section', { id: 'access-log', 'aria-labelledby': 'access-log-title' }, loading());
  root.append(title, h('p', { class: 'muted' }, t('access.intro')), list);
  const me = session && session.user ? session.user.id : null;
  let ref = null;
  let names = new Map();
  let next = null;
  let body = null;
  let stopped = false;

  function who(actor) {
    if (actor.id === me) return h('span', {}, t('access.you'));
    const name = names.get(actor.id);
    const what = [roleLabel(actor.role), actor.hospital ? hospitalName(ref, actor.hospital) : null].filter(Boolean).join(', ');
    return h('span', {}, name ? h('span', { class: 'title' }, name) : null, name ? h('br') : null,
      h('span', { class: name ? 'muted' : '' }, what));
  }

  function why(wire) {
    const b = parseBasis(wire);
    if (b.kind === 'emergency') {
      return h('span', {}, h('span', { class: 'badge danger' }, t('access.emergency')), ' ',
        t(`access.reason.${b.reason}`, {}, b.reason || ''));
    }
    return h('span', {}, t(`access.basis.${b.kind}`, {}, b.kind));
  }

  function row(e) {
    const b = parseBasis(e.basis);
    return h('tr', { dataset: { action: e.action, basis: b.kind, actor: e.actor.id } },
      h('td', {}, fmtDateTime(e.at)),
      h('td', {}, who(e.actor)),
      h('td', {}, t(`access.action.${e.action}`, {}, e.action)),
      h('td', {}, why(e.basis)));
  }

  async function load(more) {
    try {
      if (!ref) {
        ref = await loadReference();
        try {
          names = new Map(listOf(await api('/clinicians')).map((c) => [c.id, c.name]));
        } catch { /* names are a courtesy: the role and hospital say who */ }
      }
      const res = await api(`/me/access-log${query({ limit: PAGE, cursor: more ? next : undefined })}`);
      if (stopped) return;
      next = res.next;
      const items = listOf(res);
      if (!more) {
        clear(list);
        if (!items.length) {
          list.append(h('p', { class: 'notice', id: 'access-log-empty' }, t('access.none')));
          return;
        }
        body = h('tbody');
        list.append(h('div', { class: 'card' }, h('table', { class: 'access-log' },
          h('caption', { class: 'sr-only' }, t('access.title')),
          h('thead', {}, h('tr', {}, ['when', 'who', 'what', 'why'].map((c) => h('th', { scope: 'col' }, t(`access.col.${c}`))))),
          body)));
      }
      appendPage(list, body, items.map(row), { more, next, moreId: 'access-log-more', onMore: () => load(true) });
    } catch (e) {
      if (!more) clear(list);
      list.append(errorNotice(e));
    }
  }

  load(false);
  return () => {
    stopped = true;
  };
}
