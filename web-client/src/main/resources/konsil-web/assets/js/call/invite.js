// A moderator invites someone into the running call (a colleague, an interpreter) with a short-lived link.
import { h, clear, toast } from '../dom.js';
import { t, getLanguage } from '../i18n.js';
import { api } from '../api.js';
import { getSession } from '../session.js';

function clock(iso) {
  return new Date(iso).toLocaleTimeString(getLanguage() === 'nb' ? 'nb-NO' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}

export class Invite {
  constructor({ room, jwt }) {
    this.room = room;
    this.jwt = jwt;
    this.el = h('div', { class: 'invite-box', id: 'invite-box', hidden: true });
  }

  toggle() {
    if (!this.el.hidden) {
      this.el.hidden = true;
      return false;
    }
    this.render();
    this.el.hidden = false;
    this.el.querySelector('select').focus();
    return true;
  }

  render() {
    clear(this.el);
    const roleSel = h('select', { id: 'invite-role' },
      ['specialist', 'interpreter', 'nurse', 'observer'].map((r) => h('option', { value: r }, t(`role.${r}`))));
    const nameIn = h('input', { id: 'invite-name', autocomplete: 'off', maxlength: 80 });
    const out = h('div', { id: 'invite-result' });
    const form = h('form', {
      onsubmit: async (ev) => {
        ev.preventDefault();
        clear(out);
        try {
          const token = (getSession() || {}).jwt || this.jwt;
          const body = { role: roleSel.value };
          if (nameIn.value.trim()) body.name = nameIn.value.trim();
          const res = await api(`/rooms/${encodeURIComponent(this.room)}/invites`, { method: 'POST', body, token });
          const link = h('input', { id: 'invite-url', readOnly: true, value: res.url });
          out.append(h('label', { for: 'invite-url' }, t('call.inviteLink', { time: clock(res.expiresAt) })), link,
            h('button', {
              type: 'button',
              class: 'secondary',
              onclick: async () => {
                link.select();
                try {
                  await navigator.clipboard.writeText(res.url);
                  toast(t('call.copied'));
                } catch {
                  toast(t('call.copyManually'));
                }
              },
            }, t('call.copy')));
          link.focus();
          link.select();
        } catch (e) {
          out.append(h('p', { class: 'notice error', role: 'alert' }, t('call.inviteFailed', { code: e.code || '' })));
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'invite-role' }, t('call.inviteRole')), roleSel),
    h('div', { class: 'field' }, h('label', { for: 'invite-name' }, t('call.inviteName')), nameIn),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'invite-create' }, t('call.inviteCreate'))));
    this.el.append(h('h3', {}, t('call.invite')), form, out);
  }
}
