// The waiting room: who will let you in and when your appointment is, a message from the clinician, how long you
// have waited, and your own picture with microphone and camera switches so that you can fix them before you are let
// in. Nothing that does not work while waiting (no chat, no screen sharing) and no room id.
import { h, clear } from '../dom.js';
import { t, getLanguage } from '../i18n.js';
import { icon } from '../icons.js';

function locale() {
  return getLanguage() === 'nb' ? 'nb-NO' : 'en-GB';
}

export class LobbyScreen {
  /**
   * @param {object} o
   * @param {Labels} o.labels
   * @param {() => object} o.me
   * @param {MediaStream} o.stream
   * @param {() => void} o.toggleAudio
   * @param {() => void} o.toggleVideo
   * @param {() => void} o.leave
   */
  constructor(o) {
    this.o = o;
    this.position = null;
    this.consultation = null;
    this.message = null;
    this.since = Date.now();
    const L = o.labels;
    this.title = L.bind(h('h1', { id: 'lobby-title', tabindex: '-1' }), 'call.lobbyTitle');
    this.who = h('p', { id: 'lobby-who', class: 'lead' });
    this.when = h('p', { id: 'lobby-when', hidden: true });
    this.messageBox = h('div', { id: 'lobby-message', class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true });
    this.waited = h('p', { id: 'lobby-waited', class: 'muted' });
    this.positionEl = h('span', { id: 'lobby-position' });
    this.positionLine = h('p', { class: 'muted', id: 'lobby-queue' }, h('span', { id: 'lobby-position-label' }), ' ', this.positionEl);
    L.bind(this.positionLine.firstChild, 'call.queuePlace');
    this.video = h('video', { autoplay: true, muted: true, playsInline: true, id: 'lobby-self-video', class: 'preview' });
    this.video.setAttribute('playsinline', '');
    L.bind(this.video, 'call.selfVideo', 'label');
    this.video.srcObject = o.stream;
    this.camOff = h('div', { class: 'preview-off', hidden: true });
    L.bind(this.camOff, 'call.cameraIsOff');
    const toggle = (id, key, name, onclick) => {
      const txt = L.bind(h('span', { class: 'txt' }), key);
      const b = h('button', { type: 'button', id, class: 'secondary control-light', 'aria-pressed': 'false', onclick }, icon(name), txt);
      return b;
    };
    this.mic = toggle('lobby-mic', 'call.mute', 'mic', o.toggleAudio);
    this.cam = toggle('lobby-cam', 'call.cameraOff', 'camera', o.toggleVideo);
    const leave = L.bind(h('button', { type: 'button', id: 'lobby-leave', class: 'danger', onclick: o.leave }), 'call.leaveLobby');
    const keepOpen = L.bind(h('p', { class: 'muted' }), 'call.lobbyKeepOpen');
    this.el = h('section', { class: 'lobby card', id: 'lobby', 'aria-labelledby': 'lobby-title' },
      h('div', { class: 'lobby-text' }, this.title, this.who, this.when, this.messageBox, this.waited, this.positionLine, keepOpen),
      h('div', { class: 'lobby-media' }, h('div', { class: 'preview-wrap' }, this.video, this.camOff),
        h('div', { class: 'actions' }, this.mic, this.cam, leave)));
    this.timer = setInterval(() => this.renderWaited(), 15000);
    this.render();
  }

  show(root) {
    clear(root).append(h('div', { class: 'lobby-wrap' }, this.el));
    this.title.focus();
  }

  update({ position, consultation, message }) {
    if (typeof position === 'number') this.position = position;
    if (consultation) this.consultation = consultation;
    // An empty text clears it (docs/protocol.md, lobby-message).
    if (message) this.message = message.text ? message : null;
    this.render();
  }

  render() {
    const c = this.consultation;
    const clinician = c && c.clinicianName;
    this.who.textContent = clinician ? t('call.lobbyWho', { name: clinician }) : t('call.lobbyText');
    if (c && c.start) {
      const start = new Date(c.start);
      const day = start.toLocaleDateString(locale(), { weekday: 'long', day: 'numeric', month: 'long' });
      const time = start.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
      this.when.textContent = t(c.hospitalName ? 'call.lobbyWhenAt' : 'call.lobbyWhen', { day, time, hospital: c.hospitalName });
      this.when.hidden = false;
    } else {
      this.when.hidden = true;
    }
    if (this.message && this.message.text) {
      const time = new Date(this.message.ts || Date.now()).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
      clear(this.messageBox).append(
        h('strong', {}, t('call.lobbyMessageFrom', { name: this.message.from || t('role.gp'), time })), ' ',
        h('span', { class: 'text' }, this.message.text));
      this.messageBox.hidden = false;
    } else {
      clear(this.messageBox);
      this.messageBox.hidden = true;
    }
    this.positionEl.textContent = this.position == null ? '–' : String(this.position);
    this.renderWaited();
    this.renderMedia();
  }

  renderWaited() {
    const minutes = Math.floor((Date.now() - this.since) / 60000);
    this.waited.textContent = minutes < 1 ? t('call.waitedJust') : t('call.waited', { n: minutes });
  }

  renderMedia() {
    const me = this.o.me();
    this.mic.setAttribute('aria-pressed', String(!!me.audioMuted));
    this.cam.setAttribute('aria-pressed', String(!!me.videoMuted));
    this.mic.disabled = !me.microphone;
    this.cam.disabled = !me.camera;
    this.mic.querySelector('svg').replaceWith(icon(me.audioMuted ? 'micOff' : 'mic'));
    this.cam.querySelector('svg').replaceWith(icon(me.videoMuted ? 'cameraOff' : 'camera'));
    this.camOff.hidden = !(me.videoMuted || !me.camera);
  }

  destroy() {
    clearInterval(this.timer);
    this.video.srcObject = null;
  }
}
