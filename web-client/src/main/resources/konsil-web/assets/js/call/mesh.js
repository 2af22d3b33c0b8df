// The mesh: one peer connection per other participant in the call. By the protocol's convention the newcomer offers;
// everyone else creates the connection when an offer arrives. Perfect negotiation (peer.js) settles collisions.
import { Peer } from './peer.js';

export class Mesh {
  /**
   * @param {object} o
   * @param {() => string} o.selfId
   * @param {() => RTCIceServer[]} o.iceServers
   * @param {() => MediaStream} o.localStream
   * @param {() => MediaStreamTrack|null} o.outgoingVideo  the camera, or the screen while sharing
   * @param {(msg: object) => void} o.send
   * @param {(id: string, stream: MediaStream) => void} o.onStream
   * @param {(id: string) => void} o.onState
   */
  constructor(o) {
    this.o = o;
    this.peers = new Map();
  }

  has(id) {
    return this.peers.has(id);
  }

  get(id) {
    return this.peers.get(id);
  }

  ids() {
    return [...this.peers.keys()];
  }

  /** The polite side rolls back its own offer on a collision: the larger participant id. */
  politeTowards(remoteId) {
    return String(this.o.selfId()) > String(remoteId);
  }

  ensure(id) {
    if (this.peers.has(id)) return this.peers.get(id);
    const peer = new Peer({
      remoteId: id,
      polite: this.politeTowards(id),
      iceServers: this.o.iceServers(),
      localStream: this.o.localStream(),
      send: this.o.send,
      onStream: (stream) => this.o.onStream(id, stream),
      onConnectionState: () => this.o.onState(id),
    });
    this.peers.set(id, peer);
    const video = this.o.outgoingVideo();
    if (video && video !== this.o.localStream().getVideoTracks()[0]) peer.replaceVideo(video);
    return peer;
  }

  remove(id) {
    const peer = this.peers.get(id);
    if (peer) peer.close();
    this.peers.delete(id);
  }

  closeAll() {
    for (const id of this.ids()) this.remove(id);
  }

  async description(msg, accept) {
    const peer = accept ? this.ensure(msg.from) : null;
    if (!peer) return;
    try {
      await peer.onDescription(msg.description || { type: msg.type, sdp: msg.sdp });
    } catch (e) {
      console.warn('konsil: description failed', e);
    }
  }

  async candidate(msg, accept) {
    const peer = this.peers.get(msg.from) || (accept ? this.ensure(msg.from) : null);
    if (peer) await peer.onCandidate(msg.candidate);
  }

  replaceVideo(track) {
    for (const peer of this.peers.values()) peer.replaceVideo(track);
  }

  /** After our signaling came back: drop peers of those gone, restart ICE where media did not survive. */
  afterResume(presentIds) {
    for (const [id, peer] of this.peers) {
      if (!presentIds.has(id)) {
        this.remove(id);
        continue;
      }
      const s = peer.pc.connectionState;
      if (s !== 'connected' && s !== 'connecting' && s !== 'new') peer.restartIce();
    }
  }

  restartIce() {
    this.peers.forEach((p) => p.restartIce());
  }

  connectionState(id) {
    const peer = this.peers.get(id);
    return peer ? peer.pc.connectionState : null;
  }

  /** Audio level (0..1) of each peer's incoming audio, for the active speaker. */
  async levels() {
    const out = new Map();
    for (const [id, peer] of this.peers) {
      try {
        (await peer.pc.getStats()).forEach((r) => {
          if (r.type === 'inbound-rtp' && r.kind === 'audio') out.set(id, Math.max(out.get(id) || 0, r.audioLevel || 0));
        });
      } catch { /* closed meanwhile */ }
    }
    return out;
  }

  async samples() {
    const out = [];
    for (const peer of this.peers.values()) {
      try {
        out.push(await peer.quality());
      } catch { /* peer closed meanwhile */ }
    }
    return out;
  }

  describe() {
    return [...this.peers.entries()].map(([id, p]) => ({
      id,
      connectionState: p.pc.connectionState,
      signalingState: p.pc.signalingState,
      iceUfrag: ((p.pc.localDescription && p.pc.localDescription.sdp.match(/a=ice-ufrag:(\S+)/)) || [])[1] || null,
    }));
  }
}
