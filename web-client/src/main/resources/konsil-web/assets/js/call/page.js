// The call page, opened as /{room}?jwt=TOKEN: check the link, pre-join, waiting room, the call, and how it ends.
// This module only sequences the phases and routes signaling frames; each job lives in its own module.
import { h, clear } from '../dom.js';
import { t, onLanguageChange } from '../i18n.js';
import { Signaling } from '../signaling.js';
import { userFromJwt } from '../session.js';
import { admittedTone } from '../sound.js';
import { Labels } from './labels.js';
import { Roster, normalize } from './roster.js';
import { LocalMedia, devicePrefs } from './media.js';
import { Mesh } from './mesh.js';
import { Sfu } from './sfu.js';
import { Speakers } from './speakers.js';
import { Recording } from './recording.js';
import { Stage } from './stage.js';
import { Chat } from './chat.js';
import { renderPeople } from './people.js';
import { Moderation } from './moderation.js';
import { Invite } from './invite.js';
import { Controls } from './controls.js';
import { Quality } from './stats.js';
import { wireBridge } from './embed.js';
import { prejoin } from './prejoin.js';
import { LobbyScreen } from './lobby.js';
import { endScreen, checkingScreen, kindForRefusal } from './screens.js';
import { confirmDialog } from '../dialog.js';

const FINAL = new Set(['ended', 'left', 'denied', 'failed']);

/** The handshake's preflight (same URL, no Upgrade): whether this link works, before any camera is opened. */
async function checkLink(room, jwt) {
  try {
    const res = await fetch(`/signal/${encodeURIComponent(room)}?jwt=${encodeURIComponent(jwt)}`, { cache: 'no-store' });
    const body = await res.json().catch(() => ({}));
    return res.ok ? { body } : { code: body.code || `http-${res.status}` };
  } catch {
    return { code: 'network' };
  }
}

export function startCall({
  root, room, jwt, embed, bridge, autoAdmit, displayName, startAudioMuted, startVideoMuted, quickJoin,
}) {
  const labels = new Labels();
  const claims = userFromJwt(jwt);
  const me = {
    id: null, name: displayName || claims.name || '', role: claims.role, moderator: claims.moderator,
    audioMuted: false, videoMuted: false, screenSharing: false, camera: true, microphone: true,
  };
  const roster = new Roster(me);
  const media = new LocalMedia();
  const signalingHistory = [];
  const signalingTimeline = [];
  /** The codes of the latest error frames, for support and tests. */
  const errors = [];
  let phase = 'checking';
  let signaling = null;
  let iceServers = [];
  let everJoined = false;
  let lobbyScreen = null;
  let view = null;
  let renameTo = displayName || null;
  let lobbyAt = null;
  let speakerId = null;
  let consultationInfo = null;
  /** 'mesh' (peer to peer) until the server moves the call to the media server ('sfu'); never back. */
  let mediaMode = 'mesh';
  let mediaServer = null;
  let activeSpeaker = null;
  // A test harness may ask (before the page loads) that only loopback candidates go to the media server: tests may
  // send media only to loopback addresses (docs/web-client.md "Test and diagnostics hooks").
  const loopbackOnly = !!(window.__konsilTest && window.__konsilTest.sfuLoopbackOnly);
  /** When each step of getting in happened (ms since the page started), for support and the suite's figures. */
  const marks = {};
  const mark = (name) => {
    if (!(name in marks)) marks[name] = Math.round(performance.now());
  };

  const bridgeEmit = (name, data) => {
    if (bridge) bridge.emit(name, data);
  };
  const send = (msg) => {
    if (signaling) signaling.send(msg);
  };

  const mesh = new Mesh({
    selfId: () => me.id,
    iceServers: () => iceServers,
    localStream: () => media.stream,
    outgoingVideo: () => (media.screen ? media.screen.getVideoTracks()[0] : media.cameraTrack),
    send,
    onStream: (id, stream) => {
      mark('first-remote-stream');
      // Once the media server carries someone, their tile keeps that picture while the mesh connection winds down.
      if (view && !sfu.has(id)) view.stage.attach(id, stream);
    },
    onState: (id) => {
      if (!view) return;
      view.stage.updateTile(id, roster.participants.get(id), connectionState(id));
      view.renderPeople();
    },
  });

  const sfu = new Sfu({
    send,
    iceServers: () => iceServers,
    localStream: () => media.stream,
    outgoingVideo: () => (media.screen ? media.screen.getVideoTracks()[0] : media.cameraTrack),
    server: () => mediaServer,
    candidateFilter: loopbackOnly ? (c) => / 127\.0\.0\.1 /.test(c.candidate) : null,
    onStream: (id, stream) => {
      mark('first-remote-stream');
      if (view && roster.participants.has(id)) view.stage.attach(id, stream);
    },
    onCarrying: (id) => {
      // Make before break: this person now reaches us through the media server; the direct connection can go.
      if (mesh.has(id)) mesh.remove(id);
      if ([...roster.participants.values()].every((p) => sfu.carrying(p.id) || !p.feed && !(p.camera || p.microphone))) {
        mark('sfu-all-decoding');
      }
      if (view) {
        view.stage.updateTile(id, roster.participants.get(id), connectionState(id));
        view.renderPeople();
      }
    },
    onState: (id) => {
      if (!view || !id) return;
      view.stage.updateTile(id, roster.participants.get(id), connectionState(id));
      view.renderPeople();
    },
    tileSize: (id) => (view ? view.stage.tileSize(id) : null),
  });

  /** The connection that carries someone now: the media server's once it does, else the mesh's. */
  function connectionState(id) {
    return sfu.connectionState(id) || mesh.connectionState(id);
  }

  const speakers = new Speakers(async () => {
    const levels = await mesh.levels();
    sfu.levels().forEach((level, id) => levels.set(id, Math.max(levels.get(id) || 0, level)));
    return levels;
  }, (id) => {
    activeSpeaker = id;
    if (view) view.stage.setActive(id);
    if (id) bridgeEmit('dominantSpeakerChanged', { id });
  });

  const recording = new Recording({
    labels,
    send,
    moderator: () => !!me.moderator,
    alert: (text) => showAlert(text),
    changed: (on, reason) => {
      bridgeEmit('recordingStatusChanged', { on, mode: 'file', reason: reason || undefined });
      updateControls();
    },
    consentChanged: () => renderAll(),
    asked: (req) => bridgeEmit('recordingConsentRequested', { by: req.by, name: req.name }),
    withoutConsent: () => [...roster.participants.values()].filter((p) => !p.consent),
  });

  // ---------- the call view (built when first let in) ----------

  function buildView() {
    const stage = new Stage(labels);
    const quality = new Quality(() => updateHead());
    const title = h('h1', { id: 'call-title' });
    const conn = h('span', { class: 'conn', 'data-state': 'connecting', id: 'conn-state', role: 'status' });
    const qualityEl = h('span', { class: 'quality', 'data-level': 'unknown', id: 'quality', role: 'img' }, h('i'), h('i'), h('i'));
    const count = h('span', { class: 'muted-call', id: 'count' });
    const head = h('header', { class: 'call-head' }, title, recording.indicator, conn, qualityEl, count);
    // Problems the user must read (a refused recording, someone who could not be let in): stays until dismissed.
    const alertText = h('span', { id: 'call-alert-text' });
    const alertClose = h('button', { type: 'button', class: 'secondary small', id: 'call-alert-close' });
    labels.bind(alertClose, 'app.dismiss');
    const alertBox = h('div', { class: 'call-alert', id: 'call-alert', role: 'alert', hidden: true }, alertText, alertClose);
    alertClose.addEventListener('click', () => {
      alertBox.hidden = true;
      alertBox.className = 'call-alert';
      alertText.textContent = '';
    });
    const peopleList = h('ul', { class: 'people', id: 'people' });
    const side = h('aside', { class: 'side', id: 'side', 'aria-labelledby': 'people-title' });
    const chat = new Chat({
      labels, send, me: () => me, nameOf: (id) => (roster.participants.get(id) || {}).name || null,
      visible: () => !side.hidden, onUnread: () => updateControls(),
    });
    const moderation = new Moderation({
      labels, roster, send, inCall: () => phase === 'in-call', changed: () => renderPeopleNow(), autoAdmit,
    });
    const invite = new Invite({ room, jwt });
    const controls = new Controls(labels, {
      toggleAudio: () => toggleAudio(),
      toggleVideo: () => toggleVideo(),
      toggleShare: () => toggleShare(),
      toggleSide: () => {
        side.hidden = !side.hidden;
        if (!side.hidden) {
          chat.seen();
          chat.input.focus();
        }
        updateControls();
      },
      toggleInvite: () => {
        side.hidden = false;
        invite.toggle();
        updateControls();
      },
      hangup: () => hangup(),
      endForAll: () => endForAll(true),
      toggleConsent: () => recording.toggleConsent(),
      toggleRecording: () => recording.toggleRecording(),
    });
    side.append(labels.bind(h('h2', { id: 'people-title' }), 'call.participants'), peopleList, moderation.messageForm,
      invite.el, recording.listSection, labels.bind(h('h2', { id: 'chat-title' }), 'call.chat'), chat.el);
    // On a phone the video gets the screen; chat and people open on demand.
    const narrow = window.matchMedia('(max-width: 720px)');
    side.hidden = narrow.matches;
    narrow.addEventListener('change', () => {
      side.hidden = narrow.matches;
      updateControls();
    });
    const el = h('div', { class: 'call', id: 'call' }, head, alertBox, moderation.bar, moderation.announce,
      h('div', { class: 'call-body' }, stage.el, side), controls.el);
    function renderPeopleNow() {
      renderPeople(peopleList, roster, {
        moderator: me.moderator,
        viaServer: mediaMode === 'sfu',
        connectionState: (id) => connectionState(id),
        onKick: (p) => moderation.kick(p),
        onAdmit: (p) => moderation.admit(p),
        onDeny: (p) => moderation.deny(p),
      });
    }
    return {
      el, stage, quality, title, conn, qualityEl, count, side, chat, moderation, controls, renderPeople: renderPeopleNow,
      alertBox, alertText,
    };
  }

  function showView() {
    if (!view) view = buildView();
    if (lobbyScreen) {
      lobbyScreen.destroy();
      lobbyScreen = null;
    }
    clear(root).append(view.el);
    document.body.classList.add('in-call');
    view.stage.setSelfStream(media.screen || media.stream);
    if (speakerId) view.stage.setSpeaker(speakerId);
    view.conn.dataset.state = signaling ? signaling.state : 'connecting';
    renderAll();
    view.title.setAttribute('tabindex', '-1');
    view.title.focus();
  }

  function showAlert(text) {
    if (!view) return;
    view.alertText.textContent = text;
    view.alertBox.className = 'call-alert notice error';
    view.alertBox.hidden = false;
  }

  function renderAll() {
    if (!view) return;
    me.consent = recording.consented;
    view.stage.updateSelf(me, !!media.screen);
    view.stage.tiles.forEach((tile, id) => view.stage.updateTile(id, roster.participants.get(id), connectionState(id)));
    view.stage.layout(phase === 'in-call');
    view.moderation.render();
    updateHead();
    updateControls();
  }

  function updateHead() {
    if (!view) return;
    const c = lobbyScreen ? null : consultationInfo;
    view.title.textContent = c && c.clinicianName && !me.moderator ? t('call.headingWith', { name: c.clinicianName }) : t('call.heading');
    view.count.textContent = t('call.count', { n: roster.count() });
    view.count.hidden = phase !== 'in-call';
    const q = view.quality;
    view.qualityEl.setAttribute('aria-label', t(`call.quality.${q.last.level}`, q.params()));
    view.qualityEl.title = view.qualityEl.getAttribute('aria-label');
    view.qualityEl.dataset.level = q.last.level;
    const s = signaling ? signaling.state : 'connecting';
    view.conn.textContent = t(`call.state.${s === 'idle' ? 'connecting' : s}`);
  }

  function updateControls() {
    if (!view) return;
    view.controls.update({
      me, sharing: !!media.screen, moderator: me.moderator, sideOpen: !view.side.hidden,
      unread: view.chat.unread, unreadLabel: t('call.unread', { n: view.chat.unread }),
      viaServer: mediaMode === 'sfu', consented: recording.consented, recording: recording.active,
    });
  }

  // ---------- signaling ----------

  function onSignalingState(state) {
    signalingHistory.push(state);
    signalingTimeline.push({ state, at: performance.now(), node: signaling ? signaling.node() : null });
    if (view) {
      view.conn.dataset.state = state;
      view.stage.banner.hidden = state !== 'reconnecting';
      updateHead();
    }
    if (state === 'failed' && !FINAL.has(phase)) {
      const info = signaling.closeInfo || {};
      const refusal = signaling.refusal;
      let kind = 'failed';
      if (refusal === 'replaced') kind = 'replaced';
      else if (refusal === 'room-full' || refusal === 'close-4009') kind = 'room-full';
      else if (!info.opened && !everJoined && refusal && !refusal.startsWith('close-')) kind = kindForRefusal(refusal);
      else if (!info.opened && !everJoined) kind = 'network';
      finish(kind, 'failed');
    }
  }

  function handle(msg) {
    switch (msg.type) {
      case 'welcome': return onWelcome(msg);
      case 'lobby': return onLobby(msg);
      case 'lobby-message':
        // Those waiting see it; moderators in the call are told what the waiting room now shows.
        if (lobbyScreen) return lobbyScreen.update({ message: msg });
        return view && view.moderation.shown(msg);
      case 'denied': return finish('denied', 'denied');
      case 'kicked': return finish('kicked', 'denied');
      case 'ended':
        if (msg.reason === 'node-shutdown') return undefined; // signaling.js rejoins; the banner shows meanwhile
        return finish(msg.by && msg.by === me.id ? 'ended-by-me' : 'ended', 'ended');
      case 'knocking':
        return view && view.moderation.onKnock(normalize(msg.participant || msg));
      case 'knock-ended':
        roster.knocking.delete(msg.participantId);
        return view && view.moderation.render();
      case 'participant-joined': return onJoined(normalize(msg.participant || msg));
      case 'participant-left': return onLeft(msg.participantId);
      case 'participant-updated': return onUpdated(msg);
      case 'offer':
      case 'answer': return onDescription(msg);
      case 'candidate': return onCandidate(msg);
      case 'chat': return view && view.chat.receive(msg);
      case 'media-mode': return onMediaMode(msg);
      case 'sfu-answer': return sfu.onAnswer(msg);
      case 'sfu-offer': return sfu.onOffer(msg);
      case 'sfu-candidate': return sfu.onCandidate(msg);
      case 'sfu-leg-closed': return sfu.onLegClosed(msg, () => [...roster.participants.values()]);
      case 'sfu-restart': return sfu.restart();
      case 'recording':
        recording.onFrame(msg);
        return renderAll();
      case 'recordings': return recording.onList(msg);
      case 'recording-consent-request': return recording.onRequest(msg);
      case 'error': return onError(msg);
      default: return undefined;
    }
  }

  function onLobby(msg) {
    if (msg.participantId) me.id = msg.participantId;
    if (phase === 'in-call') return;
    if (msg.consultation) consultationInfo = msg.consultation;
    if (phase !== 'lobby') {
      phase = 'lobby';
      lobbyAt = Date.now();
      lobbyScreen = new LobbyScreen({
        labels, me: () => me, stream: media.stream,
        toggleAudio: () => toggleAudio(), toggleVideo: () => toggleVideo(), leave: () => hangup(),
      });
      lobbyScreen.show(root);
      bridgeEmit('lobby', { position: msg.position });
    }
    lobbyScreen.update({ position: msg.position, consultation: msg.consultation, message: msg.message });
  }

  function onWelcome(msg) {
    const resumed = me.id && msg.participantId === me.id;
    if (me.id && !resumed && phase === 'in-call') {
      // The resume came too late (grace over): we are a new participant now, and the others closed their side of
      // every connection with our old id. Start the mesh afresh; as the newcomer we offer to everybody.
      for (const id of mesh.ids()) removePeer(id);
      if (view) view.stage.clear();
      roster.participants.clear();
      // The server let our old session go with its media legs and our recording consent.
      sfu.stop();
      recording.setConsented(false);
      phase = 'rejoining';
    }
    me.id = msg.participantId;
    if (msg.consultation) consultationInfo = msg.consultation;
    if (msg.moderator !== undefined) me.moderator = !!msg.moderator;
    if (msg.role) me.role = msg.role;
    iceServers = msg.iceServers || iceServers;
    try {
      sessionStorage.setItem('konsil.iceServers', JSON.stringify(iceServers));
    } catch { /* storage full or disabled: only the device check loses a hint */ }
    for (const raw of msg.participants || []) {
      const p = normalize(raw);
      if (p && p.id !== me.id) roster.upsert(p);
    }
    if (me.moderator && msg.lobby && Array.isArray(msg.lobby.waiting)) {
      roster.knocking.clear();
      for (const raw of msg.lobby.waiting) {
        const p = normalize(raw);
        if (p) roster.knock(p);
      }
    }
    if (msg.name && !renameTo && !me.name) me.name = msg.name;
    if (msg.media && msg.media.server) mediaServer = msg.media.server;
    if (msg.media && msg.media.mode === 'sfu') mediaMode = 'sfu';
    recording.welcome(msg);
    mark('welcome');
    const first = phase !== 'in-call';
    const fromLobby = phase === 'lobby';
    if (first) {
      phase = 'in-call';
      everJoined = true;
      showView();
      for (const c of msg.chat || []) view.chat.receive(c);
      if (fromLobby) admittedTone();
    }
    if (resumed && !first) {
      const present = new Set((msg.participants || []).map((x) => x.id));
      for (const id of [...roster.participants.keys()]) if (!present.has(id)) onLeft(id);
      send({ type: 'update', audioMuted: me.audioMuted, videoMuted: me.videoMuted, screenSharing: me.screenSharing });
      mesh.afterResume(present);
      sfu.afterResume([...roster.participants.values()]);
    } else {
      announceSelf();
    }
    if (mediaMode === 'sfu') {
      // Through the media server: a tile for everyone, media as their feeds come; no new peer connections.
      for (const id of roster.participants.keys()) view.stage.ensureTile(id);
      startSfu();
    } else {
      for (const id of roster.participants.keys()) ensurePeer(id);
    }
    if (first && !resumed) {
      view.quality.start({ samples: async () => [...await mesh.samples(), ...await sfu.samples()] });
      speakers.start();
      bridgeEmit('videoConferenceJoined', { roomName: room, id: me.id, displayName: me.name, role: me.role });
      for (const p of roster.participants.values()) bridgeEmit('participantJoined', { id: p.id, displayName: p.name, role: p.role });
    }
    renderAll();
    view.moderation.maybeAutoAdmit();
  }

  /** Once in the call: the name chosen at pre-join and the switches set before, for the others to see. */
  function announceSelf() {
    const update = { type: 'update' };
    if (renameTo) update.displayName = renameTo;
    if (me.audioMuted) update.audioMuted = true;
    if (me.videoMuted) update.videoMuted = true;
    if (Object.keys(update).length > 1) send(update);
  }

  function startSfu() {
    sfu.start();
    sfu.sync([...roster.participants.values()]);
    recording.setMode('sfu');
  }

  /** The call moves to the media server (one more than the mesh carries came in): for good, make before break. */
  function onMediaMode(msg) {
    if (msg.server) mediaServer = msg.server;
    if (msg.mode !== 'sfu' || mediaMode === 'sfu') return;
    mediaMode = 'sfu';
    mark('media-mode-sfu');
    bridgeEmit('mediaModeChanged', { mode: 'sfu', server: mediaServer });
    if (phase === 'in-call') startSfu();
    renderAll();
  }

  function ensurePeer(id) {
    // Through the media server no new peer connections are made; those of the mesh live on until the server carries.
    if (!me.id || phase !== 'in-call' || (mediaMode === 'sfu' && !mesh.has(id))) return null;
    const peer = mesh.ensure(id);
    view.stage.ensureTile(id);
    view.stage.updateTile(id, roster.participants.get(id), mesh.connectionState(id));
    return peer;
  }

  function removePeer(id) {
    mesh.remove(id);
    if (view) view.stage.removeTile(id);
  }

  function onJoined(p) {
    if (!p || !p.id || p.id === me.id) return;
    roster.knocking.delete(p.id);
    const isNew = roster.upsert({ ...p, state: p.state === 'reconnecting' ? 'reconnecting' : 'in-call' });
    // By convention the newcomer offers (docs/protocol.md); our peer is created when its offer arrives.
    if (phase === 'in-call' && isNew) bridgeEmit('participantJoined', { id: p.id, displayName: p.name, role: p.role });
    if (phase === 'in-call' && mediaMode === 'sfu' && view) {
      view.stage.ensureTile(p.id);
      sfu.sync([...roster.participants.values()]);
    }
    renderAll();
  }

  function onLeft(id) {
    if (!id) return;
    const { wasIn } = roster.remove(id);
    if (wasIn) {
      removePeer(id);
      sfu.sync([...roster.participants.values()]);
      bridgeEmit('participantLeft', { id });
    }
    renderAll();
  }

  function onUpdated(msg) {
    const p = normalize(msg.participant || msg);
    if (!p || !p.id || p.id === me.id) return;
    const cur = roster.get(p.id);
    if (!cur) return;
    // Only fields present in the frame change.
    const src = msg.participant || msg;
    for (const k of ['audioMuted', 'videoMuted', 'screenSharing', 'feed', 'consent']) if (k in src) cur[k] = !!src[k];
    if ('displayName' in src || 'name' in src) cur.name = src.displayName || src.name || cur.name;
    if ('state' in src) cur.state = src.state === 'reconnecting' ? 'reconnecting' : 'in-call';
    if (src.devices) {
      cur.camera = src.devices.camera !== false;
      cur.microphone = src.devices.microphone !== false;
    }
    if ('feed' in src) sfu.sync([...roster.participants.values()]);
    renderAll();
  }

  async function onDescription(msg) {
    if (!msg.from || phase !== 'in-call') return;
    if (mediaMode === 'sfu' && !mesh.has(msg.from)) return; // a late mesh offer: the media server carries them
    if (!roster.participants.has(msg.from)) roster.upsert({ id: msg.from, name: '', role: 'patient', state: 'in-call' });
    ensurePeer(msg.from);
    await mesh.description(msg, true);
  }

  async function onCandidate(msg) {
    if (mediaMode === 'sfu' && !mesh.has(msg.from)) return;
    if (phase === 'in-call') ensurePeer(msg.from);
    await mesh.candidate(msg, phase === 'in-call');
  }

  function onError(msg) {
    errors.push({ code: msg.code, id: msg.id || null });
    if (errors.length > 10) errors.shift();
    if (msg.code === 'room-full') {
      finish('room-full', 'failed');
      return;
    }
    if (msg.code === 'call-full') {
      // Refused at the door: this call is at its peer-to-peer limit and the node has no media server. In the call, a
      // moderator's "Let in" was refused for the same reason.
      if (phase === 'in-call') showAlert(t('call.callFullAdmit'));
      else finish('call-full', 'failed');
      return;
    }
    if (recording.onError(msg)) return;
    if (msg.code === 'resume-invalid') return;
    if (msg.code && msg.code.startsWith('participant-')) return; // a peer left mid-negotiation
    console.warn('konsil signaling error', msg.code, msg.message);
  }

  // ---------- own media ----------

  function toggleAudio() {
    if (!me.microphone) return;
    setAudioMuted(!me.audioMuted);
  }

  function setAudioMuted(muted) {
    me.audioMuted = !!muted;
    media.setAudioMuted(me.audioMuted);
    if (phase === 'in-call') send({ type: 'update', audioMuted: me.audioMuted });
    bridgeEmit('audioMuteStatusChanged', { muted: me.audioMuted });
    refreshOwn();
  }

  function toggleVideo() {
    if (!me.camera) return;
    setVideoMuted(!me.videoMuted);
  }

  function setVideoMuted(muted) {
    me.videoMuted = !!muted;
    media.setVideoMuted(me.videoMuted);
    if (phase === 'in-call') send({ type: 'update', videoMuted: me.videoMuted });
    bridgeEmit('videoMuteStatusChanged', { muted: me.videoMuted });
    refreshOwn();
  }

  function refreshOwn() {
    if (lobbyScreen) lobbyScreen.renderMedia();
    if (view) {
      view.stage.updateSelf(me, !!media.screen);
      view.renderPeople();
      updateControls();
    }
  }

  async function toggleShare() {
    if (phase !== 'in-call') return;
    if (media.screen) {
      stopShare();
      return;
    }
    let track;
    try {
      track = await media.startShare(() => stopShare());
    } catch {
      view.moderation.announce.textContent = t('call.shareFailed');
      return;
    }
    mesh.replaceVideo(track);
    sfu.replaceVideo(track);
    view.stage.setSelfStream(media.screen);
    me.screenSharing = true;
    send({ type: 'update', screenSharing: true });
    bridgeEmit('screenSharingStatusChanged', { on: true });
    refreshOwn();
  }

  function stopShare() {
    if (!media.screen) return;
    media.stopShare();
    mesh.replaceVideo(media.cameraTrack);
    sfu.replaceVideo(media.cameraTrack);
    if (view) view.stage.setSelfStream(media.stream);
    me.screenSharing = false;
    send({ type: 'update', screenSharing: false });
    bridgeEmit('screenSharingStatusChanged', { on: false });
    refreshOwn();
  }

  // ---------- leaving and ending ----------

  function stopEverything() {
    if (view) view.quality.stop();
    speakers.stop();
    sfu.stop();
    if (signaling) signaling.close();
    for (const id of mesh.ids()) removePeer(id);
    media.stop();
    if (lobbyScreen) {
      lobbyScreen.destroy();
      lobbyScreen = null;
    }
  }

  /** The call is over for us: say why and offer what helps. */
  function finish(kind, newPhase) {
    if (FINAL.has(phase)) return;
    const wasIn = phase === 'in-call';
    phase = newPhase;
    stopEverything();
    if (view) {
      view.controls.disable();
      view.stage.destroy();
    }
    endScreen(root, kind, { role: me.role, embed, labels, onRetry: () => location.reload() });
    if (wasIn) bridgeEmit('videoConferenceLeft', { roomName: room });
    bridgeEmit('readyToClose', {});
  }

  function hangup() {
    if (FINAL.has(phase)) return;
    if (signaling) signaling.send({ type: 'leave' });
    finish('left', 'left');
  }

  async function endForAll(ask) {
    if (!me.moderator || phase !== 'in-call') return;
    if (ask) {
      const ok = await confirmDialog({
        title: t('call.endConfirmTitle'), text: t('call.endConfirmText'), confirmLabel: t('call.endForAll'), cancelLabel: t('call.cancel'),
      });
      if (!ok) return;
    }
    send({ type: 'end' });
  }

  // Closing the tab or the frame: leave at once, so the others do not see "reconnecting" for the grace period.
  window.addEventListener('pagehide', () => {
    if (signaling && !FINAL.has(phase)) signaling.leaveNow();
    media.stop();
  });
  window.addEventListener('beforeunload', (ev) => {
    if (!embed && (phase === 'lobby' || phase === 'in-call')) {
      ev.preventDefault();
      ev.returnValue = '';
    }
  });

  // ---------- start ----------

  const offLang = onLanguageChange(() => {
    labels.applyAll();
    if (lobbyScreen) lobbyScreen.render();
    renderAll();
  });

  async function begin() {
    checkingScreen(root, labels);
    mark('start');
    const link = await checkLink(room, jwt);
    mark('link-checked');
    if (link.code) {
      finish(kindForRefusal(link.code), 'failed');
      return;
    }
    const lobby = !!link.body.lobby;
    if (!me.name && link.body.user && link.body.user.name) me.name = link.body.user.name;
    const tokenName = me.name;
    const prefs = devicePrefs.load();
    let choices = null;
    if (embed || quickJoin) {
      await media.open({ cameraId: prefs.cameraId, microphoneId: prefs.microphoneId });
      const problem = media.problems.camera || media.problems.microphone;
      // Embedded, the portal owns the screens; from the agenda's "Let in" a working camera is all that is asked.
      if (embed || !problem) {
        choices = { name: me.name, audioMuted: !!startAudioMuted, videoMuted: !!startVideoMuted, speakerId: prefs.speakerId };
      }
    }
    if (!choices) {
      phase = 'prejoin';
      choices = await prejoin(root, {
        labels, media, name: me.name, lobby, startAudioMuted, startVideoMuted, room, jwt,
      });
    }
    mark('devices-ready');
    me.name = choices.name;
    if (choices.name !== tokenName) renameTo = choices.name;
    me.camera = !!media.cameraTrack;
    me.microphone = !!media.micTrack;
    me.audioMuted = me.microphone ? !!choices.audioMuted : true;
    me.videoMuted = me.camera ? !!choices.videoMuted : true;
    media.setAudioMuted(me.audioMuted);
    media.setVideoMuted(me.videoMuted);
    if (me.audioMuted) bridgeEmit('audioMuteStatusChanged', { muted: true });
    if (me.videoMuted) bridgeEmit('videoMuteStatusChanged', { muted: true });
    phase = 'joining';
    checkingScreen(root, labels, 'call.joiningTitle', 'call.joiningText');
    signaling = new Signaling({
      room, jwt, devices: { camera: me.camera, microphone: me.microphone }, onMessage: handle, onState: onSignalingState,
    });
    speakerId = choices.speakerId;
    signaling.connect();
  }

  const ready = begin();

  const controller = {
    ready,
    /** For support and tests: what the page knows, read-only. */
    state: () => ({
      phase,
      participantId: me.id,
      lobbyAt,
      marks: { ...marks },
      signaling: signaling ? signaling.state : 'idle',
      node: signaling ? signaling.node() : null,
      nodes: signaling ? [...signaling.nodes.known] : [],
      signalingHistory: [...signalingHistory],
      signalingTimeline: signalingTimeline.map((x) => ({ ...x })),
      participants: [...roster.participants.values()].map((p) => ({ ...p })),
      knocking: [...roster.knocking.values()].map((p) => ({ ...p })),
      peers: mesh.describe(),
      media: { mode: mediaMode, server: mediaServer },
      sfu: sfu.describe(),
      activeSpeaker,
      errors: errors.map((e) => ({ ...e })),
      recording: {
        active: recording.active,
        consented: recording.consented,
        count: recording.list.length,
        list: recording.list.map((r) => ({ ...r })),
        lastRequest: recording.lastRequest ? { ...recording.lastRequest } : null,
      },
      quality: view ? view.quality.last : { level: 'unknown', rtt: null, loss: 0 },
      me: { ...me },
    }),
    /**
     * Who is at the far end of each of our connections (diagnostics: the media server, or a peer): the fingerprint in
     * the remote SDP and the one of the DTLS certificate the far end presented (null until DTLS is up).
     */
    remoteFingerprints: async () => {
      const out = {};
      const all = [...mesh.ids().map((id) => [`mesh:${id}`, mesh.get(id).pc]), ...sfu.connections().map(([k, pc]) => [`sfu:${k}`, pc])];
      for (const [key, pc] of all) {
        const sdp = pc.remoteDescription ? (/a=fingerprint:\S+ (\S+)/.exec(pc.remoteDescription.sdp) || [])[1] || null : null;
        let dtls = null;
        try {
          const stats = await pc.getStats();
          stats.forEach((r) => {
            const cert = r.type === 'transport' && r.remoteCertificateId ? stats.get(r.remoteCertificateId) : null;
            if (cert) dtls = cert.fingerprint;
          });
        } catch { /* closed meanwhile */ }
        out[key] = { sdp, dtls };
      }
      return out;
    },
    /** Bytes sent and received so far over every media connection (diagnostics and the benchmarks). */
    traffic: async () => {
      const out = { bytesSent: 0, bytesReceived: 0, connections: 0 };
      const all = [...mesh.ids().map((id) => mesh.get(id).pc), ...sfu.connections().map(([, pc]) => pc)];
      for (const pc of all) {
        out.connections += 1;
        try {
          (await pc.getStats()).forEach((r) => {
            if (r.type === 'outbound-rtp') out.bytesSent += r.bytesSent || 0;
            if (r.type === 'inbound-rtp') out.bytesReceived += r.bytesReceived || 0;
          });
        } catch { /* closed meanwhile */ }
      }
      return out;
    },
    /** Whether leaving would interrupt something (the waiting room or the call). */
    active: () => phase === 'lobby' || phase === 'in-call',
    toggleAudio,
    toggleVideo,
    toggleShare,
    hangup,
    endForAll,
    rename: (name) => {
      if (!name) return;
      me.name = name;
      renameTo = name;
      if (phase === 'in-call') send({ type: 'update', displayName: name });
      refreshOwn();
      bridgeEmit('displayNameChange', { id: me.id, displayname: name });
    },
    record: (on) => {
      if (phase === 'in-call' && me.moderator && mediaMode === 'sfu') send({ type: 'record', on: !!on });
    },
    askConsent: () => {
      if (phase === 'in-call' && me.moderator && mediaMode === 'sfu') recording.requestConsent();
    },
    chat: (text) => {
      if (phase === 'in-call' && text) view.chat.post(text);
    },
    destroy: () => {
      offLang();
      hangup();
    },
    // Test controls; main.js hands them out only to a page whose test harness asked before it loaded.
    testControls: {
      dropSignaling: (offlineMs) => signaling && signaling.drop(offlineMs),
      restartIce: () => mesh.restartIce(),
    },
  };
  if (bridge) wireBridge(bridge, controller);
  return controller;
}
