// Mesh media: one RTCPeerConnection per remote participant, negotiated with the "perfect negotiation" pattern
// (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example) so that simultaneous offers never deadlock.

export class Peer {
  /**
   * @param {object} o
   * @param {string} o.remoteId  the other participant's id
   * @param {boolean} o.polite   the polite side rolls back its own offer on a collision
   * @param {RTCIceServer[]} o.iceServers
   * @param {MediaStream|null} o.localStream
   * @param {(msg:object)=>void} o.send  relays a signaling frame addressed to the remote
   * @param {(stream:MediaStream)=>void} o.onStream
   * @param {(state:string)=>void} o.onConnectionState
   */
  constructor(o) {
    this.remoteId = o.remoteId;
    this.polite = o.polite;
    this.send = o.send;
    this.onStream = o.onStream;
    this.onConnectionState = o.onConnectionState;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.pendingCandidates = [];
    this.lastStats = null;
    this.pc = new RTCPeerConnection({ iceServers: o.iceServers || [] });
    const pc = this.pc;
    if (o.localStream && o.localStream.getTracks().length) {
      for (const track of o.localStream.getTracks()) pc.addTrack(track, o.localStream);
      if (!o.localStream.getVideoTracks().length) pc.addTransceiver('video', { direction: 'recvonly' });
      if (!o.localStream.getAudioTracks().length) pc.addTransceiver('audio', { direction: 'recvonly' });
    } else {
      pc.addTransceiver('audio', { direction: 'recvonly' });
      pc.addTransceiver('video', { direction: 'recvonly' });
    }
    pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        this.send({ type: 'offer', to: this.remoteId, sdp: pc.localDescription.sdp });
      } catch (e) {
        console.warn('konsil: offer failed', e);
      } finally {
        this.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.send({ type: 'candidate', to: this.remoteId, candidate: candidate.toJSON() });
    };
    pc.ontrack = ({ track, streams }) => {
      const stream = streams[0] || new MediaStream([track]);
      this.onStream(stream);
    };
    pc.onconnectionstatechange = () => {
      this.onConnectionState(pc.connectionState);
      if (pc.connectionState === 'failed') this.restartIce();
    };
  }

  async onDescription(description) {
    const pc = this.pc;
    const offerCollision = description.type === 'offer' && (this.makingOffer || pc.signalingState !== 'stable');
    this.ignoreOffer = !this.polite && offerCollision;
    if (this.ignoreOffer) return;
    await pc.setRemoteDescription(description);
    for (const c of this.pendingCandidates.splice(0)) await this.addCandidate(c);
    if (description.type === 'offer') {
      await pc.setLocalDescription();
      this.send({ type: 'answer', to: this.remoteId, sdp: pc.localDescription.sdp });
    }
  }

  async onCandidate(candidate) {
    if (!candidate) return;
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    await this.addCandidate(candidate);
  }

  async addCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (e) {
      if (!this.ignoreOffer) console.warn('konsil: candidate rejected', e);
    }
  }

  restartIce() {
    if (this.pc.signalingState !== 'closed') this.pc.restartIce();
  }

  /** Swaps the outgoing video (camera ↔ screen) without renegotiating. */
  async replaceVideo(track) {
    const sender = this.pc.getSenders().find((s) => s.track && s.track.kind === 'video')
      || this.pc.getTransceivers().find((t) => t.receiver.track.kind === 'video' && t.direction !== 'recvonly')?.sender;
    if (sender) await sender.replaceTrack(track);
  }

  /** Round-trip time and packet loss since the last call, from getStats(). */
  async quality() {
    const report = await this.pc.getStats();
    let rtt = null;
    let lost = 0;
    let received = 0;
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && s.currentRoundTripTime != null) rtt = s.currentRoundTripTime;
      if (s.type === 'inbound-rtp') {
        lost += s.packetsLost || 0;
        received += s.packetsReceived || 0;
      }
    });
    const prev = this.lastStats || { lost: 0, received: 0 };
    this.lastStats = { lost, received };
    const dLost = Math.max(0, lost - prev.lost);
    const dRecv = Math.max(0, received - prev.received);
    const loss = dLost + dRecv > 0 ? dLost / (dLost + dRecv) : 0;
    return { rtt, loss, flowing: dRecv > 0, state: this.pc.connectionState };
  }

  close() {
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }
}

/** good | fair | poor from the worst peer's figures. */
export function qualityLevel(samples) {
  if (!samples.length) return 'unknown';
  let level = 'good';
  for (const s of samples) {
    if (s.state === 'failed' || s.state === 'disconnected') return 'poor';
    const rtt = s.rtt == null ? 0 : s.rtt;
    if (rtt > 0.6 || s.loss > 0.08) return 'poor';
    if (rtt > 0.25 || s.loss > 0.02) level = 'fair';
  }
  return level;
}
