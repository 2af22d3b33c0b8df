// Recording, only with everyone's consent (docs/protocol.md "Recording"): the consent dialog with its wording version
// (also opened when a moderator asks), the indicator everyone sees while the call is recorded, withdrawing consent
// (which stops a recording at once), a moderator's start/stop control, their "ask for consent" button and the room's
// recordings, kept up to date by the server. The server decides; this module shows and asks.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { locale } from '../views/util.js';

/** A clock time (epoch ms) in the page's language, e.g. 10:42. */
function clock(ms) {
  return ms ? new Date(ms).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' }) : '?';
}

/** The consent wording's version, stored by the server with each consent; change it whenever the wording changes. */
export const CONSENT_VERSION = 'konsil-recording-v1';

export class Recording {
  /**
   * @param {object} o
   * @param {Labels} o.labels
   * @param {(msg: object) => void} o.send
   * @param {() => boolean} o.moderator
   * @param {(text: string) => void} o.alert  a message the user must see (role=alert)
   * @param {(on: boolean) => void} o.changed  the recording started or stopped (IFrame API, toolbar)
   * @param {() => void} o.consentChanged  our own consent was given or withdrawn (toolbar, participant list)
   * @param {(req: {by: string, name: string}) => void} [o.asked]  a moderator asked us for consent (IFrame API)
   * @param {() => object[]} [o.withoutConsent]  the others in the call who have not consented (for the moderator's note)
   */
  constructor(o) {
    this.o = o;
    this.mode = 'mesh';
    this.active = false;
    this.since = null;
    this.consented = false;
    this.list = [];
    this.lastRequest = null;
    const dot = h('span', { class: 'rec-dot', 'aria-hidden': 'true' });
    this.indicatorText = h('span', { class: 'rec-text' });
    this.withdrawButton = h('button', { type: 'button', class: 'secondary small', id: 'withdraw-consent', onclick: () => this.withdraw() });
    o.labels.bind(this.withdrawButton, 'call.rec.withdraw');
    this.indicator = h('div', { class: 'rec-indicator', id: 'recording-indicator', role: 'status', hidden: true },
      dot, this.indicatorText, this.withdrawButton);
    this.listTitle = h('h2', { id: 'recordings-title' });
    o.labels.bind(this.listTitle, 'call.rec.listTitle');
    this.listEl = h('ul', { class: 'recordings', id: 'recordings' });
    // A moderator asks the others for consent; the server asks each of them at most once in 30 s.
    this.askButton = h('button', { type: 'button', class: 'secondary small', id: 'ask-consent', onclick: () => this.requestConsent() });
    o.labels.bind(this.askButton, 'call.rec.ask');
    this.askStatus = h('p', { class: 'muted', id: 'ask-consent-status', role: 'status' });
    this.listSection = h('section', { id: 'recordings-section', 'aria-labelledby': 'recordings-title', hidden: true },
      this.listTitle, this.askButton, this.askStatus, this.listEl);
  }

  /** From the welcome: the call's media mode, a running recording, and (for moderators) the room's recordings. */
  welcome(msg) {
    if (msg.media && msg.media.mode) this.mode = msg.media.mode;
    this.list = Array.isArray(msg.recordings) ? msg.recordings.slice() : this.list;
    this.apply(msg.recording || null, null);
  }

  setMode(mode) {
    this.mode = mode;
    this.render();
  }

  /** A `recording` frame: started or stopped (with the reason), for everyone. */
  onFrame(msg) {
    const was = this.active;
    this.apply(msg, msg.reason || null);
    if (!msg.active && was) {
      const reason = t(`call.rec.stopped.${msg.reason || 'moderator'}`, {}, t('call.rec.stopped.moderator'));
      this.o.alert(reason);
    }
    this.render();
  }

  /** A `recordings` frame (moderators): the room's recordings as the server has them, after a start or stop. */
  onList(msg) {
    if (Array.isArray(msg.recordings)) this.list = msg.recordings.slice();
    this.render();
  }

  /** A moderator asks for consent: the dialog, naming who asks (unless we have consented meanwhile). */
  onRequest(msg) {
    if (this.consented) return;
    const req = { by: msg.by, name: msg.name || t('call.someone') };
    this.lastRequest = req;
    if (this.o.asked) this.o.asked(req);
    this.ask(req);
  }

  /** The moderator's "ask for consent" button. */
  requestConsent() {
    if (!this.o.moderator()) return;
    const names = this.o.withoutConsent ? this.o.withoutConsent().map((p) => p.name) : [];
    this.o.send({ type: 'recording-consent-request', id: `ask-${Date.now()}` });
    this.askStatus.textContent = names.length
      ? t('call.rec.asked', { names: names.join(', ') })
      : t('call.rec.askedNobody');
  }

  apply(rec, reason) {
    const active = !!(rec && rec.active);
    const changed = active !== this.active;
    this.active = active;
    this.since = active ? rec.since : null;
    this.render();
    if (changed) this.o.changed(active, reason);
  }

  /** Our own consent as the server holds it (the welcome of a resumed session keeps it). */
  setConsented(on) {
    const changed = this.consented !== !!on;
    this.consented = !!on;
    this.render();
    if (changed && this.o.consentChanged) this.o.consentChanged();
  }

  render() {
    this.indicator.hidden = !this.active;
    this.indicatorText.textContent = this.active
      ? t('call.rec.on', { time: clock(this.since) })
      : '';
    this.withdrawButton.hidden = !this.consented;
    this.listSection.hidden = !this.o.moderator() || this.mode !== 'sfu';
    this.askButton.hidden = this.listSection.hidden;
    clear(this.listEl);
    if (!this.list.length) this.listEl.append(h('li', { class: 'muted' }, t('call.rec.none')));
    for (const r of this.list) {
      const from = clock(r.since);
      const until = r.active ? t('call.rec.running') : clock(r.until);
      this.listEl.append(h('li', {}, t('call.rec.item', { from, until }),
        r.location ? h('span', { class: 'muted location' }, ` ${t('call.rec.savedAt', { location: r.location })}`) : null));
    }
  }

  /**
   * The consent dialog: what is recorded, who keeps it, that it can be withdrawn, and the wording version; when a
   * moderator asked ({@code req}), who asks.
   */
  ask(req) {
    if (this.consented) return Promise.resolve(true);
    const existing = document.getElementById('consent-dialog');
    if (existing) existing.close('cancel');
    const before = document.activeElement;
    const yes = h('button', { type: 'button', id: 'consent-yes', class: 'ok' }, t('call.rec.consentYes'));
    const no = h('button', { type: 'button', id: 'consent-no', class: 'secondary' }, t('call.rec.consentNo'));
    const dialog = h('dialog', {
      id: 'consent-dialog',
      class: 'dialog consent',
      'aria-labelledby': 'consent-title',
      'aria-describedby': req ? 'consent-asked-by consent-text' : 'consent-text',
    },
    h('h2', { id: 'consent-title' }, t('call.rec.consentTitle')),
    req ? h('p', { id: 'consent-asked-by' }, t('call.rec.askedBy', { name: req.name })) : null,
    h('div', { id: 'consent-text' },
      h('p', {}, t('call.rec.consentWhat')),
      h('p', {}, t('call.rec.consentWho')),
      h('p', {}, t('call.rec.consentWithdraw'))),
    h('p', { class: 'muted', id: 'consent-version' }, t('call.rec.consentVersion', { version: CONSENT_VERSION })),
    h('div', { class: 'actions' }, no, yes));
    document.body.append(dialog);
    return new Promise((resolve) => {
      yes.addEventListener('click', () => dialog.close('yes'));
      no.addEventListener('click', () => dialog.close('no'));
      dialog.addEventListener('close', () => {
        const ok = dialog.returnValue === 'yes';
        dialog.remove();
        if (before && before.isConnected && typeof before.focus === 'function') before.focus();
        if (ok) this.give();
        resolve(ok);
      });
      dialog.showModal();
      // Neither answer is pre-selected by default focus on "yes": the heading takes the focus first.
      no.focus();
    });
  }

  give() {
    this.o.send({ type: 'consent', recording: true, version: CONSENT_VERSION });
    this.setConsented(true);
  }

  withdraw() {
    this.o.send({ type: 'consent', recording: false });
    this.setConsented(false);
  }

  /** The toolbar's consent button: asks when not given, withdraws when given. */
  toggleConsent() {
    if (this.consented) this.withdraw();
    else this.ask();
  }

  /** A moderator's start/stop. */
  toggleRecording() {
    if (!this.o.moderator()) return;
    this.o.send({ type: 'record', on: !this.active });
  }

  /** An error frame that concerns recording; true when it was one. */
  onError(msg) {
    if (msg.code === 'recording-consent-missing') {
      // The server's message ends with ": name, name"; the names are participants' display names, not health data.
      const m = /:\s*([^:]+)$/.exec(msg.message || '');
      this.o.alert(t('call.rec.consentMissing', { names: m ? m[1] : t('call.someone') }));
      return true;
    }
    if (msg.code === 'recording-consent-asked-recently') {
      // "…; ask again in 12 s": the number of seconds is the server's.
      const m = /(\d+)\s*s\s*$/.exec(msg.message || '');
      this.askStatus.textContent = t('call.rec.askedRecently', { seconds: m ? m[1] : '30' });
      return true;
    }
    if (msg.code === 'recording-needs-sfu') {
      this.o.alert(t('call.rec.needsSfu'));
      return true;
    }
    return false;
  }
}
