// One signaling WebSocket per call with heartbeat, automatic reconnect and resume (docs/protocol.md).
// State: connecting → connected ⇄ reconnecting → closed | failed. A reconnect sends resume{resumeToken} as its first
// frame so the server keeps our participant id and admission: nobody has to let us in again. On a network the
// reconnect may go to another node (nodes.js): resume works on any node, since the room lives in Redis.

import { NodeDirectory } from './nodes.js';

const PING_EVERY_MS = 10000;
const SILENCE_LIMIT_MS = 25000;
const RETRY_DELAYS_MS = [200, 500, 1000, 2000, 3000];
/** Frames that make no sense to replay after a reconnect. */
const NOT_QUEUED = new Set(['ping', 'resume']);
/** Server close codes after which resuming is pointless; 1001 (node shutdown) goes to another node (see 'ended'). */
const FINAL_CLOSE_CODES = new Set([1008, 4001, 4003, 4009, 4010]);

export class Signaling {
  constructor({ room, jwt, onMessage, onState, giveUpAfterMs = 120000, persist = true, devices = null }) {
    this.room = room;
    this.jwt = jwt;
    // Said once per connection: a clinician sees "no camera/microphone" in the knock (docs/protocol.md#handshake).
    this.devices = devices;
    this.onMessage = onMessage;
    this.onState = onState;
    // Past the server's resume grace a reconnect still helps: the server then lets us in as a new participant
    // (without the lobby when we were admitted before), so keep trying for a while longer than the grace.
    this.giveUpAfterMs = giveUpAfterMs;
    this.holdUntil = 0;
    this.state = 'idle';
    this.queue = [];
    // A reload of the call page resumes the same participant (no second trip through the lobby).
    this.storageKey = persist ? `konsil.resume.${room}` : null;
    this.resumeToken = persist ? sessionStorage.getItem(this.storageKey) : null;
    this.participantId = null;
    this.stopped = false;
    this.attempt = 0;
    this.droppedAt = 0;
    this.seq = 0;
    this.nodes = new NodeDirectory();
  }

  url() {
    const d = this.devices;
    const flags = d ? `${d.camera === false ? '&camera=0' : ''}${d.microphone === false ? '&microphone=0' : ''}` : '';
    return `${this.nodes.socketBase()}/signal/${encodeURIComponent(this.room)}?jwt=${encodeURIComponent(this.jwt)}${flags}`;
  }

  connect() {
    this.setState('connecting');
    this.nodes.watch();
    this.open();
  }

  open() {
    const ws = new WebSocket(this.url());
    this.ws = ws;
    this.gotFrame = false;
    ws.onopen = () => {
      if (ws !== this.ws) return;
      this.lastHeard = Date.now();
      this.sentResumeToken = this.resumeToken;
      if (this.resumeToken) this.raw({ type: 'resume', resumeToken: this.resumeToken });
      this.startHeartbeat();
    };
    ws.onmessage = (ev) => {
      if (ws !== this.ws) return;
      this.lastHeard = Date.now();
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      this.gotFrame = true;
      this.handle(msg);
    };
    ws.onclose = (ev) => {
      if (ws !== this.ws) return;
      this.stopHeartbeat();
      this.closeInfo = { code: ev.code, reason: ev.reason, opened: this.gotFrame };
      if (this.stopped) {
        this.setState('closed');
        return;
      }
      if (FINAL_CLOSE_CODES.has(ev.code)) {
        // Not resumable (docs/protocol.md#close-codes): 4010 means another window took this participant over.
        this.stopped = true;
        this.refusal = ev.code === 4010 ? 'replaced' : `close-${ev.code}`;
        this.setState('failed');
        return;
      }
      this.scheduleReconnect();
    };
  }

  handle(msg) {
    switch (msg.type) {
      case 'welcome':
      case 'lobby':
        if (msg.resumeToken) {
          this.resumeToken = msg.resumeToken;
          if (this.storageKey) sessionStorage.setItem(this.storageKey, msg.resumeToken);
        }
        if (msg.participantId) this.participantId = msg.participantId;
        // On another node now: learn the network from there (the page's own node may be the one that went away).
        if (this.connectedTo && this.connectedTo !== this.nodes.current) this.nodes.refresh();
        this.connectedTo = this.nodes.current;
        if (msg.heartbeat && msg.heartbeat.intervalMs) this.pingEveryMs = Math.min(msg.heartbeat.intervalMs, PING_EVERY_MS);
        this.attempt = 0;
        this.droppedAt = 0;
        this.setState('connected');
        // Queued relays and updates are for the call; in the lobby the server would refuse them (not-admitted).
        if (msg.type === 'welcome') this.flush();
        break;
      case 'ended':
        if (msg.reason === 'node-shutdown') {
          // The node is going away, not the call: reconnect to another node of the network, resuming when the node
          // handed us over (resumable), else joining afresh.
          this.nodes.leaving();
          if (!msg.resumable) this.forgetResume();
          this.attempt = 0;
          break;
        }
        this.stopped = true;
        this.forgetResume();
        break;
      case 'denied':
      case 'kicked':
        // Terminal for this participant: never reconnect after these.
        this.stopped = true;
        this.forgetResume();
        break;
      case 'error':
        // A resume the server no longer knows (grace over): start afresh as a new participant.
        // Drop only the token we sent: the welcome/lobby of the fresh participant may already have brought a new one.
        if (msg.code === 'resume-invalid' && this.resumeToken === this.sentResumeToken) this.forgetResume();
        break;
      default:
        break;
    }
    this.onMessage(msg);
  }

  /**
   * Browsers hide why a handshake was refused (close 1006); the same URL without Upgrade answers the problem+json.
   * Returns the refusal code, or null when the handshake would pass (a network problem: keep retrying).
   */
  async preflight() {
    try {
      const res = await fetch(this.url().replace(/^ws/, 'http'), { cache: 'no-store' });
      if (res.ok) return null;
      const problem = await res.json().catch(() => ({}));
      return problem.code || `http-${res.status}`;
    } catch {
      return null;
    }
  }

  async scheduleReconnect() {
    if (!this.gotFrame && !this.participantId) {
      const refusal = await this.preflight();
      if (refusal && refusal !== 'shutting-down' && refusal !== 'too-many-connections') {
        this.refusal = refusal;
        this.stopped = true;
        this.setState('failed');
        return;
      }
    }
    if (this.stopped) return;
    if (!this.droppedAt) this.droppedAt = Date.now();
    if (Date.now() - this.droppedAt > this.giveUpAfterMs || (!this.participantId && this.attempt >= 3)) {
      this.stopped = true;
      this.setState('failed');
      return;
    }
    this.setState(this.participantId ? 'reconnecting' : 'connecting');
    const delay = Math.max(RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)], this.holdUntil - Date.now());
    this.nodes.next(this.attempt);
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.open();
    }, delay);
  }

  startHeartbeat() {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
      if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        // A half-open socket (laptop lid, Wi-Fi switch) never fires close by itself.
        this.ws.close(4000, 'silent');
        return;
      }
      this.raw({ type: 'ping' });
    }, this.pingEveryMs || PING_EVERY_MS);
  }

  stopHeartbeat() {
    clearInterval(this.heartbeat);
  }

  setState(state) {
    if (this.state === state) return;
    if (state === 'failed' || state === 'closed') this.nodes.stop();
    this.state = state;
    this.onState(state);
  }

  /** Sends now when connected, otherwise queues (offers, candidates, chat) until the resume is confirmed. */
  send(msg) {
    if (this.state === 'connected' && this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.raw(msg);
      return true;
    }
    if (!NOT_QUEUED.has(msg.type)) this.queue.push(msg);
    return false;
  }

  raw(msg) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  flush() {
    const pending = this.queue;
    this.queue = [];
    for (const m of pending) this.raw(m);
  }

  /** Simulates a network drop: the socket goes away without a goodbye, the client recovers by itself. */
  drop(offlineMs = 0) {
    this.holdUntil = Date.now() + offlineMs;
    if (this.ws) this.ws.close(4002, 'network drop (test)');
  }

  /**
   * A goodbye that needs no answer, for pagehide: the page (or a disposed iframe) is going away now, and the others
   * should see us leave at once rather than "reconnecting" for the resume grace period.
   */
  leaveNow() {
    this.stopped = true;
    this.nodes.stop();
    this.forgetResume();
    clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: 'leave' }));
      this.ws.close(1000, 'left');
    }
  }

  forgetResume() {
    this.resumeToken = null;
    if (this.storageKey) sessionStorage.removeItem(this.storageKey);
  }

  /** The origin of the node this call's signaling goes to now. */
  node() {
    return this.nodes.current;
  }

  close() {
    this.stopped = true;
    this.nodes.stop();
    this.forgetResume();
    clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000, 'hang up');
    this.setState('closed');
  }
}
