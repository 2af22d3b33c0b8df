// The call page: lobby, mesh video, chat, participants, moderation, reconnect. Opened as /{room}?jwt=TOKEN.
import { h, clear, toast } from './dom.js';
import { t, onLanguageChange, getLanguage } from './i18n.js';
import { Signaling } from './signaling.js';
import { Peer, qualityLevel } from './peers.js';
import { userFromJwt, getSession } from './session.js';
import { api } from './api.js';

function uiLocale() {
  return getLanguage() === 'nb' ? 'nb-NO' : 'en-GB';
}

const ROLE_KEYS = ['patient', 'gp', 'specialist', 'nurse', 'interpreter', 'observer', 'admin'];

/** Participant as the server describes it, tolerant of naming (docs/protocol.md). */
function normalize(p) {
  if (!p) return null;
  return {
    id: p.participantId || p.id,
    userId: p.userId || (p.user && p.user.id) || null,
    name: p.displayName || p.name || '',
    role: p.role || 'patient',
    moderator: !!p.moderator,
    audioMuted: !!p.audioMuted,
    videoMuted: !!p.videoMuted,
    screenSharing: !!p.screenSharing,
    // The server says connected | reconnecting for people in the call; the lobby is tracked separately.
    state: p.state === 'reconnecting' ? 'reconnecting' : 'in-call',
  };
}

export function startCall({ root, room, jwt, embed, bridge, autoAdmit: autoAdmitWanted, displayName, startAudioMuted, startVideoMuted }) {
  let autoAdmit = autoAdmitWanted || null;
  const claims = userFromJwt(jwt);
  const me = {
    id: null,
    name: displayName || claims.name || '',
    role: claims.role,
    moderator: claims.moderator,
    audioMuted: false,
    videoMuted: false,
    screenSharing: false,
  };
  const participants = new Map();
  const knocking = new Map();
  const peers = new Map();
  const tiles = new Map();
  const labels = [];
  let phase = 'joining';
  let iceServers = [];
  let localStream = null;
  let cameraTrack = null;
  let screenStream = null;
  let statsTimer = null;
  let lastQuality = { level: 'unknown', rtt: null, loss: 0 };
  const pendingChat = [];
  let everJoined = false;
  const signalingHistory = [];
  const signalingTimeline = [];

  // Labels that follow the language switch.
  function L(el, key, kind = 'text', params) {
    labels.push({ el, key, kind, params });
    applyLabel({ el, key, kind, params });
    return el;
  }
  function applyLabel({ el, key, kind, params }) {
    const text = t(key, typeof params === 'function' ? params() : params);
    if (kind === 'text') el.textContent = text;
    else if (kind === 'label') {
      el.setAttribute('aria-label', text);
      el.title = text;
    } else if (kind === 'placeholder') el.placeholder = text;
  }
  const offLang = onLanguageChange(() => {
    labels.forEach(applyLabel);
    updateSelf();
    renderPeople();
    renderKnocks();
    tiles.forEach((tile, id) => updateTile(id));
    updateHead();
    if (overlayArgs) showOverlay(...overlayArgs);
  });

  // ---------- layout ----------
  const connBadge = h('span', { class: 'conn', 'data-state': 'connecting', id: 'conn-state', role: 'status' });
  const qualityEl = h('span', { class: 'quality', 'data-level': 'unknown', id: 'quality', role: 'img' }, h('i'), h('i'), h('i'));
  const countEl = h('span', { class: 'muted-call', id: 'count' });
  const head = h('div', { class: 'call-head' },
    h('span', { class: 'room' }, room), connBadge, qualityEl, countEl);
  const knocksEl = h('div', { id: 'knocks', 'aria-live': 'polite' });
  const stage = h('div', { class: 'stage', id: 'stage' });
  const selfVideo = h('video', { autoplay: true, muted: true, playsInline: true, id: 'self-video' });
  selfVideo.setAttribute('playsinline', '');
  const selfLabel = h('span', { class: 'name' });
  const selfMic = h('span', { class: 'mic badge danger', hidden: true });
  const selfTile = h('div', { class: 'tile self', id: 'self-tile' }, selfVideo,
    h('div', { class: 'cam-off' }, h('span', { class: 'initial' })),
    h('div', { class: 'label' }, selfLabel, selfMic));
  L(selfMic, 'call.muted');
  const emptyStage = h('div', { class: 'empty-stage', id: 'empty-stage', hidden: true });
  L(emptyStage, 'call.waitingForOthers');
  const overlay = h('div', { class: 'overlay', id: 'overlay', hidden: true });
  const banner = h('div', { class: 'banner', id: 'reconnecting-banner', hidden: true, role: 'alert' });
  L(banner, 'call.reconnecting');
  stage.append(emptyStage, selfTile, overlay, banner);

  const peopleList = h('ul', { class: 'people', id: 'people' });
  const chatLog = h('ul', { class: 'chat-log', id: 'chat-log', 'aria-live': 'polite' });
  const chatInput = h('input', { id: 'chat-input', autocomplete: 'off', maxlength: 2000 });
  L(chatInput, 'call.chatPlaceholder', 'placeholder');
  L(chatInput, 'call.chatMessage', 'label');
  const chatSend = h('button', { type: 'submit', id: 'chat-send' });
  L(chatSend, 'call.send');
  const chatForm = h('form', { class: 'chat-form', id: 'chat-form', onsubmit: onChatSubmit }, chatInput, chatSend);
  // Chat is for people in the call; the server refuses it from the lobby.
  chatInput.disabled = true;
  chatSend.disabled = true;
  const inviteBox = h('div', { class: 'invite-box', id: 'invite-box', hidden: true });
  const sideTitlePeople = L(h('h2', { id: 'people-title' }), 'call.participants');
  const sideTitleChat = L(h('h2', { id: 'chat-title' }), 'call.chat');
  const side = h('aside', { class: 'side', id: 'side' },
    sideTitlePeople, peopleList, inviteBox, sideTitleChat, h('div', { class: 'chat' }, chatLog, chatForm));
  side.setAttribute('aria-labelledby', 'people-title');
  // On a phone the video gets the screen; chat and people open on demand.
  const narrow = window.matchMedia('(max-width: 720px)');
  side.hidden = narrow.matches;
  narrow.addEventListener('change', () => {
    side.hidden = narrow.matches;
    layoutStage();
    sideBtn.setAttribute('aria-expanded', String(!side.hidden));
  });

  function controlButton(id, key, onclick, cls = '') {
    const b = h('button', { type: 'button', id, class: cls, onclick });
    const txt = h('span', { class: 'txt' });
    L(txt, key);
    b.append(txt);
    b.labelEl = txt;
    return b;
  }
  const micBtn = controlButton('btn-mic', 'call.mute', () => toggleAudio(), 'toggle-off');
  micBtn.setAttribute('aria-pressed', 'false');
  const camBtn = controlButton('btn-cam', 'call.cameraOff', () => toggleVideo(), 'toggle-off');
  camBtn.setAttribute('aria-pressed', 'false');
  const shareBtn = controlButton('btn-share', 'call.share', () => toggleShare(), 'toggle-on');
  shareBtn.setAttribute('aria-pressed', 'false');
  if (!navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia) shareBtn.hidden = true;
  const sideBtn = controlButton('btn-side', 'call.chatAndPeople', () => {
    side.hidden = !side.hidden;
    sideBtn.setAttribute('aria-expanded', String(!side.hidden));
    if (!side.hidden) chatInput.focus();
  });
  let unread = 0;
  const unreadBadge = h('span', { class: 'badge danger unread', id: 'unread', hidden: true });
  sideBtn.append(unreadBadge);
  sideBtn.addEventListener('click', () => {
    if (!side.hidden) {
      unread = 0;
      unreadBadge.hidden = true;
    }
  });
  sideBtn.setAttribute('aria-controls', 'side');
  sideBtn.setAttribute('aria-expanded', String(!side.hidden));
  const inviteBtn = controlButton('btn-invite', 'call.invite', () => toggleInvite());
  const hangupBtn = controlButton('btn-hangup', 'call.leave', () => hangup(), 'danger');
  const endBtn = controlButton('btn-end', 'call.endForAll', () => endForAll(), 'danger');
  inviteBtn.hidden = true;
  endBtn.hidden = true;
  const controls = h('div', { class: 'controls', role: 'toolbar', id: 'controls' },
    micBtn, camBtn, shareBtn, sideBtn, inviteBtn, hangupBtn, endBtn);
  L(controls, 'call.controls', 'label');

  const view = h('div', { class: 'call', id: 'call' }, h('div', {}, head, knocksEl),
    h('div', { class: 'call-body' }, stage, side), controls);
  clear(root).append(view);
  document.body.classList.add('in-call');

  // ---------- signaling ----------
  const signaling = new Signaling({
    room,
    jwt,
    onMessage: handle,
    onState: onSignalingState,
  });

  function send(msg) {
    signaling.send(msg);
  }

  function onSignalingState(state) {
    signalingHistory.push(state);
    signalingTimeline.push({ state, at: performance.now() });
    connBadge.dataset.state = state;
    connBadge.textContent = t(`call.state.${state}`);
    banner.hidden = state !== 'reconnecting';
    if (state === 'failed' && phase !== 'ended' && phase !== 'denied' && phase !== 'left') {
      const info = signaling.closeInfo || {};
      if (signaling.refusal === 'replaced') showOverlay('call.replacedTitle', 'call.replacedText', true);
      else if (signaling.refusal === 'room-full') showOverlay('call.fullTitle', 'call.fullText', true);
      else {
        showOverlay(info.opened || everJoined ? 'call.failedTitle' : 'call.refusedTitle',
          info.opened || everJoined ? 'call.failedText' : 'call.refusedText', true);
      }
      phase = 'failed';
      stopMedia();
    }
  }

  function handle(msg) {
    switch (msg.type) {
      case 'welcome': return onWelcome(msg);
      case 'resumed': return onResumed(msg);
      case 'lobby': return onLobby(msg);
      case 'admitted': return onAdmitted(msg);
      case 'denied': return onTerminal('denied', 'call.deniedTitle', 'call.deniedText');
      case 'kicked': return onTerminal('denied', 'call.kickedTitle', 'call.kickedText');
      case 'ended':
        if (msg.reason === 'node-shutdown') return undefined; // signaling.js rejoins; the banner shows meanwhile
        return onTerminal('ended', 'call.endedTitle', 'call.endedText');
      case 'knocking': return onKnocking(msg);
      case 'participant-joined': return onJoined(normalize(msg.participant || msg));
      case 'participant-left': return onLeft(msg.participantId || (msg.participant && (msg.participant.participantId || msg.participant.id)) || msg.id);
      case 'participant-updated': return onUpdated(normalize(msg.participant || msg), msg);
      case 'knock-ended': {
        knocking.delete(msg.participantId);
        renderKnocks();
        renderPeople();
        return undefined;
      }
      case 'offer':
      case 'answer': return onDescription(msg);
      case 'candidate': return onCandidate(msg);
      case 'chat': return onChat(msg);
      case 'error': return onError(msg);
      default: return undefined;
    }
  }

  function onWelcome(msg) {
    const resumed = me.id && msg.participantId === me.id;
    if (me.id && !resumed && phase === 'in-call') {
      // The resume came too late (grace over): we are a new participant now, and the others closed their side of
      // every connection with our old id. Start the mesh afresh; as the newcomer we offer to everybody.
      closeAllPeers();
      participants.clear();
      phase = 'rejoining';
    }
    me.id = msg.participantId;
    if (msg.moderator !== undefined) me.moderator = !!msg.moderator;
    if (msg.role) me.role = msg.role;
    iceServers = msg.iceServers || iceServers;
    try {
      sessionStorage.setItem('konsil.iceServers', JSON.stringify(iceServers));
    } catch { /* storage full or disabled: only the device check loses a hint */ }
    inviteBtn.hidden = !me.moderator;
    endBtn.hidden = !me.moderator;
    for (const raw of msg.participants || []) {
      const p = normalize(raw);
      if (!p || p.id === me.id) continue;
      participants.set(p.id, { ...participants.get(p.id), ...p });
    }
    if (me.moderator && msg.lobby && Array.isArray(msg.lobby.waiting)) {
      knocking.clear();
      for (const raw of msg.lobby.waiting) {
        const p = normalize(raw);
        if (p) knocking.set(p.id, { ...p, state: 'lobby' });
      }
    }
    if (msg.name && !displayName) me.name = msg.name;
    // welcome means "in the call" (joined directly, admitted, or resumed); history only once per page.
    if (phase !== 'in-call') for (const c of msg.chat || []) onChat(c);
    if (resumed && phase === 'in-call') {
      // Others present now; drop peers of those who left while we were away.
      const present = new Set((msg.participants || []).map((x) => x.id));
      for (const id of [...participants.keys()]) if (!present.has(id)) onLeft(id);
      afterResume();
    } else {
      enterCall();
    }
    updateSelf();
    if (me.name && displayName) send({ type: 'update', displayName: me.name });
    renderKnocks();
    renderPeople();
    updateHead();
    maybeAutoAdmit();
  }

  function onResumed(msg) {
    if (msg.participants) {
      for (const raw of msg.participants) {
        const p = normalize(raw);
        if (p && p.id !== me.id && p.state !== 'lobby') participants.set(p.id, { ...participants.get(p.id), ...p });
      }
    }
    afterResume();
  }

  /** Our signaling came back: media may have survived; restart ICE where it did not, and re-announce our state. */
  function afterResume() {
    send({ type: 'update', audioMuted: me.audioMuted, videoMuted: me.videoMuted, screenSharing: me.screenSharing });
    for (const [id, peer] of peers) {
      if (!participants.has(id)) {
        removePeer(id);
        continue;
      }
      const s = peer.pc.connectionState;
      if (s !== 'connected' && s !== 'connecting' && s !== 'new') peer.restartIce();
    }
    for (const id of participants.keys()) ensurePeer(id);
    renderPeople();
  }

  function onLobby(msg) {
    if (msg.participantId) me.id = msg.participantId;
    if (phase === 'in-call') return;
    phase = 'lobby';
    stage.classList.add('in-lobby');
    const pos = msg.position;
    showOverlay('call.lobbyTitle', 'call.lobbyText', false, typeof pos === 'number' ? pos : null);
    bridgeEmit('lobby', { position: pos });
  }

  function onAdmitted(msg) {
    for (const raw of msg.participants || []) {
      const p = normalize(raw);
      if (p && p.id !== me.id && p.state !== 'lobby') participants.set(p.id, p);
    }
    enterCall();
    renderPeople();
  }

  function enterCall() {
    const first = phase !== 'in-call';
    stage.classList.remove('in-lobby');
    chatInput.disabled = false;
    chatSend.disabled = false;
    phase = 'in-call';
    everJoined = true;
    hideOverlay();
    for (const id of participants.keys()) ensurePeer(id);
    updateHead();
    if (first) {
      startStats();
      bridgeEmit('videoConferenceJoined', { roomName: room, id: me.id, displayName: me.name, role: me.role });
      for (const p of participants.values()) bridgeEmit('participantJoined', { id: p.id, displayName: p.name, role: p.role });
    }
  }

  function onTerminal(newPhase, titleKey, textKey) {
    const wasIn = phase === 'in-call';
    phase = newPhase;
    signaling.close();
    closeAllPeers();
    stopMedia();
    showOverlay(titleKey, textKey, true);
    if (wasIn) bridgeEmit('videoConferenceLeft', { roomName: room });
    bridgeEmit('readyToClose', {});
  }

  function onKnocking(msg) {
    const p = normalize(msg.participant || msg);
    if (!p || !p.id) return;
    p.state = 'lobby';
    knocking.set(p.id, p);
    renderKnocks();
    renderPeople();
    toast(t('call.knockToast', { name: p.name || t(`role.${p.role}`) }));
    knockTone();
    maybeAutoAdmit();
  }

  /** Two soft notes, so that a clinician looking at notes hears that someone is waiting. */
  let toneCtx = null;
  function knockTone() {
    try {
      toneCtx = toneCtx || new AudioContext();
      const now = toneCtx.currentTime;
      [660, 880].forEach((f, i) => {
        const osc = toneCtx.createOscillator();
        const gain = toneCtx.createGain();
        osc.frequency.value = f;
        gain.gain.setValueAtTime(0.0001, now + i * 0.18);
        gain.gain.exponentialRampToValueAtTime(0.08, now + i * 0.18 + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
        osc.connect(gain).connect(toneCtx.destination);
        osc.start(now + i * 0.18);
        osc.stop(now + i * 0.18 + 0.17);
      });
    } catch { /* no audio output: the bar and the toast still show */ }
  }

  /** "Let in" from the agenda opens the call with the patient to admit, matched by the knock's user id. */
  function maybeAutoAdmit() {
    if (!autoAdmit || !me.moderator || phase !== 'in-call') return;
    const waiting = [...knocking.values()];
    const match = waiting.find((p) => autoAdmit.userId && p.userId === autoAdmit.userId)
      || waiting.find((p) => autoAdmit.name && p.name === autoAdmit.name)
      || (waiting.length === 1 ? waiting[0] : null);
    if (match) {
      admit(match.id);
      autoAdmit = null;
    }
  }

  function onJoined(p) {
    if (!p || !p.id || p.id === me.id) return;
    knocking.delete(p.id);
    if (p.state === 'lobby') {
      if (me.moderator) knocking.set(p.id, p);
      renderKnocks();
      renderPeople();
      return;
    }
    const known = participants.has(p.id);
    participants.set(p.id, { ...participants.get(p.id), ...p, state: 'in-call' });
    renderKnocks();
    renderPeople();
    updateHead();
    // By convention the newcomer offers (docs/protocol.md); our peer is created when its offer arrives.
    if (phase === 'in-call' && !known) bridgeEmit('participantJoined', { id: p.id, displayName: p.name, role: p.role });
  }

  function onLeft(id) {
    if (!id) return;
    if (knocking.delete(id)) renderKnocks();
    if (participants.delete(id)) {
      removePeer(id);
      bridgeEmit('participantLeft', { id });
    }
    renderPeople();
    updateHead();
  }

  function onUpdated(p, raw) {
    if (!p || !p.id) return;
    if (p.id === me.id) return;
    const cur = participants.get(p.id) || knocking.get(p.id);
    if (!cur) return;
    // Only fields present in the frame change.
    const src = raw.participant || raw;
    for (const k of ['audioMuted', 'videoMuted', 'screenSharing']) if (k in src) cur[k] = !!src[k];
    if ('displayName' in src || 'name' in src) cur.name = src.displayName || src.name || cur.name;
    if ('state' in src) cur.state = src.state === 'reconnecting' ? 'reconnecting' : 'in-call';
    renderPeople();
    renderKnocks();
    updateTile(p.id);
  }

  function onError(msg) {
    if (msg.code === 'room-full') {
      onTerminal('denied', 'call.fullTitle', 'call.fullText');
      return;
    }
    if (msg.code === 'resume-invalid') return;
    if (msg.code && msg.code.startsWith('participant-')) return; // a peer left mid-negotiation
    console.warn('konsil signaling error', msg.code, msg.message);
  }

  // ---------- media ----------
  function politeTowards(remoteId) {
    return String(me.id) > String(remoteId);
  }

  function ensurePeer(id) {
    if (peers.has(id) || !me.id || phase !== 'in-call') return peers.get(id);
    const peer = new Peer({
      remoteId: id,
      polite: politeTowards(id),
      iceServers,
      localStream,
      send,
      onStream: (stream) => attachStream(id, stream),
      onConnectionState: () => {
        updateTile(id);
        renderPeople();
      },
    });
    peers.set(id, peer);
    if (screenStream) peer.replaceVideo(screenStream.getVideoTracks()[0]);
    ensureTile(id);
    return peer;
  }

  function removePeer(id) {
    const peer = peers.get(id);
    if (peer) peer.close();
    peers.delete(id);
    const tile = tiles.get(id);
    if (tile) tile.el.remove();
    tiles.delete(id);
    layoutStage();
  }

  function closeAllPeers() {
    for (const id of [...peers.keys()]) removePeer(id);
  }

  async function onDescription(msg) {
    const from = msg.from;
    if (!from || phase !== 'in-call') return;
    if (!participants.has(from)) participants.set(from, { id: from, name: '', role: 'patient', state: 'in-call' });
    const peer = ensurePeer(from);
    if (!peer) return;
    try {
      await peer.onDescription(msg.description || { type: msg.type, sdp: msg.sdp });
    } catch (e) {
      console.warn('konsil: description failed', e);
    }
  }

  async function onCandidate(msg) {
    const peer = peers.get(msg.from) || (phase === 'in-call' ? ensurePeer(msg.from) : null);
    if (peer) await peer.onCandidate(msg.candidate);
  }

  function ensureTile(id) {
    if (tiles.has(id)) return tiles.get(id);
    const video = h('video', { autoplay: true, playsInline: true, class: 'remote-video' });
    video.setAttribute('playsinline', '');
    video.dataset.participant = id;
    const name = h('span', { class: 'name' });
    const mic = h('span', { class: 'mic badge danger', hidden: true });
    const role = h('span', { class: 'role' });
    const state = h('span', { class: 'state badge warn', hidden: true });
    const initial = h('span', { class: 'initial' });
    const el = h('div', { class: 'tile remote', dataset: { participant: id } }, video,
      h('div', { class: 'cam-off' }, initial), state, h('div', { class: 'label' }, name, role, mic));
    stage.insertBefore(el, selfTile);
    const tile = { el, video, name, mic, role, state, initial };
    tiles.set(id, tile);
    updateTile(id);
    layoutStage();
    return tile;
  }

  function attachStream(id, stream) {
    const tile = ensureTile(id);
    if (tile.video.srcObject !== stream) {
      tile.video.srcObject = stream;
      tile.video.play().catch(() => { /* autoplay policy: the user's next click starts it */ });
    }
  }

  function updateTile(id) {
    const tile = tiles.get(id);
    const p = participants.get(id);
    if (!tile || !p) return;
    tile.name.textContent = p.name || t(`role.${p.role}`);
    tile.video.setAttribute('aria-label', t('call.videoOf', { name: p.name || roleName(p.role) }));
    tile.role.textContent = p.name ? `· ${roleName(p.role)}` : '';
    tile.mic.textContent = t('call.muted');
    tile.mic.hidden = !p.audioMuted;
    tile.mic.dataset.muted = String(!!p.audioMuted);
    tile.el.dataset.audioMuted = String(!!p.audioMuted);
    tile.el.dataset.videoMuted = String(!!p.videoMuted);
    tile.el.classList.toggle('video-muted', !!p.videoMuted && !p.screenSharing);
    tile.initial.textContent = (p.name || '?').trim().charAt(0).toUpperCase();
    const peer = peers.get(id);
    const reconnecting = p.state === 'reconnecting' || (peer && ['disconnected', 'failed'].includes(peer.pc.connectionState));
    tile.state.hidden = !reconnecting;
    tile.state.textContent = t('call.state.reconnecting');
  }

  /** One remote fills the stage; two sit side by side (stacked on a phone); three or four make a 2 × 2 grid. */
  function layoutStage() {
    const n = tiles.size;
    emptyStage.hidden = n > 0 || phase !== 'in-call';
    const phone = window.matchMedia('(max-width: 720px)').matches;
    const cols = n <= 1 ? 1 : n === 2 ? (phone ? 1 : 2) : 2;
    // CSSOM writes are allowed by the CSP (only style attributes in markup are not).
    stage.style.gridTemplateColumns = `repeat(${cols}, minmax(0, 1fr))`;
    stage.dataset.count = String(n);
  }

  function roleName(role) {
    return ROLE_KEYS.includes(role) ? t(`role.${role}`) : role;
  }

  async function startLocalMedia() {
    const attempts = [
      { audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 } } },
      { audio: true, video: false },
      { audio: false, video: true },
    ];
    let lastError = null;
    for (const constraints of attempts) {
      try {
        localStream = await navigator.mediaDevices.getUserMedia(constraints);
        break;
      } catch (e) {
        lastError = e;
      }
    }
    if (!localStream) {
      localStream = new MediaStream();
      mediaNotice(lastError);
    }
    cameraTrack = localStream.getVideoTracks()[0] || null;
    selfVideo.srcObject = localStream;
    if (!cameraTrack) {
      me.videoMuted = true;
      camBtn.disabled = true;
    }
    if (!localStream.getAudioTracks().length) {
      me.audioMuted = true;
      micBtn.disabled = true;
    }
    if (embedStart.audioMuted) setAudioMuted(true);
    if (embedStart.videoMuted) setVideoMuted(true);
    updateSelf();
  }

  function mediaNotice(error) {
    const name = error && error.name;
    const key = name === 'NotAllowedError' ? 'check.fix.denied'
      : name === 'NotFoundError' ? 'check.fix.notFound'
        : name === 'NotReadableError' ? 'check.fix.busy' : 'check.fix.other';
    toast(t(key));
  }

  function stopMedia() {
    clearInterval(statsTimer);
    if (localStream) localStream.getTracks().forEach((tr) => tr.stop());
    if (screenStream) screenStream.getTracks().forEach((tr) => tr.stop());
  }

  function setAudioMuted(muted) {
    me.audioMuted = muted;
    localStream.getAudioTracks().forEach((tr) => { tr.enabled = !muted; });
    updateSelf();
    send({ type: 'update', audioMuted: muted });
    bridgeEmit('audioMuteStatusChanged', { muted });
  }

  function setVideoMuted(muted) {
    me.videoMuted = muted;
    if (cameraTrack) cameraTrack.enabled = !muted;
    updateSelf();
    send({ type: 'update', videoMuted: muted });
    bridgeEmit('videoMuteStatusChanged', { muted });
  }

  function toggleAudio() {
    if (!localStream || !localStream.getAudioTracks().length) return;
    setAudioMuted(!me.audioMuted);
  }

  function toggleVideo() {
    if (!cameraTrack) return;
    setVideoMuted(!me.videoMuted);
  }

  async function toggleShare() {
    if (screenStream) {
      stopShare();
      return;
    }
    try {
      screenStream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch {
      toast(t('call.shareFailed'));
      return;
    }
    const track = screenStream.getVideoTracks()[0];
    track.onended = () => stopShare();
    for (const peer of peers.values()) peer.replaceVideo(track);
    selfVideo.srcObject = screenStream;
    me.screenSharing = true;
    updateSelf();
    send({ type: 'update', screenSharing: true });
    bridgeEmit('screenSharingStatusChanged', { on: true });
  }

  function stopShare() {
    if (!screenStream) return;
    screenStream.getTracks().forEach((tr) => tr.stop());
    screenStream = null;
    for (const peer of peers.values()) peer.replaceVideo(cameraTrack);
    selfVideo.srcObject = localStream;
    me.screenSharing = false;
    updateSelf();
    send({ type: 'update', screenSharing: false });
    bridgeEmit('screenSharingStatusChanged', { on: false });
  }

  function updateSelf() {
    micBtn.setAttribute('aria-pressed', String(me.audioMuted));
    micBtn.labelEl.textContent = t(me.audioMuted ? 'call.unmute' : 'call.mute');
    camBtn.setAttribute('aria-pressed', String(me.videoMuted));
    camBtn.labelEl.textContent = t(me.videoMuted ? 'call.cameraOn' : 'call.cameraOff');
    shareBtn.setAttribute('aria-pressed', String(me.screenSharing));
    shareBtn.labelEl.textContent = t(me.screenSharing ? 'call.stopShare' : 'call.share');
    selfMic.hidden = !me.audioMuted;
    selfTile.classList.toggle('video-muted', me.videoMuted && !me.screenSharing);
    selfTile.classList.toggle('sharing', me.screenSharing);
    selfTile.querySelector('.initial').textContent = (me.name || '?').charAt(0).toUpperCase();
    selfLabel.textContent = `${me.name || t(`role.${me.role}`)} (${t('call.you')})`;
    selfVideo.setAttribute('aria-label', t('call.selfVideo'));
    renderPeople();
  }

  // ---------- people, knocks, chat, invite ----------
  function admit(id) {
    send({ type: 'admit', participantId: id });
  }

  function deny(id) {
    send({ type: 'deny', participantId: id });
    knocking.delete(id);
    renderKnocks();
    renderPeople();
  }

  function renderKnocks() {
    clear(knocksEl);
    if (!me.moderator) return;
    for (const p of knocking.values()) {
      knocksEl.append(h('div', { class: 'knock', dataset: { participant: p.id } },
        h('span', { class: 'name' }, p.name || roleName(p.role)),
        h('span', {}, t('call.isWaiting', { role: roleName(p.role) })),
        h('button', { type: 'button', class: 'ok admit', onclick: () => admit(p.id) }, t('call.admit')),
        h('button', { type: 'button', class: 'secondary deny', onclick: () => deny(p.id) }, t('call.deny'))));
    }
  }

  function renderPeople() {
    clear(peopleList);
    const rows = [{ ...me, self: true, state: 'in-call' }, ...participants.values()];
    for (const p of rows) {
      const flags = [];
      if (p.moderator) flags.push(h('span', { class: 'badge' }, t('call.moderator')));
      if (p.audioMuted) flags.push(h('span', { class: 'badge danger' }, t('call.muted')));
      if (p.videoMuted) flags.push(h('span', { class: 'badge warn' }, t('call.cameraIsOff')));
      if (p.screenSharing) flags.push(h('span', { class: 'badge ok' }, t('call.sharing')));
      const peer = peers.get(p.id);
      if (p.state === 'reconnecting' || (peer && peer.pc.connectionState === 'disconnected')) {
        flags.push(h('span', { class: 'badge warn' }, t('call.state.reconnecting')));
      }
      const actions = [];
      if (me.moderator && !p.self) {
        actions.push(h('button', { type: 'button', class: 'secondary kick', onclick: () => send({ type: 'kick', participantId: p.id }) },
          t('call.remove')));
      }
      peopleList.append(h('li', {
        dataset: { participant: p.id || 'me', role: p.role, audioMuted: String(!!p.audioMuted), videoMuted: String(!!p.videoMuted), state: p.state },
      }, h('span', { class: 'name' }, p.name || roleName(p.role), p.self ? ` (${t('call.you')})` : '',
        h('br'), h('span', { class: 'role' }, roleName(p.role))), ...flags, ...actions));
    }
    for (const p of knocking.values()) {
      peopleList.append(h('li', { dataset: { participant: p.id, role: p.role, state: 'lobby' } },
        h('span', { class: 'name' }, p.name || roleName(p.role), h('br'), h('span', { class: 'role' }, `${roleName(p.role)} · ${t('call.inLobby')}`)),
        me.moderator ? h('button', { type: 'button', class: 'ok admit', onclick: () => admit(p.id) }, t('call.admit')) : null,
        me.moderator ? h('button', { type: 'button', class: 'secondary deny', onclick: () => deny(p.id) }, t('call.deny')) : null));
    }
  }

  function updateHead() {
    countEl.textContent = t('call.count', { n: participants.size + 1 });
    countEl.hidden = phase !== 'in-call';
    qualityEl.setAttribute('aria-label', t(`call.quality.${lastQuality.level}`, qualityParams()));
    qualityEl.title = qualityEl.getAttribute('aria-label');
    qualityEl.dataset.level = lastQuality.level;
    connBadge.textContent = t(`call.state.${signaling.state === 'idle' ? 'connecting' : signaling.state}`);
  }

  function qualityParams() {
    return {
      rtt: lastQuality.rtt == null ? '–' : Math.round(lastQuality.rtt * 1000),
      loss: (lastQuality.loss * 100).toFixed(1),
    };
  }

  function onChatSubmit(ev) {
    ev.preventDefault();
    const text = chatInput.value.trim();
    if (!text) return;
    chatInput.value = '';
    const li = addChatLine(me.name || t('call.you'), text, Date.now(), true);
    li.dataset.pending = 'true';
    pendingChat.push({ text, li });
    send({ type: 'chat', text });
  }

  function onChat(msg) {
    const fromId = msg.from && typeof msg.from === 'object' ? (msg.from.participantId || msg.from.id) : msg.from;
    if (fromId && fromId === me.id) {
      // The server echoes our own line to us; confirm the optimistic one instead of repeating it.
      const i = pendingChat.findIndex((c) => c.text === msg.text);
      if (i >= 0) {
        pendingChat[i].li.dataset.pending = 'false';
        pendingChat.splice(i, 1);
        return;
      }
    }
    const p = participants.get(fromId);
    const name = msg.fromName || msg.name || (msg.from && msg.from.name) || (p && p.name) || (fromId === me.id ? me.name : t('call.someone'));
    addChatLine(name, msg.text, msg.ts, fromId === me.id);
    if (side.hidden && fromId !== me.id) {
      toast(`${name}: ${msg.text}`);
      unread += 1;
      unreadBadge.textContent = String(unread);
      unreadBadge.hidden = false;
      unreadBadge.setAttribute('aria-label', t('call.unread', { n: unread }));
    }
  }

  function addChatLine(name, text, ts, mine) {
    const time = new Date(typeof ts === 'number' ? ts : ts ? Date.parse(ts) : Date.now());
    const li = h('li', { class: mine ? 'mine' : '' },
      h('div', { class: 'from' }, `${name} · ${time.toLocaleTimeString(uiLocale(), { hour: '2-digit', minute: '2-digit' })}`),
      h('div', { class: 'text' }, text));
    chatLog.append(li);
    chatLog.scrollTop = chatLog.scrollHeight;
    return li;
  }

  function toggleInvite() {
    if (!inviteBox.hidden) {
      inviteBox.hidden = true;
      return;
    }
    side.hidden = false;
    clear(inviteBox);
    const roleSel = h('select', { id: 'invite-role' },
      h('option', { value: 'specialist' }, t('role.specialist')),
      h('option', { value: 'interpreter' }, t('role.interpreter')),
      h('option', { value: 'nurse' }, t('role.nurse')),
      h('option', { value: 'observer' }, t('role.observer')));
    const nameIn = h('input', { id: 'invite-name', autocomplete: 'off', maxlength: 80 });
    const out = h('div', { id: 'invite-result' });
    const form = h('form', {
      onsubmit: async (ev) => {
        ev.preventDefault();
        clear(out);
        try {
          const token = (getSession() || {}).jwt || jwt;
          const body = { role: roleSel.value };
          if (nameIn.value.trim()) body.name = nameIn.value.trim();
          const res = await api(`/rooms/${encodeURIComponent(room)}/invites`, { method: 'POST', body, token });
          const link = h('input', { id: 'invite-url', readOnly: true, value: res.url });
          out.append(h('label', { for: 'invite-url' }, t('call.inviteLink', { time: new Date(res.expiresAt).toLocaleTimeString(uiLocale(), { hour: '2-digit', minute: '2-digit' }) })), link,
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
          out.append(h('p', { class: 'notice error' }, t('call.inviteFailed', { code: e.code || '' })));
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'invite-role' }, t('call.inviteRole')), roleSel),
    h('div', { class: 'field' }, h('label', { for: 'invite-name' }, t('call.inviteName')), nameIn),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'invite-create' }, t('call.inviteCreate'))));
    inviteBox.append(form, out);
    inviteBox.hidden = false;
    roleSel.focus();
  }

  // ---------- overlay ----------
  let overlayArgs = null;
  function showOverlay(titleKey, textKey, final, position) {
    overlayArgs = [titleKey, textKey, final, position];
    clear(overlay);
    const box = h('div', { class: 'box' },
      h('h1', { id: 'overlay-title' }, t(titleKey)),
      typeof position === 'number' ? h('div', { class: 'pos', id: 'lobby-position', 'aria-label': t('call.position', { n: position }) }, String(position)) : null,
      typeof position === 'number' ? h('p', {}, t('call.position', { n: position })) : null,
      h('p', {}, t(textKey)));
    overlay.dataset.kind = titleKey;
    if (final) {
      const actions = h('div', { class: 'actions centered' });
      if (phase !== 'ended' && phase !== 'denied') {
        actions.append(h('button', { type: 'button', id: 'rejoin', onclick: () => location.reload() }, t('call.rejoin')));
      }
      if (!embed) actions.append(h('a', { class: 'button secondary', href: '/#/' }, t('call.backHome')));
      box.append(actions);
    }
    overlay.append(box);
    overlay.hidden = false;
    overlay.setAttribute('role', final ? 'alertdialog' : 'status');
    overlay.setAttribute('aria-labelledby', 'overlay-title');
    const focusable = overlay.querySelector('button, a');
    if (focusable) focusable.focus();
  }

  function hideOverlay() {
    overlayArgs = null;
    overlay.hidden = true;
    clear(overlay);
    layoutStage();
  }

  // ---------- leaving ----------
  function hangup() {
    const wasIn = phase === 'in-call';
    phase = 'left';
    send({ type: 'leave' });
    signaling.close();
    closeAllPeers();
    stopMedia();
    showOverlay('call.leftTitle', 'call.leftText', true);
    if (wasIn) bridgeEmit('videoConferenceLeft', { roomName: room });
    bridgeEmit('readyToClose', {});
  }

  function endForAll() {
    if (!me.moderator) return;
    send({ type: 'end' });
  }

  // ---------- stats ----------
  function startStats() {
    clearInterval(statsTimer);
    statsTimer = setInterval(async () => {
      const samples = [];
      for (const peer of peers.values()) {
        try {
          samples.push(await peer.quality());
        } catch { /* peer closed meanwhile */ }
      }
      const level = qualityLevel(samples);
      const rtts = samples.map((s) => s.rtt).filter((x) => x != null);
      lastQuality = { level, rtt: rtts.length ? Math.max(...rtts) : null, loss: samples.length ? Math.max(...samples.map((s) => s.loss)) : 0 };
      updateHead();
    }, 2000);
  }

  // ---------- IFrame API bridge ----------
  function bridgeEmit(name, data) {
    if (bridge) bridge.emit(name, data);
  }
  const embedStart = { audioMuted: !!startAudioMuted, videoMuted: !!startVideoMuted };
  if (bridge) {
    bridge.onCommand((name, args) => {
      switch (name) {
        case 'toggleAudio': return toggleAudio();
        case 'toggleVideo': return toggleVideo();
        case 'toggleShareScreen': return toggleShare();
        case 'hangup': return hangup();
        case 'displayName': {
          me.name = String(args[0] || '').slice(0, 80);
          updateSelf();
          renderPeople();
          send({ type: 'update', displayName: me.name });
          return bridgeEmit('displayNameChange', { id: me.id, displayname: me.name });
        }
        case 'sendChatMessage': return send({ type: 'chat', text: String(args[0] || '') });
        case 'endConference': return endForAll();
        default: return undefined;
      }
    });
    bridge.onRequest((name) => {
      if (name === 'isAudioMuted') return me.audioMuted;
      if (name === 'isVideoMuted') return me.videoMuted;
      if (name === 'getParticipantsInfo') return [...participants.values()].map((p) => ({ participantId: p.id, displayName: p.name, role: p.role }));
      return null;
    });
  }

  // ---------- start ----------
  updateSelf();
  renderPeople();
  updateHead();
  showOverlay('call.joiningTitle', 'call.joiningText', false);
  const ready = startLocalMedia().then(() => signaling.connect());

  const api_ = {
    ready,
    state: () => ({
      phase,
      participantId: me.id,
      signaling: signaling.state,
      signalingHistory: [...signalingHistory],
      signalingTimeline: signalingTimeline.map((x) => ({ ...x })),
      participants: [...participants.values()].map((p) => ({ ...p })),
      knocking: [...knocking.values()].map((p) => ({ ...p })),
      peers: [...peers.entries()].map(([id, p]) => ({
        id,
        connectionState: p.pc.connectionState,
        signalingState: p.pc.signalingState,
        iceUfrag: ((p.pc.localDescription && p.pc.localDescription.sdp.match(/a=ice-ufrag:(\S+)/)) || [])[1] || null,
      })),
      quality: lastQuality,
      me: { ...me },
    }),
    dropSignaling: (offlineMs) => signaling.drop(offlineMs),
    restartIce: () => peers.forEach((p) => p.restartIce()),
    hangup,
    destroy: () => {
      offLang();
      hangup();
      document.body.classList.remove('in-call');
    },
  };
  return api_;
}
