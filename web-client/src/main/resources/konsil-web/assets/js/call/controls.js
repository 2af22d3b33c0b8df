// The call's toolbar: one row of icon buttons. Each toggle has one fixed name and tells its state by aria-pressed
// (a screen reader hears "Mute, toggle button, pressed"); on a phone the names are there for screen readers only.
import { h } from '../dom.js';
import { icon } from '../icons.js';

export class Controls {
  constructor(labels, actions) {
    const button = (id, key, iconName, onclick, cls = '') => {
      const txt = h('span', { class: 'txt' });
      labels.bind(txt, key);
      const b = h('button', { type: 'button', id, class: `control ${cls}`.trim(), onclick }, icon(iconName), txt);
      b.iconName = iconName;
      return b;
    };
    this.mic = button('btn-mic', 'call.mute', 'mic', actions.toggleAudio, 'toggle-off');
    this.cam = button('btn-cam', 'call.cameraOff', 'camera', actions.toggleVideo, 'toggle-off');
    this.share = button('btn-share', 'call.share', 'share', actions.toggleShare, 'toggle-on share');
    this.side = button('btn-side', 'call.chatAndPeople', 'chat', actions.toggleSide);
    this.unread = h('span', { class: 'badge danger unread', id: 'unread', hidden: true });
    this.side.append(this.unread);
    this.side.setAttribute('aria-controls', 'side');
    this.invite = button('btn-invite', 'call.invite', 'invite', actions.toggleInvite);
    // Calls through the media server only: recording consent (everyone) and recording (moderators).
    this.consent = button('btn-consent', 'call.rec.consentButton', 'consent', actions.toggleConsent, 'toggle-on');
    this.record = button('btn-record', 'call.rec.record', 'record', actions.toggleRecording, 'toggle-off record');
    this.hangup = button('btn-hangup', 'call.leave', 'leave', actions.hangup, 'danger');
    this.end = button('btn-end', 'call.endForAll', 'end', actions.endForAll, 'danger');
    [this.mic, this.cam, this.share, this.consent, this.record].forEach((b) => b.setAttribute('aria-pressed', 'false'));
    this.invite.hidden = true;
    this.consent.hidden = true;
    this.record.hidden = true;
    this.end.hidden = true;
    // Screen capture is a desktop feature; phones do not offer it.
    if (!navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia) this.share.hidden = true;
    this.el = h('div', { class: 'controls', role: 'toolbar', id: 'controls' },
      this.mic, this.cam, this.share, this.side, this.invite, this.consent, this.record, this.hangup, this.end);
    labels.bind(this.el, 'call.controls', 'label');
  }

  update({ me, sharing, moderator, sideOpen, unread, unreadLabel, viaServer, consented, recording }) {
    this.consent.hidden = !viaServer;
    this.setPressed(this.consent, consented, 'consent');
    this.record.hidden = !viaServer || !moderator;
    this.setPressed(this.record, recording, 'record');
    this.setPressed(this.mic, me.audioMuted, me.audioMuted ? 'micOff' : 'mic');
    this.setPressed(this.cam, me.videoMuted, me.videoMuted ? 'cameraOff' : 'camera');
    this.setPressed(this.share, sharing, 'share');
    // Someone who joined without a device cannot switch it on in the call; the button says so by being disabled.
    this.mic.disabled = !me.microphone;
    this.cam.disabled = !me.camera;
    this.invite.hidden = !moderator;
    this.end.hidden = !moderator;
    this.side.setAttribute('aria-expanded', String(!!sideOpen));
    this.unread.hidden = !unread;
    this.unread.textContent = unread ? String(unread) : '';
    if (unread) this.unread.setAttribute('aria-label', unreadLabel);
  }

  setPressed(button, pressed, iconName) {
    button.setAttribute('aria-pressed', String(!!pressed));
    if (button.iconName !== iconName) {
      button.querySelector('svg').replaceWith(icon(iconName));
      button.iconName = iconName;
    }
  }

  /** After the call ended: nothing here does anything any more. */
  disable() {
    this.el.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    this.el.hidden = true;
  }
}
