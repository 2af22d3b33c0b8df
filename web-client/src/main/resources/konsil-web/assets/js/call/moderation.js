// What a moderator does about the lobby: the knock bar (with a sound, so a clinician reading notes hears it), letting
// in, turning away (asked first), removing someone (asked first), "Let in" from the agenda, and a message to those
// waiting ("running ten minutes late").
import { h, clear, toast } from '../dom.js';
import { t } from '../i18n.js';
import { confirmDialog } from '../dialog.js';
import { deviceMark } from './people.js';
import { knockTone } from '../sound.js';

export class Moderation {
  /**
   * @param {object} o
   * @param {Labels} o.labels
   * @param {Roster} o.roster
   * @param {(msg: object) => void} o.send
   * @param {() => boolean} o.inCall
   * @param {() => void} o.changed  re-render the people list
   * @param {{userId?: string, name?: string}|null} o.autoAdmit  from the agenda's "Let in"
   */
  constructor(o) {
    this.o = o;
    this.autoAdmit = o.autoAdmit || null;
    this.bar = h('div', { id: 'knocks', class: 'knocks' });
    this.announce = h('p', { class: 'sr-only', id: 'knock-announce', role: 'status' });
    this.messageInput = h('input', { id: 'lobby-message-input', maxlength: 280, autocomplete: 'off' });
    o.labels.bind(this.messageInput, 'call.lobbyMessagePlaceholder', 'placeholder');
    const label = h('label', { for: 'lobby-message-input' });
    o.labels.bind(label, 'call.lobbyMessageLabel');
    const sendBtn = h('button', { type: 'submit', class: 'secondary', id: 'lobby-message-send' });
    o.labels.bind(sendBtn, 'call.send');
    this.messageOut = h('p', { class: 'muted', id: 'lobby-message-sent', role: 'status' });
    this.messageForm = h('form', { class: 'lobby-message-form', id: 'lobby-message-form', hidden: true, onsubmit: (ev) => this.sendMessage(ev) },
      label, h('div', { class: 'inline' }, this.messageInput, sendBtn), this.messageOut);
  }

  get moderator() {
    return !!this.o.roster.me.moderator;
  }

  onKnock(p) {
    if (!p || !p.id) return;
    this.o.roster.knock(p);
    this.render();
    const name = p.name || t(`role.${p.role}`, {}, p.role);
    const mark = deviceMark(p);
    this.announce.textContent = t('call.knockToast', { name }) + (mark ? ` (${mark})` : '');
    toast(this.announce.textContent);
    knockTone();
    this.maybeAutoAdmit();
  }

  admit(p) {
    this.o.send({ type: 'admit', participantId: p.id });
  }

  async deny(p) {
    const name = p.name || t(`role.${p.role}`, {}, p.role);
    const ok = await confirmDialog({
      title: t('call.denyConfirmTitle', { name }), text: t('call.denyConfirmText'),
      confirmLabel: t('call.deny'), cancelLabel: t('call.cancel'),
    });
    if (!ok || !this.o.roster.knocking.has(p.id)) return;
    this.o.send({ type: 'deny', participantId: p.id });
    this.o.roster.knocking.delete(p.id);
    this.render();
  }

  async kick(p) {
    const name = p.name || t(`role.${p.role}`, {}, p.role);
    const ok = await confirmDialog({
      title: t('call.kickConfirmTitle', { name }), text: t('call.kickConfirmText'),
      confirmLabel: t('call.remove'), cancelLabel: t('call.cancel'),
    });
    if (ok) this.o.send({ type: 'kick', participantId: p.id });
  }

  /** "Let in" on the agenda opened this call: admit that patient, matched by the knock's user id. */
  maybeAutoAdmit() {
    if (!this.autoAdmit || !this.moderator || !this.o.inCall()) return;
    const waiting = [...this.o.roster.knocking.values()];
    const want = this.autoAdmit;
    const match = waiting.find((p) => want.userId && p.userId === want.userId)
      || waiting.find((p) => want.name && p.name === want.name)
      || (waiting.length === 1 ? waiting[0] : null);
    if (match) {
      this.admit(match);
      this.autoAdmit = null;
    }
  }

  sendMessage(ev) {
    ev.preventDefault();
    const text = this.messageInput.value.trim();
    if (!text) return;
    this.o.send({ type: 'lobby-message', text });
    this.messageInput.value = '';
    // Shown at once; the server's lobby-message to moderators confirms it.
    this.shown({ text });
  }

  /** The message the waiting room shows now, whoever of the moderators sent it (empty: none). */
  shown(msg) {
    this.messageOut.textContent = msg && msg.text ? t('call.lobbyMessageSent', { text: msg.text }) : '';
  }

  render() {
    clear(this.bar);
    // Only while someone waits is there anyone to read it.
    this.messageForm.hidden = !this.moderator || this.o.roster.knocking.size === 0;
    if (!this.moderator) {
      this.o.changed();
      return;
    }
    for (const p of this.o.roster.knocking.values()) {
      const mark = deviceMark(p);
      this.bar.append(h('div', { class: 'knock', dataset: { participant: p.id } },
        h('span', { class: 'name' }, p.name || t(`role.${p.role}`, {}, p.role)),
        h('span', {}, t('call.isWaiting', { role: t(`role.${p.role}`, {}, p.role) })),
        mark ? h('span', { class: 'badge danger devices' }, mark) : null,
        h('button', { type: 'button', class: 'ok admit', onclick: () => this.admit(p) }, t('call.admit')),
        h('button', { type: 'button', class: 'secondary deny', onclick: () => this.deny(p) }, t('call.deny'))));
    }
    this.o.changed();
  }
}
