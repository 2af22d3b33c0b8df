// Recording, only with everyone's consent (docs/protocol.md "Recording"): the consent dialog with its wording version,
// the indicator everyone sees while the call is recorded, withdrawing consent (which stops a recording at once), a
// moderator's start/stop control and the room's recordings. The server decides; this module shows and asks.
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
   */
  constructor(o) {
    this.o = o;
    this.mode = 'mesh';
    this.active = false;
    this.since = null;
    this.consented = false;
    this.list = [];
    const dot = h('span', { class: 'rec-dot', 'aria-hidden': 'true' });
    this.indicatorText = h('span', { class: 'rec-text' });
    this.withdrawButton = h('button', { type: 'button', class: 'secondary small', id: 'withdraw-consent', onclick: () => this.withdraw() });
    o.labels.bind(this.withdrawButton, 'call.rec.withdraw');
    this.indicator = h('div', { class: 'rec-indicator', id: 'recording-indicator', role: 'status', hidden: true },
      dot, this.indicatorText, this.withdrawButton);
    this.listTitle = h('h2', { id: 'recordings-title' });
    o.labels.bind(this.listTitle, 'call.rec.listTitle');
    this.listEl = h('ul', { class: 'recordings', id: 'recordings' });
    this.listSection = h('section', { id: 'recordings-section', 'aria-labelledby': 'recordings-title', hidden: true },
      this.listTitle, this.listEl);
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
      this.list.push({ active: false, by: msg.by, since: msg.since, until: msg.until });
      const reason = t(`call.rec.stopped.${msg.reason || 'moderator'}`, {}, t('call.rec.stopped.moderator'));
      this.o.alert(reason);
    }
    this.render();
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
    clear(this.listEl);
    if (!this.list.length) this.listEl.append(h('li', { class: 'muted' }, t('call.rec.none')));
    for (const r of this.list) {
      const from = clock(r.since);
      const until = r.active ? t('call.rec.running') : clock(r.until);
      this.listEl.append(h('li', {}, t('call.rec.item', { from, until }),
        r.location ? h('span', { class: 'muted location' }, ` ${t('call.rec.savedAt', { location: r.location })}`) : null));
    }
  }

  /** The consent dialog: what is recorded, who keeps it, that it can be withdrawn, and the wording version. */
  ask() {
    if (this.consented) return Promise.resolve(true);
    const existing = document.getElementById('consent-dialog');
    if (existing) existing.close('cancel');
    const before = document.activeElement;
    const yes = h('button', { type: 'button', id: 'consent-yes', class: 'ok' }, t('call.rec.consentYes'));
    const no = h('button', { type: 'button', id: 'consent-no', class: 'secondary' }, t('call.rec.consentNo'));
    const dialog = h('dialog', {
      id: 'consent-dialog', class: 'dialog consent', 'aria-labelledby': 'consent-title', 'aria-describedby': 'consent-text',
    },
    h('h2', { id: 'consent-title' }, t('call.rec.consentTitle')),
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
    if (msg.code === 'recording-needs-sfu') {
      this.o.alert(t('call.rec.needsSfu'));
      return true;
    }
    return false;
  }
}
