// The video stage: one tile per remote participant, fitted to its picture (never cropped, so a rash or a wound shows
// whole), and your own picture, which on a phone sits below the others instead of covering them.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export class Stage {
  constructor(labels) {
    this.tiles = new Map();
    this.speakerId = null;
    this.remotes = h('div', { class: 'remotes', id: 'remotes' });
    this.empty = h('p', { class: 'empty-stage', id: 'empty-stage', hidden: true });
    labels.bind(this.empty, 'call.waitingForOthers');
    this.selfVideo = h('video', { autoplay: true, muted: true, playsInline: true, id: 'self-video' });
    this.selfVideo.setAttribute('playsinline', '');
    this.selfName = h('span', { class: 'name' });
    this.selfMic = h('span', { class: 'mic badge danger', hidden: true });
    labels.bind(this.selfMic, 'call.muted');
    this.selfInitial = h('span', { class: 'initial', 'aria-hidden': 'true' });
    this.selfTile = h('div', { class: 'tile self', id: 'self-tile' }, this.selfVideo,
      h('div', { class: 'cam-off' }, this.selfInitial), h('div', { class: 'label' }, this.selfName, this.selfMic));
    this.banner = h('div', { class: 'banner', id: 'reconnecting-banner', hidden: true, role: 'alert' });
    labels.bind(this.banner, 'call.reconnecting');
    this.el = h('section', { class: 'stage', id: 'stage' }, this.remotes, this.empty, this.selfTile, this.banner);
    labels.bind(this.el, 'call.videoArea', 'label');
    this.narrow = window.matchMedia('(max-width: 720px)');
    this.onNarrow = () => this.layout();
    this.narrow.addEventListener('change', this.onNarrow);
  }

  setSelfStream(stream) {
    if (this.selfVideo.srcObject !== stream) this.selfVideo.srcObject = stream;
  }

  updateSelf(me, sharing) {
    this.selfMic.hidden = !me.audioMuted;
    this.selfTile.classList.toggle('video-muted', (me.videoMuted || !me.camera) && !sharing);
    this.selfTile.classList.toggle('sharing', !!sharing);
    this.selfInitial.textContent = (me.name || '?').trim().charAt(0).toUpperCase();
    this.selfName.textContent = `${me.name || t(`role.${me.role}`)} (${t('call.you')})`;
    this.selfVideo.setAttribute('aria-label', t('call.selfVideo'));
  }

  ensureTile(id) {
    if (this.tiles.has(id)) return this.tiles.get(id);
    const video = h('video', { autoplay: true, playsInline: true, class: 'remote-video' });
    video.setAttribute('playsinline', '');
    video.dataset.participant = id;
    const name = h('span', { class: 'name' });
    const role = h('span', { class: 'role' });
    const mic = h('span', { class: 'mic badge danger', hidden: true });
    const state = h('span', { class: 'state badge warn', hidden: true });
    const initial = h('span', { class: 'initial', 'aria-hidden': 'true' });
    const el = h('div', { class: 'tile remote', dataset: { participant: id } }, video,
      h('div', { class: 'cam-off' }, initial), state, h('div', { class: 'label' }, name, role, mic));
    // The tile takes the picture's own proportions; CSS fits that box into its cell.
    video.addEventListener('resize', () => this.fit(el, video));
    video.addEventListener('loadedmetadata', () => this.fit(el, video));
    const cell = h('div', { class: 'cell' }, el);
    this.remotes.append(cell);
    const tile = { cell, el, video, name, role, mic, state, initial };
    this.tiles.set(id, tile);
    this.layout();
    return tile;
  }

  fit(el, video) {
    if (video.videoWidth > 0 && video.videoHeight > 0) {
      // CSSOM writes are allowed by the CSP (only style attributes in markup are not).
      el.style.setProperty('--ar', String(video.videoWidth / video.videoHeight));
    }
  }

  attach(id, stream) {
    const tile = this.ensureTile(id);
    if (tile.video.srcObject !== stream) {
      tile.video.srcObject = stream;
      this.applySpeaker(tile.video);
      tile.video.play().catch(() => { /* autoplay policy: the user's next click starts it */ });
    }
  }

  updateTile(id, p, connectionState) {
    const tile = this.tiles.get(id);
    if (!tile || !p) return;
    const shown = p.name || t(`role.${p.role}`, {}, p.role);
    tile.name.textContent = shown;
    tile.video.setAttribute('aria-label', t('call.videoOf', { name: shown }));
    tile.role.textContent = p.name ? `· ${t(`role.${p.role}`, {}, p.role)}` : '';
    tile.mic.textContent = t(p.microphone === false ? 'call.noMicrophone' : 'call.muted');
    tile.mic.hidden = !p.audioMuted && p.microphone !== false;
    tile.el.dataset.audioMuted = String(!!p.audioMuted);
    tile.el.dataset.videoMuted = String(!!p.videoMuted);
    tile.el.classList.toggle('video-muted', (!!p.videoMuted || p.camera === false) && !p.screenSharing);
    tile.initial.textContent = (p.name || '?').trim().charAt(0).toUpperCase();
    const reconnecting = p.state === 'reconnecting' || ['disconnected', 'failed'].includes(connectionState);
    tile.state.hidden = !reconnecting;
    tile.state.textContent = t('call.state.reconnecting');
  }

  removeTile(id) {
    const tile = this.tiles.get(id);
    if (tile) tile.cell.remove();
    this.tiles.delete(id);
    this.layout();
  }

  clear() {
    for (const id of [...this.tiles.keys()]) this.removeTile(id);
  }

  /** One remote fills the stage; two sit side by side (stacked on a phone); three or four make a 2 × 2 grid. */
  layout(inCall = true) {
    const n = this.tiles.size;
    this.empty.hidden = n > 0 || !inCall;
    const phone = this.narrow.matches;
    const cols = n <= 1 ? 1 : n === 2 ? (phone ? 1 : 2) : 2;
    this.remotes.style.gridTemplateColumns = `repeat(${cols}, minmax(0, 1fr))`;
    this.el.dataset.count = String(n);
  }

  /** The speakers the user chose (where the browser lets a page choose). */
  setSpeaker(deviceId) {
    this.speakerId = deviceId || null;
    this.tiles.forEach((tile) => this.applySpeaker(tile.video));
  }

  applySpeaker(video) {
    if (this.speakerId && typeof video.setSinkId === 'function') video.setSinkId(this.speakerId).catch(() => {});
  }

  destroy() {
    this.narrow.removeEventListener('change', this.onNarrow);
  }
}
