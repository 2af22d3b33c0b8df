// GP and specialist: today's agenda with knocks pushed live, referrals, second-opinion inbox.
import { h, clear, field, toast } from '../dom.js';
import { t } from '../i18n.js';
import { api, query } from '../api.js';
import { Signaling } from '../signaling.js';
import { confirmDialog } from '../dialog.js';
import { knockTone } from '../sound.js';
import {
  loadReference, listOf, fmtTime, fmtDateTime, fmtDate, hospitalName, specialtyName, statusBadge, errorNotice, loading,
  todayIso, downloadIcs, restoreFields,
} from './util.js';

function openCall(j, extraHash) {
  location.href = `/${encodeURIComponent(j.room)}?jwt=${encodeURIComponent(j.jwt)}${extraHash ? `#${extraHash}` : ''}`;
}

/**
 * A short moderator connection to the room for something that needs no call: turning a waiting patient away, or a
 * message to the waiting room. It joins, does {@code act} once the waiting list is known, and leaves.
 */
function inRoomBriefly(j, act) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (ok) => {
      if (done) return;
      done = true;
      sig.send({ type: 'leave' });
      sig.close();
      resolve(ok);
    };
    const sig = new Signaling({
      room: j.room,
      jwt: j.jwt,
      persist: false,
      onState: () => {},
      onMessage: (m) => {
        if (m.type === 'welcome' || m.type === 'knocking') {
          const waiting = m.type === 'welcome' ? (m.lobby && m.lobby.waiting) || [] : [m.participant];
          if (act(sig, waiting)) setTimeout(() => finish(true), 300);
        }
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

/** Knocks carry the token's user id for moderators; the name and "the only one waiting" are fallbacks. */
function findPatient(waiting, patient) {
  return waiting.find((p) => p.userId && p.userId === patient.id)
    || waiting.find((p) => p.name && p.name === patient.name)
    || (waiting.length === 1 ? waiting[0] : null);
}

function denyInBackground(j, patient) {
  return inRoomBriefly(j, (sig, waiting) => {
    const match = findPatient(waiting, patient);
    if (!match) return false;
    sig.send({ type: 'deny', participantId: match.id });
    return true;
  });
}

function messageInBackground(j, text) {
  return inRoomBriefly(j, (sig) => {
    sig.send({ type: 'lobby-message', text });
    return true;
  });
}

function minutesSince(iso, now = Date.now()) {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60000));
}

export function agendaView(root, { query: q, session, carry }) {
  const date = h('input', { type: 'date', id: 'agenda-date', value: (q && q.get('date')) || todayIso() });
  const notify = h('button', { type: 'button', class: 'secondary', id: 'notify-enable', hidden: true }, t('agenda.notifyEnable'));
  const live = h('p', { class: 'muted live', id: 'agenda-live', dataset: { state: 'connecting' } }, t('agenda.liveConnecting'));
  root.append(h('div', { class: 'page-head' },
    h('h1', {}, t('agenda.title')),
    h('div', { class: 'row' }, field(t('agenda.date'), date),
      h('button', { type: 'button', class: 'secondary', onclick: () => downloadIcs(`/agenda.ics${query({ date: date.value })}`, 'agenda.ics').catch(() => toast(t('error.generic', { code: 'ics' }))) }, t('agenda.ics')),
      notify)));
  // A knock is announced once, politely; the banner stays while anyone waits.
  const announce = h('p', { class: 'sr-only', id: 'agenda-announce', role: 'status' });
  const banner = h('div', { id: 'knock-alert', class: 'knock-alert', hidden: true });
  const list = h('section', { id: 'agenda' }, loading());
  root.append(announce, banner, list, live);
  restoreFields(root, carry);

  let ref = null;
  let items = [];
  let stopped = false;
  const since = new Map();
  const baseTitle = t('app.title');

  if ('Notification' in window && Notification.permission === 'default') notify.hidden = false;
  notify.addEventListener('click', async () => {
    try {
      await Notification.requestPermission();
    } catch { /* the page and the tab title still tell */ }
    notify.hidden = Notification.permission === 'default';
  });

  date.addEventListener('change', () => load());

  async function load() {
    try {
      ref = ref || await loadReference();
      items = listOf(await api(`/agenda${query({ date: date.value })}`));
      if (stopped) return;
      render();
    } catch (e) {
      clear(list).append(errorNotice(e));
    }
  }

  // Knocks arrive by push (Server-Sent Events), not by polling. EventSource cannot send headers, hence the query.
  const events = new EventSource(`/api/v1/agenda/events${query({ access_token: session.jwt })}`);
  let wasOpen = false;
  events.addEventListener('open', () => {
    live.dataset.state = 'connected';
    live.textContent = t('agenda.live');
    // After a dropped stream, what happened meanwhile is read once.
    if (wasOpen) load();
    wasOpen = true;
  });
  events.addEventListener('error', () => {
    live.dataset.state = 'reconnecting';
    live.textContent = t('agenda.liveLost');
  });
  events.addEventListener('presence', (ev) => {
    let data;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return;
    }
    const a = items.find((x) => x.id === data.appointmentId);
    if (data.presence === 'in-lobby' && data.since) since.set(data.appointmentId, data.since);
    else since.delete(data.appointmentId);
    if (!a) {
      // Booked after the list was read, and on the day shown: read it again.
      if (data.presence === 'in-lobby') load();
      return;
    }
    const knocked = data.presence === 'in-lobby' && a.presence !== 'in-lobby';
    a.presence = data.presence;
    replaceRow(a);
    if (knocked) raise(a);
    updateWaiting();
  });

  function waitingItems() {
    return items.filter((a) => a.presence === 'in-lobby');
  }

  /** Sound, the page, the tab title and (when allowed) a browser notification, so that a busy GP notices. */
  function raise(a) {
    const name = a.patientName || a.patientId || t('role.patient');
    knockTone();
    announce.textContent = t('agenda.knock', { name });
    banner.dataset.raisedAt = String(Date.now());
    banner.dataset.appointmentId = a.id;
    if ('Notification' in window && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
      try {
        const n = new Notification(t('agenda.knock', { name }), { body: t('agenda.knockBody', { time: fmtTime(a.start) }), tag: a.id });
        n.onclick = () => window.focus();
      } catch { /* notifications unavailable here */ }
    }
  }

  function updateWaiting() {
    const waiting = waitingItems();
    clear(banner);
    banner.hidden = !waiting.length;
    if (waiting.length) {
      const first = waiting[0];
      const name = first.patientName || first.patientId || t('role.patient');
      document.title = waiting.length === 1 ? t('agenda.tabTitleOne', { name, app: baseTitle })
        : t('agenda.tabTitleMany', { n: waiting.length, app: baseTitle });
      banner.append(h('strong', {}, waiting.length === 1 ? t('agenda.knock', { name }) : t('agenda.knockMany', { n: waiting.length })),
        ' ', h('a', { href: `#agenda-row-${first.id}` }, t('agenda.showRow')));
    } else {
      document.title = baseTitle;
    }
  }

  function render() {
    clear(list);
    if (!items.length) {
      list.append(h('p', { class: 'notice' }, t('agenda.none')));
      updateWaiting();
      return;
    }
    list.append(h('ul', { class: 'list' }, items.map(row)));
    updateWaiting();
  }

  function replaceRow(a) {
    const old = list.querySelector(`li[data-appointment-id="${CSS.escape(a.id)}"]`);
    if (!old) {
      render();
      return;
    }
    const focused = old.contains(document.activeElement) ? document.activeElement.className : null;
    const next = row(a);
    old.replaceWith(next);
    if (focused) {
      const again = next.querySelector(`button.${focused.split(' ').filter(Boolean).join('.')}`);
      (again || next).focus();
    }
  }

  function row(a) {
    const out = h('div', { class: 'out' });
    const presence = a.presence || 'not-arrived';
    const active = !['cancelled', 'fulfilled', 'no-show'].includes(a.status);
    const name = a.patientName || a.patientId || t('kind.second-opinion');
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
        class: 'secondary message',
        onclick: () => messageForm(a, out),
      }, t('agenda.message')));
      buttons.push(h('button', {
        type: 'button',
        class: 'secondary deny',
        onclick: async (ev) => {
          const btn = ev.currentTarget;
          const ok = await confirmDialog({
            title: t('call.denyConfirmTitle', { name }), text: t('call.denyConfirmText'),
            confirmLabel: t('agenda.deny'), cancelLabel: t('call.cancel'),
          });
          if (!ok) return;
          btn.disabled = true;
          join(async (j) => {
            const denied = await denyInBackground(j, { id: a.patientId, name: a.patientName });
            toast(t(denied ? 'agenda.denied' : 'agenda.denyFailed'));
          });
        },
      }, t('agenda.deny')));
    } else if (active) {
      buttons.push(h('button', { type: 'button', class: presence === 'in-call' ? 'ok start' : 'secondary start', onclick: () => join((j) => openCall(j)) },
        t(presence === 'in-call' ? 'agenda.rejoin' : 'agenda.start')));
    }
    const waitedSince = presence === 'in-lobby' ? since.get(a.id) : null;
    return h('li', { id: `agenda-row-${a.id}`, dataset: { appointmentId: a.id, presence, patientId: a.patientId || '' } },
      h('div', { class: 'slot-time' }, fmtTime(a.start)),
      h('div', { class: 'main' },
        h('div', { class: 'title' }, name),
        h('div', { class: 'muted' }, [t(`kind.${a.kind}`, {}, a.kind), a.specialty ? specialtyName(ref, a.specialty) : null, t(`mode.${a.mode}`, {}, a.mode)].filter(Boolean).join(' · ')),
        waitedSince ? h('div', { class: 'waited', dataset: { since: waitedSince } }, waitedText(waitedSince)) : null,
        out),
      statusBadge(presence, 'presence'),
      ...buttons);
  }

  function waitedText(iso) {
    const n = minutesSince(iso);
    return n < 1 ? t('agenda.waitingJust') : t('agenda.waitingFor', { n });
  }

  function messageForm(a, out) {
    const input = h('input', { id: `msg-${a.id}`, maxlength: 280, autocomplete: 'off', class: 'lobby-message-input' });
    const form = h('form', {
      class: 'inline-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        try {
          const j = await api(`/appointments/${encodeURIComponent(a.id)}/join`, { method: 'POST' });
          const sent = await messageInBackground(j, text);
          clear(out).append(h('p', { class: 'notice ok', role: 'status' }, t(sent ? 'agenda.messageSent' : 'agenda.messageFailed')));
        } catch (e) {
          clear(out).append(errorNotice(e));
        }
      },
    }, h('label', { for: input.id }, t('call.lobbyMessageLabel')), h('div', { class: 'inline' }, input, h('button', { type: 'submit', class: 'secondary' }, t('call.send'))));
    clear(out).append(form);
    input.focus();
  }

  // Minutes waited move on with the clock (no request).
  const ticker = setInterval(() => {
    list.querySelectorAll('.waited[data-since]').forEach((el) => { el.textContent = waitedText(el.dataset.since); });
  }, 20000);

  load();
  return () => {
    stopped = true;
    events.close();
    clearInterval(ticker);
    document.title = baseTitle;
  };
}

/**
 * The legal deadline suggested from the priority (days from today): a clinician may change it when the priority
 * guideline for the condition says otherwise. Cancer patient pathways start within two weeks.
 */
const DEADLINE_DAYS = { urgent: 14, normal: 84, cancer: 14 };

function plusDays(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function referralsView(root, { session, carry }) {
  root.append(h('h1', {}, t('ref.title')));
  const patient = h('select', { id: 'ref-patient', required: true }, h('option', { value: '' }, t('ref.choosePatient')));
  const specialty = h('select', { id: 'ref-specialty', required: true }, h('option', { value: '' }, t('ref.chooseSpecialty')));
  const hospital = h('select', { id: 'ref-hospital' }, h('option', { value: '' }, t('ref.anyHospital')));
  const priority = h('select', { id: 'ref-priority' }, h('option', { value: 'normal' }, t('ref.priority.normal')), h('option', { value: 'urgent' }, t('ref.priority.urgent')));
  const question = h('textarea', { id: 'ref-question', required: true, maxlength: 4000 });
  const deadline = h('input', { type: 'date', id: 'ref-deadline', min: todayIso(), required: true });
  const deadlineHint = h('p', { class: 'muted small', id: 'ref-deadline-hint' });
  deadline.setAttribute('aria-describedby', 'ref-deadline-hint');
  const cancer = h('input', { type: 'checkbox', id: 'ref-cancer' });
  const out = h('div', { 'aria-live': 'polite' });
  const listEl = h('section', { id: 'referrals', 'aria-live': 'polite' }, loading());
  let ref = null;
  const patientNames = new Map();
  let deadlineTouched = false;

  function suggestDeadline() {
    const days = cancer.checked ? DEADLINE_DAYS.cancer : DEADLINE_DAYS[priority.value] || DEADLINE_DAYS.normal;
    if (!deadlineTouched) deadline.value = plusDays(days);
    deadlineHint.textContent = t('ref.deadlineHint', { n: days });
  }
  priority.addEventListener('change', suggestDeadline);
  cancer.addEventListener('change', suggestDeadline);
  deadline.addEventListener('input', () => { deadlineTouched = true; });
  suggestDeadline();

  const form = h('form', {
    class: 'card',
    id: 'referral-form',
    onsubmit: async (ev) => {
      ev.preventDefault();
      clear(out);
      const body = {
        patientId: patient.value, specialty: specialty.value, priority: priority.value,
        patientName: patientNames.get(patient.value),
        clinicalQuestion: question.value.trim(), cancerPathway: cancer.checked,
      };
      if (deadline.value) body.deadline = deadline.value;
      if (hospital.value) body.hospital = hospital.value;
      try {
        await api('/referrals', { method: 'POST', body });
        out.append(h('p', { class: 'notice ok', role: 'status' }, t('ref.created')));
        form.reset();
        deadlineTouched = false;
        suggestDeadline();
        load();
      } catch (e) {
        out.append(errorNotice(e));
      }
    },
  },
  h('h2', { class: 'flush' }, t('ref.new')),
  h('div', { class: 'row' }, field(t('ref.patient'), patient), field(t('ref.specialty'), specialty), field(t('ref.hospital'), hospital)),
  h('div', { class: 'row' }, field(t('ref.priority'), priority), h('div', { class: 'field' }, h('label', { for: 'ref-deadline' }, t('ref.deadline')), deadline, deadlineHint),
    h('div', { class: 'field' }, h('span', { class: 'label' }, t('ref.cancer')), h('label', { for: 'ref-cancer', class: 'check' }, cancer, ' ', t('ref.cancerYes')))),
  field(t('ref.question'), question),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'ref-submit' }, t('ref.send'))), out);
  if (session.user.role !== 'gp') form.hidden = true;
  root.append(form, h('h2', {}, t('ref.list')), listEl);

  /** The GP's own patients: those of their appointments and of the referrals they wrote. */
  async function loadPatients() {
    const [appts, refs] = await Promise.all([
      api('/appointments').then(listOf).catch(() => []),
      api('/referrals').then(listOf).catch(() => []),
    ]);
    for (const x of [...appts, ...refs]) {
      if (x.patientId && !patientNames.has(x.patientId)) patientNames.set(x.patientId, x.patientName || x.patientId);
    }
    [...patientNames.entries()].sort((a, b) => a[1].localeCompare(b[1]))
      .forEach(([id, name]) => patient.append(h('option', { value: id }, name)));
  }

  Promise.all([loadReference(), loadPatients()]).then(([r]) => {
    ref = r;
    for (const s of r.specialties) specialty.append(h('option', { value: s.code }, specialtyName(r, s.code)));
    for (const x of r.hospitals) hospital.append(h('option', { value: x.code }, x.name));
    if (carry) {
      restoreFields(root, carry);
      deadlineTouched = true;
    }
    load();
  });

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

export function opinionsView(root, { session, carry }) {
  root.append(h('h1', {}, t('so.title')), h('p', { class: 'muted' }, t('so.intro')));
  const listEl = h('section', { id: 'opinions', 'aria-live': 'polite' }, loading());
  const specialty = h('select', { id: 'so-specialty', required: true }, h('option', { value: '' }, t('ref.chooseSpecialty')));
  const question = h('textarea', { id: 'so-question', required: true, maxlength: 4000 });
  const out = h('div', { 'aria-live': 'polite' });
  const me = session.user;
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
    restoreFields(root, carry);
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
    const mine = so.requesterId === me.id;
    // Only a specialist other than the one asking can accept; one's own request shows as sent, without Accept.
    const mayAccept = open && !mine && me.role === 'specialist';
    return h('li', { dataset: { opinionId: so.id, status: so.status, mine: String(mine) } },
      h('div', { class: 'main' },
        h('div', { class: 'title' }, specialtyName(ref, so.specialty), ' · ', so.requesterName || so.requesterId,
          so.requesterHospital ? ` (${hospitalName(ref, so.requesterHospital)})` : ''),
        h('div', {}, so.question),
        h('div', { class: 'muted' }, [mine ? t('so.yourRequest') : null, fmtDateTime(so.createdAt), so.acceptedByName ? t('so.acceptedBy', { name: so.acceptedByName }) : null,
          so.start ? fmtDateTime(so.start) : null].filter(Boolean).join(' · ')),
        rowOut),
      statusBadge(so.status),
      mayAccept ? h('button', { type: 'button', class: 'ok accept', onclick: accept }, t('so.accept')) : null,
      so.room || so.status === 'accepted' ? h('button', { type: 'button', class: 'join', onclick: join }, t('so.join')) : null);
  }
}
