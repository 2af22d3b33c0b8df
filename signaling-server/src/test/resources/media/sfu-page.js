'use strict';
// One RTCPeerConnection per leg ("pub" for the own camera, the publisher's id for each subscription).
const legs = new Map();
// Local candidates waiting for the test to relay them to the media server.
const outbox = [];
// Server candidates that arrived before the leg's remote description (full trickle: the server sends them early).
const early = new Map();

async function applyRemote(key, description) {
  const pc = legs.get(key);
  await pc.setRemoteDescription(description);
  for (const c of early.get(key) || []) await pc.addIceCandidate(c);
  early.delete(key);
}
let camera = null;

// Tests may send media only to loopback addresses: relay only 127.0.0.1 host candidates.
const relayable = (c) => / 127\.0\.0\.1 /.test(c.candidate);

function newLeg(key) {
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.onicecandidate = (e) => {
    if (!e.candidate || !e.candidate.candidate) {
      outbox.push({ key, end: true });
    } else if (relayable(e.candidate)) {
      outbox.push({ key, candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid,
        sdpMLineIndex: e.candidate.sdpMLineIndex });
    }
  };
  legs.set(key, pc);
  return pc;
}

async function cameraStream(simulcast) {
  if (!camera) {
    camera = await navigator.mediaDevices.getUserMedia({ audio: true,
      video: simulcast ? { width: 1280, height: 720 } : { width: 640, height: 480 } });
  }
  return camera;
}

window.sfu = {
  async publish(simulcast) {
    const stream = await cameraStream(simulcast);
    const pc = newLeg('pub');
    pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
    const sendEncodings = simulcast
      ? [{ rid: 'h', maxBitrate: 900000 }, { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 300000 },
         { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 100000 }]
      : undefined;
    pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly', streams: [stream], sendEncodings });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    return offer.sdp;
  },
  async answered(sdp) {
    await applyRemote('pub', { type: 'answer', sdp });
  },
  async subscribe(key, offerSdp) {
    const pc = newLeg(key);
    pc.ontrack = (e) => {
      if (e.track.kind !== 'video') return;
      const v = document.createElement('video');
      v.className = 'remote-video';
      v.dataset.key = key;
      v.muted = true;
      v.autoplay = true;
      v.playsInline = true;
      v.srcObject = new MediaStream([e.track]);
      document.getElementById('videos').appendChild(v);
      v.play().catch(() => {});
    };
    await applyRemote(key, { type: 'offer', sdp: offerSdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    return answer.sdp;
  },
  async addCandidate(key, c) {
    const pc = legs.get(key);
    const candidate = { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex };
    if (pc && pc.remoteDescription) {
      await pc.addIceCandidate(candidate);
    } else {
      if (!early.has(key)) early.set(key, []);
      early.get(key).push(candidate);
    }
  },
  drain() {
    return outbox.splice(0);
  },
  videos() {
    return [...document.querySelectorAll('video.remote-video')].map((v) => ({
      key: v.dataset.key, width: v.videoWidth, height: v.videoHeight, time: v.currentTime, ready: v.readyState }));
  },
  iceStates() {
    return Object.fromEntries([...legs].map(([k, pc]) => [k, pc.iceConnectionState]));
  },
  // The DTLS fingerprint each connection's remote side presented: the media server's, if media goes through it.
  async remoteFingerprints() {
    const out = {};
    for (const [key, pc] of legs) {
      const stats = await pc.getStats();
      let transport = null;
      stats.forEach((r) => { if (r.type === 'transport' && r.remoteCertificateId) transport = r; });
      out[key] = transport ? stats.get(transport.remoteCertificateId).fingerprint : null;
    }
    return out;
  },
  async outboundVideoBytes() {
    const pc = legs.get('pub');
    let bytes = 0;
    if (pc) (await pc.getStats()).forEach((r) => { if (r.type === 'outbound-rtp' && r.kind === 'video') bytes += r.bytesSent; });
    return bytes;
  },
  close(key) {
    const pc = legs.get(key);
    if (pc) pc.close();
    legs.delete(key);
    document.querySelectorAll('video.remote-video').forEach((v) => { if (v.dataset.key === key) v.remove(); });
  },
  reset() {
    [...legs.keys()].forEach((k) => window.sfu.close(k));
    outbox.splice(0);
    early.clear();
  },
};
