// The video stage: one tile per remote participant, fitted to its picture (never cropped, so a rash or a wound shows
// whole), and your own picture, which on a phone sits below the others instead of covering them.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export class Stage {
  constructor(labels) {
    this.labels = labels;
    this.activeId = null;
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
    const speaking = h('span', { class: 'speaking-badge badge ok', hidden: true });
    this.labels.bind(speaking, 'call.speaking');
        const el = h('div', { class: 'tile remote', dataset: { participant: id } }, video,
      h('div', { class: 'cam-off' }, initial), state, speaking, h('div', { class: 'label' }, name, role, mic));
    // The tile takes the picture's own proportions; CSS fits that box into its cell.
    video.addEventListener('resize', () => this.fit(el, video));
    video.addEventListener('loadedmetadata', () => this.fit(el, video));
    const cell = h('div', { class: 'cell' }, el);
    this.remotes.append(cell);
    const tile = { cell, el, video, name, role, mic, state, initial, speaking };
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
    if (this.activeId === id) this.activeId = null;
    this.layout();
  }

  clear() {
    for (const id of [...this.tiles.keys()]) this.removeTile(id);
  }

  /**
   * One remote fills the stage; two sit side by side (stacked on a phone); three or four make a 2 × 2 grid; up to
   * twelve (a call through the media server) make a grid of three or four columns, in which the active speaker's tile
   * takes a 2 × 2 block when there are five or more (on a phone: two columns, the speaker framed only).
   */
  layout(inCall = true) {
    const n = this.tiles.size;
    this.empty.hidden = n > 0 || !inCall;
    const phone = this.narrow.matches;
    let cols;
    if (phone) cols = n <= 2 ? 1 : 2;
    else if (n <= 1) cols = 1;
    else if (n <= 4) cols = 2;
    else if (n <= 9) cols = 3;
    else cols = 4;
    this.remotes.style.gridTemplateColumns = `repeat(${cols}, minmax(0, 1fr))`;
    this.el.dataset.count = String(n);
    const emphasis = n >= 5 && !phone;
    this.remotes.classList.toggle('with-speaker', emphasis && !!this.activeId && this.tiles.has(this.activeId));
    this.tiles.forEach((tile, id) => {
      const speaking = id === this.activeId;
      tile.el.classList.toggle('speaking', speaking);
      tile.cell.classList.toggle('speaker', speaking && emphasis);
      tile.speaking.hidden = !speaking;
    });
  }

  /** The active speaker (or null): framed, and given a bigger tile in a large call. */
  setActive(id) {
    this.activeId = id && this.tiles.has(id) ? id : null;
    this.layout();
  }

  /** The tile's rendered width (CSS px) and whether this is a phone, for the video layer it needs. */
  tileSize(id) {
    const tile = this.tiles.get(id);
    if (!tile) return null;
    return { width: tile.el.getBoundingClientRect().width, phone: this.narrow.matches };
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
