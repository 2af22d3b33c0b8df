// The call's chat: lines as text nodes only, the server's echo confirms our own line instead of repeating it, and an
// unread count while the panel is closed.
import { h, toast } from '../dom.js';
import { t, getLanguage } from '../i18n.js';

function timeOf(ts) {
  const time = new Date(typeof ts === 'number' ? ts : ts ? Date.parse(ts) : Date.now());
  return time.toLocaleTimeString(getLanguage() === 'nb' ? 'nb-NO' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}

export class Chat {
  /**
   * @param {object} o
   * @param {Labels} o.labels
   * @param {(msg: object) => void} o.send
   * @param {() => {id: string, name: string}} o.me
   * @param {(id: string) => string|null} o.nameOf
   * @param {() => boolean} o.visible  whether the panel is open
   * @param {(n: number) => void} o.onUnread
   */
  constructor(o) {
    this.o = o;
    this.pending = [];
    this.unread = 0;
    this.log = h('ul', { class: 'chat-log', id: 'chat-log', 'aria-live': 'polite' });
    this.input = h('input', { id: 'chat-input', autocomplete: 'off', maxlength: 2000 });
    o.labels.bind(this.input, 'call.chatPlaceholder', 'placeholder');
    o.labels.bind(this.input, 'call.chatMessage', 'label');
    const send = h('button', { type: 'submit', id: 'chat-send' });
    o.labels.bind(send, 'call.send');
    this.form = h('form', { class: 'chat-form', id: 'chat-form', onsubmit: (ev) => this.submit(ev) }, this.input, send);
    this.el = h('div', { class: 'chat' }, this.log, this.form);
  }

  submit(ev) {
    ev.preventDefault();
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.post(text);
  }

  /** Shows the line at once and sends it; the server's echo confirms it. */
  post(text) {
    const me = this.o.me();
    const li = this.line(me.name || t('call.you'), text, Date.now(), true);
    li.dataset.pending = 'true';
    this.pending.push({ text, li });
    this.o.send({ type: 'chat', text });
  }

  receive(msg) {
    const me = this.o.me();
    const fromId = msg.from && typeof msg.from === 'object' ? (msg.from.participantId || msg.from.id) : msg.from;
    if (fromId && fromId === me.id) {
      const i = this.pending.findIndex((c) => c.text === msg.text);
      if (i >= 0) {
        this.pending[i].li.dataset.pending = 'false';
        this.pending.splice(i, 1);
        return;
      }
    }
    const name = msg.fromName || msg.name || (msg.from && msg.from.name) || this.o.nameOf(fromId)
      || (fromId === me.id ? me.name : t('call.someone'));
    this.line(name, msg.text, msg.ts, fromId === me.id);
    if (!this.o.visible() && fromId !== me.id) {
      toast(`${name}: ${msg.text}`);
      this.unread += 1;
      this.o.onUnread(this.unread);
    }
  }

  seen() {
    this.unread = 0;
    this.o.onUnread(0);
  }

  line(name, text, ts, mine) {
    const li = h('li', { class: mine ? 'mine' : '' },
      h('div', { class: 'from' }, `${name} · ${timeOf(ts)}`),
      h('div', { class: 'text' }, text));
    this.log.append(li);
    this.log.scrollTop = this.log.scrollHeight;
    return li;
  }
}
