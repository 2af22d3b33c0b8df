// Calls through the media server (SFU, docs/protocol.md "Calls through the media server"): one publishing
// RTCPeerConnection for our camera and microphone, and one subscribing connection per other participant's feed. The
// browser speaks only Konsil's sfu-* frames; the node drives Janus or Kurento. Once a feed decodes, the caller is told
// (onCarrying) so that it can close the mesh connection to that person: make before break.

/** Three layers for Janus to pick from per receiver (rids in Janus's default h-m-l order; docs/media.md "Simulcast"). */
const SIMULCAST = [
  { rid: 'h', maxBitrate: 700000 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 250000 },
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 90000 },
];

/** Which layer a tile of this width (CSS px) needs: a phone or a small tile gets the lowest. */
export function layerFor(width, phone) {
  if (phone || width < 320) return 'low';
  if (width < 560) return 'medium';
  return 'high';
}

/** One connection to the media server: 'publish', or the publisher's participant id for a subscription. */
class Leg {
  constructor(name, o) {
    this.name = name;
    this.o = o;
    this.pc = new RTCPeerConnection({ iceServers: o.iceServers() || [] });
    // The server knows the leg only once it answered (publish) or got our answer (subscription): candidates wait.
    this.open = false;
    this.outbox = [];
    // Server candidates that arrive before the remote description (the node trickles as soon as it has them).
    this.early = [];
    this.stream = null;
    this.carrying = false;
    this.frames = 0;
    this.packets = 0;
    this.audioLevel = 0;
    this.layer = null;
    /** When each step happened (ms since the page started), for diagnostics and the benchmarks. */
    this.at = { created: Math.round(performance.now()) };
    this.pc.onicecandidate = ({ candidate }) => {
      const c = candidate && candidate.candidate ? candidate : null;
      if (c && o.candidateFilter && !o.candidateFilter(c)) return;
      const frame = c
        ? { type: 'sfu-candidate', leg: name, candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex }
        : { type: 'sfu-candidate', leg: name, candidate: null };
      if (this.open) o.send(frame);
      else this.outbox.push(frame);
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'connected' && !this.at.connected) this.at.connected = Math.round(performance.now());
      o.onState(name);
    };
  }

  opened() {
    this.open = true;
    this.at.open = Math.round(performance.now());
    for (const f of this.outbox.splice(0)) this.o.send(f);
  }

  async remote(description) {
    await this.pc.setRemoteDescription(description);
    for (const c of this.early.splice(0)) await this.add(c);
  }

  async candidate(c) {
    if (!this.pc.remoteDescription) this.early.push(c);
    else await this.add(c);
  }

  async add(c) {
    try {
      await this.pc.addIceCandidate(c);
    } catch (e) {
      console.warn('konsil: media server candidate rejected', e);
    }
  }

  get state() {
    return this.pc.connectionState;
  }

  close() {
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }
}

export class Sfu {
  /**
   * @param {object} o
   * @param {(msg: object) => void} o.send
   * @param {() => RTCIceServer[]} o.iceServers
   * @param {() => MediaStream} o.localStream
   * @param {() => MediaStreamTrack|null} o.outgoingVideo  the camera, or the screen while sharing
   * @param {() => string|null} o.server  'janus' | 'kurento': only Janus forwards simulcast layers
   * @param {(id: string, stream: MediaStream) => void} o.onStream
   * @param {(id: string) => void} o.onCarrying  the feed of participant id decodes through the server
   * @param {(id: string) => void} o.onState
   * @param {(id: string) => {width: number, phone: boolean}|null} o.tileSize  the tile showing a feed, for its layer
   * @param {(c: RTCIceCandidate) => boolean} [o.candidateFilter]  which local candidates to send (tests: loopback)
   */
  constructor(o) {
    this.o = o;
    this.active = false;
    this.pub = null;
    this.pubId = null;
    this.seq = 0;
    this.subs = new Map();
    this.timer = null;
    this.retries = new Map();
  }

  /** The call goes through the media server from now on: publish, and watch what the feeds deliver. */
  start() {
    if (this.active) return;
    this.active = true;
    this.publish();
    this.timer = setInterval(() => this.watch(), 1000);
  }

  get simulcast() {
    return this.o.server() === 'janus';
  }

  async publish() {
    if (this.pub) this.pub.close();
    this.pub = null;
    const stream = this.o.localStream();
    const audio = stream ? stream.getAudioTracks()[0] : null;
    const video = this.o.outgoingVideo();
    // Without camera and microphone there is nothing to publish; the others see this person in the list only.
    if (!audio && !video) return;
    const leg = new Leg('publish', { ...this.o, onState: () => this.o.onState(null) });
    this.pub = leg;
    if (audio) leg.pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
    if (video) {
      leg.pc.addTransceiver(video, {
        direction: 'sendonly', streams: [stream], sendEncodings: this.simulcast ? SIMULCAST : undefined,
      });
    }
    this.seq += 1;
    const id = `sfu-publish-${this.seq}`;
    this.pubId = id;
    try {
      await leg.pc.setLocalDescription(await leg.pc.createOffer());
      if (this.pub !== leg) return;
      this.o.send({ type: 'sfu-publish', id, sdp: leg.pc.localDescription.sdp });
    } catch (e) {
      console.warn('konsil: publishing failed', e);
    }
  }

  /** The server's answer to our publication (matched by the frame id echoed). */
  async onAnswer(msg) {
    const leg = this.pub;
    if (!leg || msg.id !== this.pubId) return;
    try {
      await leg.remote({ type: 'answer', sdp: msg.sdp });
      leg.opened();
    } catch (e) {
      console.warn('konsil: the media server answer was refused', e);
    }
  }

  /** Subscribes to every publishing participant we do not receive yet, and drops feeds that are gone. */
  sync(participants) {
    if (!this.active) return;
    const publishing = new Set();
    for (const p of participants) if (p.feed) publishing.add(p.id);
    for (const [id, leg] of this.subs) {
      if (!publishing.has(id)) {
        leg.close();
        this.subs.delete(id);
      }
    }
    for (const id of publishing) if (!this.subs.has(id)) this.subscribe(id);
  }

  subscribe(feed) {
    const leg = new Leg(feed, this.o);
    leg.pc.ontrack = ({ track }) => {
      // One stream per feed that collects its tracks, whatever stream ids the server's offer names.
      const tracks = leg.stream ? leg.stream.getTracks().filter((tr) => tr.kind !== track.kind) : [];
      leg.stream = new MediaStream([...tracks, track]);
      this.o.onStream(feed, leg.stream);
    };
    this.subs.set(feed, leg);
    this.o.send({ type: 'sfu-subscribe', feed });
  }

  /** The server offers a feed we subscribed to: answer it. */
  async onOffer(msg) {
    const leg = this.subs.get(msg.feed);
    if (!leg) return;
    try {
      await leg.remote({ type: 'offer', sdp: msg.sdp });
      await leg.pc.setLocalDescription(await leg.pc.createAnswer());
      if (this.subs.get(msg.feed) !== leg) return;
      this.o.send({ type: 'sfu-answer', feed: msg.feed, sdp: leg.pc.localDescription.sdp });
      leg.opened();
    } catch (e) {
      console.warn('konsil: could not take the media server offer', e);
    }
  }

  async onCandidate(msg) {
    const leg = msg.leg === 'publish' ? this.pub : this.subs.get(msg.leg);
    if (!leg || !msg.candidate) return;
    await leg.candidate({ candidate: msg.candidate, sdpMid: msg.sdpMid, sdpMLineIndex: msg.sdpMLineIndex ?? null });
  }

  /** The server closed one of our legs: publish again, or subscribe again while the feed is still there. */
  onLegClosed(msg, participants) {
    if (!this.active) return;
    if (msg.leg === 'publish') {
      this.publish();
      return;
    }
    const leg = this.subs.get(msg.leg);
    if (leg) leg.close();
    this.subs.delete(msg.leg);
    const n = (this.retries.get(msg.leg) || 0) + 1;
    this.retries.set(msg.leg, n);
    // The publisher usually left or republishes (its participant-updated follows); a few tries cover a race.
    if (n <= 3) setTimeout(() => this.sync(participants()), 1000 * n);
  }

  /** The media server lost the call: everything again, from our publication. */
  restart() {
    if (!this.active) return;
    this.closeLegs();
    this.publish();
  }

  /** After our signaling came back: legs whose connection did not survive start again. */
  afterResume(participants) {
    if (!this.active) return;
    if (!this.pub || ['failed', 'closed'].includes(this.pub.state)) this.publish();
    for (const [id, leg] of this.subs) {
      if (['failed', 'closed'].includes(leg.state)) {
        leg.close();
        this.subs.delete(id);
      }
    }
    this.sync(participants);
  }

  /** A screen share or the camera again: the same publication, another track (no renegotiation). */
  async replaceVideo(track) {
    if (!this.pub) return;
    const sender = this.pub.pc.getSenders().find((s) => s.track && s.track.kind === 'video');
    if (sender) await sender.replaceTrack(track);
  }

  closeLegs() {
    if (this.pub) this.pub.close();
    this.pub = null;
    this.pubId = null;
    this.subs.forEach((leg) => leg.close());
    this.subs.clear();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.closeLegs();
    this.active = false;
  }

  has(id) {
    return this.subs.has(id) && !!this.subs.get(id).stream;
  }

  carrying(id) {
    const leg = this.subs.get(id);
    return !!(leg && leg.carrying);
  }

  connectionState(id) {
    const leg = this.subs.get(id);
    return leg ? leg.state : null;
  }

  /** Once a second: which feeds decode (frames or, for a feed without video, audio packets keep coming), the
   * loudness of each, and the layer each tile needs. */
  async watch() {
    for (const [id, leg] of [...this.subs]) {
      let frames = 0;
      let packets = 0;
      let level = 0;
      let videoIn = false;
      try {
        (await leg.pc.getStats()).forEach((r) => {
          if (r.type !== 'inbound-rtp') return;
          if (r.kind === 'video') {
            videoIn = true;
            frames += r.framesDecoded || 0;
          } else if (r.kind === 'audio') {
            packets += r.packetsReceived || 0;
            level = Math.max(level, r.audioLevel || 0);
          }
        });
      } catch {
        continue; // closed meanwhile
      }
      const flowing = videoIn ? frames > leg.frames && frames > 0 : packets > leg.packets && packets > 0;
      leg.frames = frames;
      leg.packets = packets;
      leg.audioLevel = level;
      if (flowing && !leg.carrying) {
        leg.carrying = true;
        leg.at.carrying = Math.round(performance.now());
        this.retries.delete(id);
        this.o.onCarrying(id);
      }
      this.chooseLayer(id, leg);
    }
  }

  chooseLayer(id, leg) {
    if (!this.simulcast || !leg.open) return;
    const size = this.o.tileSize(id);
    if (!size) return;
    const layer = layerFor(size.width, size.phone);
    if (layer === leg.layer) return;
    leg.layer = layer;
    this.o.send({ type: 'sfu-layer', feed: id, layer });
  }

  /** Audio level (0..1) per feed from the last sample, for the active speaker. */
  levels() {
    const out = new Map();
    this.subs.forEach((leg, id) => out.set(id, leg.audioLevel));
    return out;
  }

  async samples() {
    const out = [];
    for (const leg of [this.pub, ...this.subs.values()]) {
      if (!leg) continue;
      try {
        const report = await leg.pc.getStats();
        let rtt = null;
        report.forEach((s) => {
          if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && s.currentRoundTripTime != null) rtt = s.currentRoundTripTime;
        });
        out.push({ rtt, loss: 0, flowing: true, state: leg.state });
      } catch { /* closed meanwhile */ }
    }
    return out;
  }

  describe() {
    const legs = [];
    if (this.pub) {
      legs.push({ leg: 'publish', connectionState: this.pub.state, open: this.pub.open, simulcast: this.simulcast, at: { ...this.pub.at } });
    }
    this.subs.forEach((leg, id) => legs.push({
      leg: id, connectionState: leg.state, open: leg.open, carrying: leg.carrying, framesDecoded: leg.frames, layer: leg.layer,
      at: { ...leg.at },
    }));
    return legs;
  }

  /** Every connection to the server (for diagnostics and the tests' fingerprint check). */
  connections() {
    const all = [];
    if (this.pub) all.push(['publish', this.pub.pc]);
    this.subs.forEach((leg, id) => all.push([id, leg.pc]));
    return all;
  }
}
