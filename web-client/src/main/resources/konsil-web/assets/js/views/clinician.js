// GP and specialist: today's agenda with live presence, referrals, second-opinion inbox.
import { h, clear, field, toast } from '../dom.js';
import { t } from '../i18n.js';
import { api, query } from '../api.js';
import { Signaling } from '../signaling.js';
import {
  loadReference, listOf, fmtTime, fmtDateTime, fmtDate, hospitalName, specialtyName, statusBadge, errorNotice, loading,
  todayIso, downloadIcs,
} from './util.js';

const POLL_MS = 2500;

function openCall(j, extraHash) {
  location.href = `/${encodeURIComponent(j.room)}?jwt=${encodeURIComponent(j.jwt)}${extraHash ? `#${extraHash}` : ''}`;
}

/**
 * Turns a waiting patient away without opening the call: a short moderator connection to the room that sends deny and
 * leaves. Admitting opens the call instead, because the clinician will talk to the patient next.
 */
function denyInBackground(j, patient) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (ok) => {
      if (done) return;
      done = true;
      sig.send({ type: 'leave' });
      sig.close();
      resolve(ok);
    };
    const tryDeny = (waiting) => {
      const list = waiting || [];
      // Knocks carry the token's user id for moderators; the name and "the only one waiting" are fallbacks for
      // tokens minted elsewhere whose ids differ from the booking's patient id.
      const match = list.find((p) => p.userId && p.userId === patient.id)
        || list.find((p) => p.name && p.name === patient.name)
        || (list.length === 1 ? list[0] : null);
      if (!match) return false;
      sig.send({ type: 'deny', participantId: match.id });
      setTimeout(() => finish(true), 300);
      return true;
    };
    const sig = new Signaling({
      room: j.room,
      jwt: j.jwt,
      persist: false,
      onState: () => {},
      onMessage: (m) => {
        if (m.type === 'welcome') tryDeny(m.lobby && m.lobby.waiting);
        if (m.type === 'knocking') tryDeny([m.participant]);
      },
    });
    sig.connect();
    // Skip the server's one-second wait for a resume when this clinician is also in the call in another tab.
    const joinNow = setInterval(() => {
      if (sig.ws && sig.ws.readyState === WebSocket.OPEN) {
        sig.raw({ type: 'join' });
        clearInterval(joinNow);
      }
    }, 20);
    setTimeout(() => clearInterval(joinNow), 3000);
    setTimeout(() => finish(false), 5000);
  });
}

export function agendaView(root, { query: q }) {
  const date = h('input', { type: 'date', id: 'agenda-date', value: (q && q.get('date')) || todayIso() });
  root.append(h('div', { class: 'page-head' },
    h('h1', {}, t('agenda.title')),
    h('div', { class: 'row' }, field(t('agenda.date'), date),
      h('button', { type: 'button', class: 'secondary', onclick: () => downloadIcs(`/agenda.ics${query({ date: date.value })}`, 'agenda.ics').catch(() => toast(t('error.generic', { code: 'ics' }))) }, t('agenda.ics')))));
  const list = h('section', { id: 'agenda', 'aria-live': 'polite' }, loading());
  root.append(list, h('p', { class: 'muted' }, t('agenda.live')));
  let ref = null;
  let timer = null;
  let stopped = false;
  let lastJson = '';

  date.addEventListener('change', () => {
    lastJson = '';
    poll();
  });

  async function poll() {
    clearTimeout(timer);
    try {
      ref = ref || await loadReference();
      const items = listOf(await api(`/agenda${query({ date: date.value })}`));
      const json = JSON.stringify(items);
      if (json !== lastJson && !list.contains(document.activeElement)) {
        lastJson = json;
        render(items);
      }
    } catch (e) {
      clear(list).append(errorNotice(e));
      lastJson = '';
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  }

  function render(items) {
    clear(list);
    if (!items.length) {
      list.append(h('p', { class: 'notice' }, t('agenda.none')));
      return;
    }
    list.append(h('ul', { class: 'list' }, items.map(row)));
  }

  function row(a) {
    const out = h('div', { class: 'out' });
    const presence = a.presence || 'not-arrived';
    const active = !['cancelled', 'fulfilled', 'no-show'].includes(a.status);
    const join = async (fn) => {
      try {
        fn(await api(`/appointments/${encodeURIComponent(a.id)}/join`, { method: 'POST' }));
      } catch (e) {
        clear(out).append(e.code === 'outside-join-window' ? h('p', { class: 'notice warn' }, t('appt.tooEarly', { time: fmtDateTime(a.start) })) : errorNotice(e));
      }
    };
    const buttons = [];
    if (active && presence === 'in-lobby') {
      buttons.push(h('button', { type: 'button', class: 'ok admit', onclick: () => join((j) => openCall(j, `admit=${encodeURIComponent(a.patientId || '')}&admitName=${encodeURIComponent(a.patientName || '')}`)) }, t('agenda.admit')));
      buttons.push(h('button', {
        type: 'button',
        class: 'secondary deny',
        onclick: (ev) => {
          ev.currentTarget.disabled = true;
          join(async (j) => {
            const ok = await denyInBackground(j, { id: a.patientId, name: a.patientName });
            toast(t(ok ? 'agenda.denied' : 'agenda.denyFailed'));
            poll();
          });
        },
      }, t('agenda.deny')));
    } else if (active) {
      buttons.push(h('button', { type: 'button', class: presence === 'in-call' ? 'ok start' : 'secondary start', onclick: () => join((j) => openCall(j)) },
        t(presence === 'in-call' ? 'agenda.rejoin' : 'agenda.start')));
    }
    return h('li', { dataset: { appointmentId: a.id, presence, patientId: a.patientId || '' } },
      h('div', { class: 'slot-time' }, fmtTime(a.start)),
      h('div', { class: 'main' },
        h('div', { class: 'title' }, a.patientName || a.patientId || t('kind.second-opinion')),
        h('div', { class: 'muted' }, [t(`kind.${a.kind}`, {}, a.kind), a.specialty ? specialtyName(ref, a.specialty) : null, t(`mode.${a.mode}`, {}, a.mode)].filter(Boolean).join(' · ')),
        out),
      statusBadge(presence, 'presence'),
      ...buttons);
  }

  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function referralsView(root, { session }) {
  root.append(h('h1', {}, t('ref.title')));
  const patient = h('input', { id: 'ref-patient', required: true, autocomplete: 'off', list: 'ref-patients' });
  const patients = h('datalist', { id: 'ref-patients' });
  const specialty = h('select', { id: 'ref-specialty', required: true });
  const hospital = h('select', { id: 'ref-hospital' }, h('option', { value: '' }, t('ref.anyHospital')));
  const priority = h('select', { id: 'ref-priority' }, h('option', { value: 'normal' }, t('ref.priority.normal')), h('option', { value: 'urgent' }, t('ref.priority.urgent')));
  const question = h('textarea', { id: 'ref-question', required: true, maxlength: 4000 });
  const deadline = h('input', { type: 'date', id: 'ref-deadline', min: todayIso(), required: true });
  const cancer = h('input', { type: 'checkbox', id: 'ref-cancer' });
  const out = h('div', { 'aria-live': 'polite' });
  const listEl = h('section', { id: 'referrals', 'aria-live': 'polite' }, loading());
  let ref = null;
  const patientNames = new Map();

  const form = h('form', {
    class: 'card',
    id: 'referral-form',
    onsubmit: async (ev) => {
      ev.preventDefault();
      clear(out);
      const body = {
        patientId: patient.value.trim(), specialty: specialty.value, priority: priority.value,
        patientName: patientNames.get(patient.value.trim()),
        clinicalQuestion: question.value.trim(), cancerPathway: cancer.checked,
      };
      if (deadline.value) body.deadline = deadline.value;
      if (hospital.value) body.hospital = hospital.value;
      try {
        await api('/referrals', { method: 'POST', body });
        out.append(h('p', { class: 'notice ok', role: 'status' }, t('ref.created')));
        form.reset();
        load();
      } catch (e) {
        out.append(errorNotice(e));
      }
    },
  },
  h('h2', { class: 'flush' }, t('ref.new')),
  h('div', { class: 'row' }, field(t('ref.patient'), patient), patients, field(t('ref.specialty'), specialty), field(t('ref.hospital'), hospital)),
  h('div', { class: 'row' }, field(t('ref.priority'), priority), field(t('ref.deadline'), deadline),
    h('div', { class: 'field' }, h('span', { class: 'label' }, t('ref.cancer')), h('label', { for: 'ref-cancer' }, cancer, ' ', t('ref.cancerYes')))),
  field(t('ref.question'), question),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'ref-submit' }, t('ref.send'))), out);
  if (session.user.role !== 'gp') form.hidden = true;
  root.append(form, h('h2', {}, t('ref.list')), listEl);

  loadReference().then((r) => {
    ref = r;
    for (const s of r.specialties) specialty.append(h('option', { value: s.code }, specialtyName(r, s.code)));
    for (const x of r.hospitals) hospital.append(h('option', { value: x.code }, x.name));
    load();
  });
  api('/demo/users').then((res) => {
    for (const u of listOf(res).filter((x) => x.role === 'patient')) {
      patientNames.set(u.id, u.name);
      patients.append(h('option', { value: u.id }, u.name));
    }
  }).catch(() => { /* outside demo mode the GP types the patient id */ });

  async function load() {
    try {
      const items = listOf(await api('/referrals'));
      clear(listEl);
      if (!items.length) {
        listEl.append(h('p', { class: 'notice' }, t('ref.none')));
        return;
      }
      listEl.append(h('ul', { class: 'list' }, items.map((r) => h('li', { dataset: { referralId: r.id } },
        h('div', { class: 'main' },
          h('div', { class: 'title' }, r.patientName || r.patientId, ' → ', specialtyName(ref, r.specialty)),
          h('div', { class: 'muted' }, [t(`ref.priority.${r.priority}`, {}, r.priority), r.deadline ? t('ref.deadlineOn', { date: fmtDate(r.deadline) }) : null,
            r.cancerPathway ? t('ref.cancerShort') : null, r.hospital ? hospitalName(ref, r.hospital) : null].filter(Boolean).join(' · ')),
          h('div', {}, r.clinicalQuestion)),
        statusBadge(r.status)))));
    } catch (e) {
      clear(listEl).append(errorNotice(e));
    }
  }
}

export function opinionsView(root) {
  root.append(h('h1', {}, t('so.title')), h('p', { class: 'muted' }, t('so.intro')));
  const listEl = h('section', { id: 'opinions', 'aria-live': 'polite' }, loading());
  const specialty = h('select', { id: 'so-specialty', required: true });
  const question = h('textarea', { id: 'so-question', required: true, maxlength: 4000 });
  const out = h('div', { 'aria-live': 'polite' });
  let ref = null;
  const form = h('form', {
    class: 'card',
    id: 'so-form',
    onsubmit: async (ev) => {
      ev.preventDefault();
      clear(out);
      try {
        await api('/second-opinions', { method: 'POST', body: { specialty: specialty.value, question: question.value.trim() } });
        out.append(h('p', { class: 'notice ok', role: 'status' }, t('so.created')));
        form.reset();
        load();
      } catch (e) {
        out.append(errorNotice(e));
      }
    },
  }, h('h2', { class: 'flush' }, t('so.ask')),
  h('div', { class: 'row' }, field(t('ref.specialty'), specialty)), field(t('so.question'), question),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('so.send'))), out);
  root.append(h('h2', {}, t('so.inbox')), listEl, form);

  loadReference().then((r) => {
    ref = r;
    for (const s of r.specialties) specialty.append(h('option', { value: s.code }, specialtyName(r, s.code)));
    load();
  });

  async function load() {
    try {
      const items = listOf(await api('/second-opinions'));
      clear(listEl);
      if (!items.length) {
        listEl.append(h('p', { class: 'notice' }, t('so.none')));
        return;
      }
      listEl.append(h('ul', { class: 'list' }, items.map(row)));
    } catch (e) {
      clear(listEl).append(errorNotice(e));
    }
  }

  function row(so) {
    const rowOut = h('div', {});
    const accept = async () => {
      try {
        await api(`/second-opinions/${encodeURIComponent(so.id)}/accept`, { method: 'POST', body: {} });
        toast(t('so.accepted'));
        load();
      } catch (e) {
        clear(rowOut).append(errorNotice(e));
      }
    };
    const join = async () => {
      try {
        openCall(await api(`/second-opinions/${encodeURIComponent(so.id)}/join`, { method: 'POST' }));
      } catch (e) {
        clear(rowOut).append(errorNotice(e));
      }
    };
    const open = ['requested', 'open', 'pending'].includes(so.status);
    return h('li', { dataset: { opinionId: so.id, status: so.status } },
      h('div', { class: 'main' },
        h('div', { class: 'title' }, specialtyName(ref, so.specialty), ' · ', so.requesterName || so.requesterId,
          so.requesterHospital ? ` (${hospitalName(ref, so.requesterHospital)})` : ''),
        h('div', {}, so.question),
        h('div', { class: 'muted' }, [fmtDateTime(so.createdAt), so.acceptedByName ? t('so.acceptedBy', { name: so.acceptedByName }) : null,
          so.start ? fmtDateTime(so.start) : null].filter(Boolean).join(' · ')),
        rowOut),
      statusBadge(so.status),
      open ? h('button', { type: 'button', class: 'ok accept', onclick: accept }, t('so.accept')) : null,
      so.room || so.status === 'accepted' ? h('button', { type: 'button', class: 'join', onclick: join }, t('so.join')) : null);
  }
}
