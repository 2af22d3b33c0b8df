// Admin: the audit trail — search by patient, clinician, hospital and time, and verify the hash chain.
import { h, clear, field } from '../dom.js';
import { t } from '../i18n.js';
import { api, query } from '../api.js';
import {
  loadReference, listOf, fmtDateTime, hospitalName, roleLabel, errorNotice, loading, restoreFields, appendPage,
} from './util.js';

const PAGE = 50;

/** A local date (YYYY-MM-DD) as the instant its day begins; {@code plusDays} 1 gives the end of that day. */
function dayStart(date, plusDays = 0) {
  if (!date) return undefined;
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

export function auditView(root, { carry }) {
  const patient = h('input', { id: 'a-patient', name: 'patientId', autocomplete: 'off', spellcheck: 'false' });
  const clinician = h('input', { id: 'a-clinician', name: 'clinicianId', autocomplete: 'off', spellcheck: 'false' });
  const hospital = h('select', { id: 'a-hospital', name: 'hospital' }, h('option', { value: '' }, t('search.anyHospital')));
  const from = h('input', { type: 'date', id: 'a-from', name: 'from' });
  const to = h('input', { type: 'date', id: 'a-to', name: 'to' });
  const form = h('form', { class: 'card row', id: 'audit-form', role: 'search', onsubmit: (ev) => { ev.preventDefault(); run(false); } },
    field(t('audit.patient'), patient), field(t('audit.clinician'), clinician), field(t('search.hospital'), hospital),
    field(t('audit.from'), from), field(t('audit.to'), to), h('button', { type: 'submit', id: 'audit-submit' }, t('search.submit')));
  const verdict = h('div', { id: 'audit-verdict', 'aria-live': 'polite' });
  const verify = h('button', { type: 'button', class: 'secondary', id: 'audit-verify', onclick: check }, t('audit.verify'));
  const results = h('section', { id: 'audit-results', 'aria-live': 'polite', 'aria-labelledby': 'audit-results-title' });
  root.append(h('div', { class: 'page-head' }, h('h1', { id: 'audit-title' }, t('audit.title')), verify),
    h('p', { class: 'muted' }, t('audit.intro')), verdict, form, results);

  let ref = null;
  let next = null;
  let params = null;
  let body = null;
  let stopped = false;

  loadReference().then((r) => {
    if (stopped) return;
    ref = r;
    for (const x of r.hospitals) hospital.append(h('option', { value: x.code }, x.name));
    restoreFields(root, carry);
    run(false);
  });

  async function check() {
    verify.disabled = true;
    clear(verdict).append(loading());
    try {
      const v = await api('/audit/verify');
      clear(verdict).append(v.intact
        ? h('p', { class: 'notice ok', dataset: { intact: 'true' } }, t('audit.intact', { n: v.entries }))
        : h('p', { class: 'notice error', role: 'alert', dataset: { intact: 'false', brokenAt: v.brokenAt } },
          t('audit.broken', { seq: v.brokenAt, reason: v.reason, n: v.entries })));
    } catch (e) {
      clear(verdict).append(errorNotice(e));
    } finally {
      verify.disabled = false;
    }
  }

  /** The basis object of an entry: its kind in words and the record it rests on; an emergency with its reason. */
  function basis(b) {
    const ref = b.ref ? [h('br'), h('code', {}, b.ref)] : [];
    if (b.kind === 'emergency') {
      return h('span', {}, h('span', { class: 'badge danger' }, t('access.emergency')), ' ', b.reason || '', ...ref);
    }
    return h('span', {}, t(`access.basis.${b.kind}`, {}, b.kind), ...ref);
  }

  function row(e) {
    const a = e.actor;
    // Each cell names its column: on a phone the table becomes blocks without a header row.
    const cell = (col, ...content) => h('td', { dataset: { label: t(`audit.col.${col}`) } }, ...content);
    return h('tr', { dataset: { seq: e.seq, action: e.action, basis: e.basis.kind } },
      cell('seq', String(e.seq)),
      cell('when', fmtDateTime(e.at)),
      cell('who', h('code', {}, a.id), h('br'), h('span', { class: 'muted' },
        [roleLabel(a.role), a.hospital ? hospitalName(ref, a.hospital) : null, a.hpr ? `HPR ${a.hpr}` : null].filter(Boolean).join(', '))),
      cell('patient', e.patientId ? h('code', {}, e.patientId) : '–'),
      cell('what', t(`audit.action.${e.action}`, {}, t(`access.action.${e.action}`, {}, e.action)), h('br'),
        h('code', { class: 'muted' }, e.action)),
      cell('why', basis(e.basis)),
      cell('door', [e.door ? t(`audit.door.${e.door}`, {}, e.door) : '–', e.node].filter(Boolean).join(' · ')));
  }

  async function run(more) {
    if (!more) {
      params = {
        patientId: patient.value.trim(), clinicianId: clinician.value.trim(), hospital: hospital.value,
        from: dayStart(from.value), to: dayStart(to.value, 1), limit: PAGE,
      };
      if (params.from && params.to && params.to <= params.from) {
        clear(results).append(h('p', { class: 'notice error', role: 'alert', id: 'audit-dates' }, t('audit.datesWrong')));
        return;
      }
      clear(results).append(loading());
    }
    try {
      const res = await api(`/audit${query({ ...params, cursor: more ? next : undefined })}`);
      if (stopped) return;
      next = res.next;
      const items = listOf(res);
      if (!more) {
        clear(results).append(h('h2', { id: 'audit-results-title' }, t('audit.resultsTitle')));
        if (!items.length) {
          results.append(h('p', { class: 'notice', id: 'audit-none' }, t('audit.none')));
          return;
        }
        body = h('tbody');
        results.append(h('div', { class: 'card' }, h('table', { class: 'access-log audit' },
          h('caption', { class: 'sr-only' }, t('audit.resultsTitle')),
          h('thead', {}, h('tr', {}, ['seq', 'when', 'who', 'patient', 'what', 'why', 'door'].map((c) => h('th', { scope: 'col' }, t(`audit.col.${c}`))))),
          body)));
      }
      appendPage(results, body, items.map(row), { more, next, moreId: 'audit-more', onMore: () => run(true) });
    } catch (e) {
      if (!more) clear(results);
      results.append(errorNotice(e));
    }
  }

  return () => {
    stopped = true;
  };
}
