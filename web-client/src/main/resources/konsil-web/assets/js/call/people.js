// The participant list: everyone in the call, then everyone waiting, with what a clinician needs to know at a glance
// (muted, camera off, joined without camera or microphone, reconnecting).
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';

function roleName(role) {
  return t(`role.${role}`, {}, role);
}

/** "no camera", "no microphone" or "no camera or microphone" for someone who joined without them; else null. */
export function deviceMark(p) {
  if (p.camera === false && p.microphone === false) return t('call.noDevices');
  if (p.camera === false) return t('call.noCamera');
  if (p.microphone === false) return t('call.noMicrophone');
  return null;
}

/**
 * @param {HTMLElement} list
 * @param {Roster} roster
 * @param {object} o  moderator, viaServer, connectionState(id), onKick(p), onAdmit(p), onDeny(p)
 */
export function renderPeople(list, roster, o) {
  clear(list);
  const me = roster.me;
  const rows = [{ ...me, self: true, state: 'in-call' }, ...roster.participants.values()];
  for (const p of rows) {
    const flags = [];
    if (p.moderator) flags.push(h('span', { class: 'badge' }, t('call.moderator')));
    const mark = deviceMark(p);
    if (mark) flags.push(h('span', { class: 'badge danger devices' }, mark));
    if (p.audioMuted && p.microphone !== false) flags.push(h('span', { class: 'badge danger' }, t('call.muted')));
    if (p.videoMuted && p.camera !== false) flags.push(h('span', { class: 'badge warn' }, t('call.cameraIsOff')));
    if (p.screenSharing) flags.push(h('span', { class: 'badge ok' }, t('call.sharing')));
    if (o.viaServer && p.consent) flags.push(h('span', { class: 'badge ok consent' }, t('call.rec.consented')));
    const conn = p.self ? null : o.connectionState(p.id);
    if (p.state === 'reconnecting' || conn === 'disconnected') flags.push(h('span', { class: 'badge warn' }, t('call.state.reconnecting')));
    const actions = [];
    if (o.moderator && !p.self) {
      actions.push(h('button', { type: 'button', class: 'secondary kick', onclick: () => o.onKick(p) }, t('call.remove')));
    }
    list.append(h('li', {
      dataset: {
        participant: p.id || 'me', role: p.role, audioMuted: String(!!p.audioMuted), videoMuted: String(!!p.videoMuted),
        state: p.state, camera: String(p.camera !== false), microphone: String(p.microphone !== false),
      },
    }, h('span', { class: 'name' }, p.name || roleName(p.role), p.self ? ` (${t('call.you')})` : '',
      h('br'), h('span', { class: 'role' }, roleName(p.role))), ...flags, ...actions));
  }
  for (const p of roster.knocking.values()) {
    const mark = deviceMark(p);
    list.append(h('li', { dataset: { participant: p.id, role: p.role, state: 'lobby', camera: String(p.camera !== false), microphone: String(p.microphone !== false) } },
      h('span', { class: 'name' }, p.name || roleName(p.role), h('br'), h('span', { class: 'role' }, `${roleName(p.role)} · ${t('call.inLobby')}`)),
      mark ? h('span', { class: 'badge danger devices' }, mark) : null,
      o.moderator ? h('button', { type: 'button', class: 'ok admit', onclick: () => o.onAdmit(p) }, t('call.admit')) : null,
      o.moderator ? h('button', { type: 'button', class: 'secondary deny', onclick: () => o.onDeny(p) }, t('call.deny')) : null));
  }
}
