// Patient: earliest slot across the network, hold → book, my appointments, cancel, calendar, join.
import { h, clear, field, toast } from '../dom.js';
import { t } from '../i18n.js';
import { api, query, newIdempotencyKey } from '../api.js';
import {
  loadReference, listOf, fmtDateTime, fmtTime, fmtDate, hospitalName, specialtyName, statusBadge, errorNotice, loading,
  downloadIcs, todayIso, restoreFields, relativeTime,
} from './util.js';

const LANGUAGES = ['nb', 'en', 'se', 'pl', 'ar', 'so', 'ur', 'fa', 'ti', 'sv', 'de', 'uk'];
/** The default join window (booking.joinBefore); the server decides, this only tells the patient when to come. */
const JOIN_OPENS_MINUTES = 15;

/**
 * What outlives a re-render of the search page (a language switch): the search asked for and a slot held for this
 * patient, so that neither the filters nor a held time are lost.
 */
const kept = { params: null, hold: null };

export function searchView(root, { carry }) {
  root.append(h('h1', {}, t('search.title')), h('p', { class: 'muted' }, t('search.intro')));
  const specialty = h('select', { id: 'f-specialty', name: 'specialty' }, h('option', { value: '' }, t('search.anySpecialty')));
  const hospital = h('select', { id: 'f-hospital', name: 'hospital' }, h('option', { value: '' }, t('search.anyHospital')));
  const language = h('select', { id: 'f-language', name: 'language' }, h('option', { value: '' }, t('search.anyLanguage')),
    LANGUAGES.map((code) => h('option', { value: code }, t(`lang.${code}`, {}, code))));
  const mode = h('select', { id: 'f-mode', name: 'mode' },
    h('option', { value: 'video' }, t('mode.video')), h('option', { value: 'in-person' }, t('mode.in-person')),
    h('option', { value: '' }, t('search.anyMode')));
  const from = h('input', { type: 'date', id: 'f-from', name: 'from', min: todayIso() });
  const submit = h('button', { type: 'submit', id: 'search-submit' }, t('search.submit'));
  const form = h('form', { class: 'card row', id: 'search-form', role: 'search', onsubmit: (ev) => { ev.preventDefault(); run(); } },
    field(t('search.specialty'), specialty), field(t('search.hospital'), hospital), field(t('search.language'), language),
    field(t('search.mode'), mode), field(t('search.from'), from), submit);
  // A message that must not vanish before it was read (someone else took the time): it stays until dismissed.
  const notice = h('div', { id: 'booking-notice' });
  const waits = h('section', { id: 'waiting-times', 'aria-live': 'polite' });
  const results = h('section', { id: 'results', 'aria-live': 'polite' });
  root.append(form, notice, h('div', { class: 'search-layout' }, results, waits));

  let ref = null;
  let waitByHospital = new Map();
  let next = null;
  let lastParams = null;
  let stopped = false;

  loadReference().then((r) => {
    if (stopped) return;
    ref = r;
    for (const s of r.specialties) specialty.append(h('option', { value: s.code }, specialtyName(r, s.code)));
    for (const x of r.hospitals) hospital.append(h('option', { value: x.code }, x.name));
    if (kept.params) {
      specialty.value = kept.params.specialty || '';
      hospital.value = kept.params.hospital || '';
      language.value = kept.params.language || '';
      mode.value = kept.params.mode === undefined ? 'video' : kept.params.mode;
      from.value = kept.params.fromDate || '';
    }
    restoreFields(root, carry);
    const hold = kept.hold;
    if (hold && Date.parse(hold.held.expiresAt) > Date.now()) {
      loadWaits();
      confirmPanel(hold.slot, hold.held, hold.key, !!carry);
    } else {
      kept.hold = null;
      run();
    }
  });

  let clinicianNames = new Map();
  async function loadClinicians() {
    try {
      const res = listOf(await api(`/clinicians${query({ specialty: specialty.value, hospital: hospital.value })}`));
      clinicianNames = new Map(res.map((c) => [c.id, c.name]));
    } catch { /* names are a courtesy; slots show without them */ }
  }

  async function loadWaits() {
    clear(waits);
    waitByHospital = new Map();
    if (!specialty.value) return;
    try {
      const res = listOf(await api(`/waiting-times${query({ specialty: specialty.value })}`));
      waitByHospital = new Map(res.map((w) => [w.hospital, w]));
      if (!res.length) return;
      waits.append(h('h2', {}, t('search.waitsTitle', { specialty: specialtyName(ref, specialty.value) })),
        h('div', { class: 'card' }, h('table', { class: 'waits' },
          h('caption', { class: 'sr-only' }, t('search.waitsTitle', { specialty: specialtyName(ref, specialty.value) })),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('search.hospital')), h('th', { scope: 'col' }, t('search.nextAvailable')),
            h('th', { scope: 'col' }, t('search.medianWait')))),
          h('tbody', {}, res.map((w) => h('tr', {},
            h('td', {}, w.hospitalName || hospitalName(ref, w.hospital)),
            h('td', {}, w.nextAvailable ? fmtDate(w.nextAvailable) : '–'),
            h('td', {}, w.medianDays == null ? '–' : t('search.days', { n: w.medianDays }))))))));
    } catch { /* waiting times are a hint; search works without them */ }
  }

  async function run(more) {
    const params = more ? { ...lastParams, cursor: next } : {
      specialty: specialty.value, hospital: hospital.value, language: language.value, mode: mode.value,
      from: from.value ? new Date(`${from.value}T00:00:00`).toISOString() : '', limit: 10,
    };
    lastParams = { ...params, cursor: undefined };
    kept.params = { ...lastParams, fromDate: from.value };
    if (!more) {
      clear(results).append(loading());
      loadWaits();
      await loadClinicians();
    }
    try {
      const res = await api(`/slots${query(params)}`);
      if (!more) clear(results);
      next = res.next;
      const items = listOf(res);
      if (!more) {
        results.append(h('h2', {}, t('search.resultsTitle')));
        if (!items.length) results.append(h('p', { class: 'notice' }, t('search.none')));
      }
      let list = results.querySelector('ul.list');
      if (!list) {
        list = h('ul', { class: 'list', id: 'slot-list' });
        results.append(list);
      }
      for (const s of items) list.append(slotRow(s));
      const moreBtn = results.querySelector('#more');
      if (moreBtn) moreBtn.remove();
      if (next) results.append(h('button', { type: 'button', class: 'secondary', id: 'more', onclick: () => run(true) }, t('search.more')));
    } catch (e) {
      clear(results).append(errorNotice(e));
    }
  }

  function slotRow(s) {
    const w = waitByHospital.get(s.hospital);
    return h('li', { dataset: { slotId: s.id } },
      h('div', { class: 'main' },
        h('div', { class: 'slot-time' }, fmtDateTime(s.start)),
        h('div', { class: 'title' }, hospitalName(ref, s.hospital), clinicianNames.get(s.clinicianId) ? ` · ${clinicianNames.get(s.clinicianId)}` : ''),
        h('div', { class: 'muted' }, [specialtyName(ref, s.specialty), t(`mode.${s.mode}`, {}, s.mode),
          (s.languages || []).map((l) => t(`lang.${l}`, {}, l)).join(', ')].filter(Boolean).join(' · ')),
        w && w.medianDays != null ? h('div', { class: 'waits' }, h('span', { class: 'badge' }, t('search.medianWaitShort', { n: w.medianDays }))) : null),
      h('button', { type: 'button', class: 'book', onclick: () => hold(s) }, t('search.book')));
  }

  function showTaken() {
    const text = h('p', {}, t('book.taken'));
    const ok = h('button', { type: 'button', class: 'secondary', id: 'booking-notice-dismiss', onclick: () => clear(notice) }, t('app.dismiss'));
    clear(notice).append(h('div', { class: 'notice error dismissable', role: 'alert', id: 'slot-taken' }, text, ok));
  }

  async function hold(s) {
    clear(notice);
    clear(results).append(loading());
    try {
      const held = await api(`/slots/${encodeURIComponent(s.id)}/hold`, { method: 'POST' });
      // One key per hold: a double click or a retry after a network error returns the same appointment.
      kept.hold = { slot: s, held, key: newIdempotencyKey() };
      confirmPanel(s, held, kept.hold.key, false);
    } catch (e) {
      if (e.status === 409) {
        showTaken();
        run();
      } else {
        clear(results).append(errorNotice(e));
      }
    }
  }

  /** Gives the held time back at once, so that it is not kept from everybody until the hold runs out. */
  async function release() {
    const hold = kept.hold;
    kept.hold = null;
    if (!hold) return;
    try {
      await api(`/slots/${encodeURIComponent(hold.slot.id)}/hold${query({ holdId: hold.held.holdId })}`, { method: 'DELETE' });
    } catch { /* the hold runs out by itself */ }
  }

  function confirmPanel(s, held, key, keepFocus) {
    const confirm = h('button', { type: 'button', id: 'confirm-booking', class: 'ok' }, t('book.confirm'));
    const back = h('button', {
      type: 'button', class: 'secondary', id: 'choose-another', onclick: async () => { await release(); run(); },
    }, t('book.back'));
    const out = h('div', { 'aria-live': 'polite' });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        const appt = await api('/appointments', { method: 'POST', body: { slotId: s.id, holdId: held.holdId }, headers: { 'Idempotency-Key': key } });
        kept.hold = null;
        const panel = bookedPanel(appt);
        clear(results).append(panel);
        panel.querySelector('h2').focus();
      } catch (e) {
        confirm.disabled = false;
        if (e.code === 'slot-unavailable') {
          kept.hold = null;
          showTaken();
          run();
        } else {
          clear(out).append(errorNotice(e));
        }
      }
    });
    const title = h('h2', { id: 'booking-title', tabindex: '-1' }, t('book.title'));
    clear(results).append(h('section', { class: 'card', id: 'booking', 'aria-labelledby': 'booking-title', dataset: { slotId: s.id } },
      title,
      h('p', { class: 'slot-time' }, fmtDateTime(s.start), ' – ', fmtTime(s.end)),
      h('p', {}, hospitalName(ref, s.hospital), ' · ', specialtyName(ref, s.specialty), ' · ', t(`mode.${s.mode}`, {}, s.mode)),
      h('p', { class: 'notice' }, t('book.heldUntil', { time: fmtTime(held.expiresAt) })),
      h('div', { class: 'actions' }, confirm, back), out));
    if (!keepFocus) title.focus();
  }

  function bookedPanel(a) {
    return h('section', { class: 'card', id: 'booked', 'aria-labelledby': 'booked-title', dataset: { appointmentId: a.id, start: a.start, clinicianId: a.clinicianId } },
      h('h2', { id: 'booked-title', tabindex: '-1' }, t('book.done')),
      h('p', { class: 'slot-time' }, fmtDateTime(a.start)),
      h('p', {}, hospitalName(ref, a.hospital), a.clinicianName ? ` · ${a.clinicianName}` : ''),
      h('p', {}, t('appt.opensAt', { time: fmtTime(new Date(Date.parse(a.start) - JOIN_OPENS_MINUTES * 60000).toISOString()), n: JOIN_OPENS_MINUTES })),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: '#/appointments', id: 'to-appointments' }, t('book.toAppointments')),
        h('button', { type: 'button', class: 'secondary', onclick: () => downloadIcs(`/appointments/${a.id}.ics`, 'konsil.ics').catch(() => toast(t('error.generic', { code: 'ics' }))) }, t('appt.calendar')),
        h('a', { class: 'button secondary', href: '#/check' }, t('appt.checkDevices'))));
  }

  return () => {
    stopped = true;
  };
}

/** When the call of an appointment can be joined, in words: "starts in 4 min – you can join now". */
export function joinWhen(a, now = Date.now()) {
  const start = Date.parse(a.start);
  const end = Date.parse(a.end || a.start);
  const opens = start - JOIN_OPENS_MINUTES * 60000;
  if (now > end) return { open: true, text: t('appt.running') };
  if (now >= start) return { open: true, text: t('appt.startedAgo', { when: relativeTime(start, now) }) };
  if (now >= opens) return { open: true, text: t('appt.startsSoon', { when: relativeTime(start, now) }) };
  return {
    open: false,
    text: t('appt.startsLater', { when: relativeTime(start, now), time: fmtDateTime(new Date(opens).toISOString()), n: JOIN_OPENS_MINUTES }),
  };
}

export function appointmentsView(root) {
  root.append(h('h1', {}, t('appt.title')));
  const list = h('section', { id: 'appointments', 'aria-live': 'polite' }, loading());
  root.append(list);
  let ref = null;
  let items = [];
  // The "starts in …" lines move on by themselves (no request: it is only the clock).
  const ticker = setInterval(() => items.forEach(updateWhen), 30000);

  async function load() {
    ref = ref || await loadReference();
    try {
      items = listOf(await api('/appointments')).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
      clear(list);
      if (!items.length) {
        list.append(h('p', { class: 'notice' }, t('appt.none'), ' ', h('a', { href: '#/search' }, t('nav.search'))));
        return;
      }
      list.append(h('ul', { class: 'list' }, items.map(row)));
    } catch (e) {
      clear(list).append(errorNotice(e));
    }
  }

  function updateWhen(a) {
    if (!a.whenEl) return;
    const w = joinWhen(a);
    a.whenEl.textContent = w.text;
    a.joinBtn.className = w.open ? 'join ok' : 'join secondary';
    a.joinBtn.textContent = t(w.open ? 'appt.joinNow' : 'appt.join');
  }

  function row(a) {
    const active = ['booked', 'arrived', 'in-progress'].includes(a.status);
    const out = h('div', { class: 'out', 'aria-live': 'polite' });
    const cancelBtn = h('button', { type: 'button', class: 'secondary cancel' }, t('appt.cancel'));
    cancelBtn.addEventListener('click', () => {
      clear(out).append(h('span', {}, t('appt.cancelConfirm'), ' '),
        h('button', {
          type: 'button',
          class: 'danger confirm-cancel',
          onclick: async () => {
            try {
              await api(`/appointments/${encodeURIComponent(a.id)}/cancel`, { method: 'POST' });
              toast(t('appt.cancelled'));
              load();
            } catch (e) {
              clear(out).append(errorNotice(e));
            }
          },
        }, t('appt.cancelYes')),
        h('button', { type: 'button', class: 'secondary', onclick: () => clear(out) }, t('appt.cancelNo')));
      out.querySelector('.confirm-cancel').focus();
    });
    if (active) {
      a.whenEl = h('div', { class: 'when' });
      a.joinBtn = h('button', { type: 'button', class: 'join', onclick: () => join(a, out) });
      updateWhen(a);
    }
    return h('li', { dataset: { appointmentId: a.id, status: a.status } },
      h('div', { class: 'main' },
        h('div', { class: 'slot-time' }, fmtDateTime(a.start)),
        h('div', { class: 'title' }, hospitalName(ref, a.hospital), a.specialty ? ` · ${specialtyName(ref, a.specialty)}` : ''),
        h('div', { class: 'muted' }, [a.clinicianName, t(`kind.${a.kind}`, {}, a.kind)].filter(Boolean).join(' · ')),
        active ? a.whenEl : null,
        out),
      statusBadge(a.status),
      active ? a.joinBtn : null,
      h('button', { type: 'button', class: 'secondary', onclick: () => downloadIcs(`/appointments/${a.id}.ics`, 'konsil.ics').catch((e) => clear(out).append(errorNotice(e))) }, t('appt.calendar')),
      active ? cancelBtn : null);
  }

  async function join(a, out) {
    try {
      const j = await api(`/appointments/${encodeURIComponent(a.id)}/join`, { method: 'POST' });
      // The call page checks the link, then shows the pre-join screen (camera, microphone, name).
      location.href = `/${encodeURIComponent(j.room)}?jwt=${encodeURIComponent(j.jwt)}`;
    } catch (e) {
      clear(out).append(e.code === 'outside-join-window'
        ? h('p', { class: 'notice warn' }, t('appt.tooEarly', { time: fmtDateTime(a.start) })) : errorNotice(e));
    }
  }

  load();
  return () => clearInterval(ticker);
}
