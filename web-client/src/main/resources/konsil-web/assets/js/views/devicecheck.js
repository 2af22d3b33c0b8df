// Device check before a call: camera preview, microphone level, speaker tone, browser support, connectivity.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { startMeter, testTone } from '../meter.js';

function fixFor(error) {
  const name = error && error.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'check.fix.denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'check.fix.notFound';
  if (name === 'NotReadableError' || name === 'AbortError') return 'check.fix.busy';
  return 'check.fix.other';
}

export function deviceCheckView(root, { query }) {
  const pending = query.get('join') ? JSON.parse(sessionStorage.getItem('konsil.pendingJoin') || 'null') : null;
  root.append(h('h1', {}, t('check.title')), h('p', { class: 'muted' }, t('check.intro')));
  const video = h('video', { class: 'preview', id: 'preview', autoplay: true, muted: true, playsInline: true });
  video.setAttribute('aria-label', t('check.preview'));
  const meterBar = h('span', { id: 'mic-level' });
  const meter = h('div', { class: 'meter', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0, 'aria-label': t('check.micLevel') }, meterBar);
  const checks = h('ul', { class: 'checks', id: 'checks' });
  const rows = {};
  for (const key of ['browser', 'camera', 'microphone', 'speaker', 'signaling', 'turn']) {
    const badge = h('span', { class: 'badge', dataset: { check: key } }, t('check.pending'));
    const detail = h('div', { class: 'fix' });
    rows[key] = { badge, detail };
    checks.append(h('li', { dataset: { check: key } }, badge, h('div', { class: 'main' }, h('div', {}, t(`check.item.${key}`)), detail)));
  }
  function set(key, level, detailText) {
    const r = rows[key];
    r.badge.className = `badge ${level === 'ok' ? 'ok' : level === 'warn' ? 'warn' : level === 'fail' ? 'danger' : ''}`;
    r.badge.dataset.result = level;
    r.badge.textContent = t(`check.result.${level}`);
    r.detail.textContent = detailText || '';
  }
  const toneBtn = h('button', { type: 'button', class: 'secondary', id: 'tone' }, t('check.playTone'));
  const retryBtn = h('button', { type: 'button', class: 'secondary', id: 'retry' }, t('check.retry'));
  const joinBtn = pending ? h('a', { class: 'button ok', id: 'join-call', href: `/${encodeURIComponent(pending.room)}?jwt=${encodeURIComponent(pending.jwt)}` }, t('check.join')) : null;
  root.append(h('div', { class: 'check-grid' },
    h('div', {}, video, h('div', { class: 'meter-wrap' }, h('div', { class: 'label', id: 'mic-label' }, t('check.micLevel')), meter),
      h('div', { class: 'actions' }, toneBtn, retryBtn, joinBtn)),
    h('div', { class: 'card' }, h('h2', { class: 'flush' }, t('check.results')), checks)));

  let stream = null;
  let stopMeter = () => {};
  let stopped = false;

  function stopMedia() {
    stopMeter();
    if (stream) stream.getTracks().forEach((tr) => tr.stop());
    stream = null;
  }

  function browserCheck() {
    const missing = [];
    if (!window.RTCPeerConnection) missing.push('WebRTC');
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) missing.push('getUserMedia');
    if (!window.WebSocket) missing.push('WebSocket');
    if (!(window.AudioContext || window.webkitAudioContext)) missing.push('Web Audio');
    if (!window.isSecureContext) {
      set('browser', 'fail', t('check.fix.insecure'));
      return false;
    }
    if (missing.length) {
      set('browser', 'fail', t('check.fix.browser', { missing: missing.join(', ') }));
      return false;
    }
    set('browser', 'ok', navigator.userAgent.match(/(Chrome|Chromium|Firefox|Safari|Edg)\/[\d.]+/)?.[0] || '');
    return true;
  }

  async function mediaCheck() {
    stopMedia();
    set('camera', 'pending');
    set('microphone', 'pending');
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    } catch (e) {
      // Try each device on its own so that one missing device does not hide the other.
      const [v, a] = await Promise.allSettled([
        navigator.mediaDevices.getUserMedia({ video: true }),
        navigator.mediaDevices.getUserMedia({ audio: true }),
      ]);
      stream = new MediaStream([
        ...(v.status === 'fulfilled' ? v.value.getTracks() : []),
        ...(a.status === 'fulfilled' ? a.value.getTracks() : []),
      ]);
      if (v.status === 'rejected') set('camera', 'fail', t(fixFor(v.reason)));
      if (a.status === 'rejected') set('microphone', 'fail', t(fixFor(a.reason)));
      if (!stream.getTracks().length) {
        stream = null;
        return;
      }
    }
    if (stopped) {
      stopMedia();
      return;
    }
    const vt = stream.getVideoTracks()[0];
    if (vt) {
      video.srcObject = stream;
      const s = vt.getSettings();
      set('camera', 'ok', `${vt.label || ''} ${s.width ? `${s.width}×${s.height}` : ''}`.trim());
    }
    const at = stream.getAudioTracks()[0];
    if (at) {
      set('microphone', 'warn', t('check.speakNow'));
      meterLoop(at);
    }
  }

  function meterLoop(track) {
    stopMeter = startMeter(track, meterBar, meter, () => set('microphone', 'ok', track.label || t('check.micHeard')));
  }

  toneBtn.addEventListener('click', () => {
    testTone();
    set('speaker', 'ok', t('check.toneHint'));
  });
  retryBtn.addEventListener('click', () => run());

  async function signalingCheck() {
    set('signaling', 'pending');
    const started = performance.now();
    try {
      const res = await fetch('/health', { cache: 'no-store' });
      const ms = Math.round(performance.now() - started);
      if (!res.ok) throw new Error(String(res.status));
      // A WebSocket without a token is refused at the handshake: reaching that refusal proves the path is open.
      const wsOk = await new Promise((resolve) => {
        const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
        const ws = new WebSocket(`${scheme}://${location.host}/signal/konsil-device-check`);
        const timer = setTimeout(() => { ws.close(); resolve(false); }, 4000);
        ws.onopen = () => { clearTimeout(timer); ws.close(); resolve(true); };
        ws.onerror = () => { clearTimeout(timer); resolve(true); };
      });
      if (pending) {
        // The handshake preflight checks this very link (token, room, lobby) without joining the room.
        const pre = await fetch(`/signal/${encodeURIComponent(pending.room)}?jwt=${encodeURIComponent(pending.jwt)}`, { cache: 'no-store' });
        const body = await pre.json().catch(() => ({}));
        if (!pre.ok) {
          set('signaling', 'fail', t(`check.link.${body.code}`, {}, t('check.link.bad', { code: body.code || pre.status })));
          if (joinBtn) joinBtn.setAttribute('aria-disabled', 'true');
          return;
        }
        set('signaling', wsOk ? 'ok' : 'warn', `${t('check.latency', { ms })} ${t(body.lobby ? 'check.link.lobby' : 'check.link.ok')}`);
        return;
      }
      set('signaling', wsOk ? 'ok' : 'warn', t('check.latency', { ms }));
    } catch {
      set('signaling', 'fail', t('check.fix.network'));
    }
  }

  async function turnCheck() {
    set('turn', 'pending');
    let servers = [];
    try {
      servers = JSON.parse(sessionStorage.getItem('konsil.iceServers') || '[]');
    } catch { /* no hint stored */ }
    const pc = new RTCPeerConnection({ iceServers: servers });
    const types = new Set();
    pc.createDataChannel('probe');
    pc.onicecandidate = (ev) => {
      if (ev.candidate && ev.candidate.type) types.add(ev.candidate.type);
    };
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 3000);
      pc.onicegatheringstatechange = () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    pc.close();
    const hasTurn = servers.some((s) => [].concat(s.urls || s.url || []).some((u) => /^turns?:/.test(u)));
    if (types.has('relay')) set('turn', 'ok', t('check.turnOk'));
    else if (!hasTurn) set('turn', types.size ? 'ok' : 'warn', t('check.turnNone'));
    else set('turn', 'warn', t('check.fix.turn'));
  }

  function run() {
    if (browserCheck()) {
      mediaCheck();
      turnCheck().catch(() => set('turn', 'warn', t('check.fix.turn')));
    }
    set('speaker', 'untested', t('check.toneHint'));
    signalingCheck();
  }
  run();

  return () => {
    stopped = true;
    stopMedia();
  };
}
