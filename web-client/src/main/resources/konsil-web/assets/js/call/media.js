// The local camera and microphone: opening them (with the devices the user chose), what failed and why, mute,
// screen sharing. One owner of the tracks, so that nothing keeps a camera light on after the call.

const PREFS = 'konsil.devices';

export const devicePrefs = {
  load() {
    try {
      return JSON.parse(localStorage.getItem(PREFS) || '{}') || {};
    } catch {
      return {};
    }
  },
  save(prefs) {
    try {
      localStorage.setItem(PREFS, JSON.stringify({ ...devicePrefs.load(), ...prefs }));
    } catch { /* storage disabled: the browser's default devices are used next time */ }
  },
};

/** denied | notFound | busy | insecure | other, from a getUserMedia error. */
export function problemKind(error) {
  const name = error && error.name;
  if (!window.isSecureContext) return 'insecure';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'notFound';
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return 'busy';
  return 'other';
}

function constraint(deviceId, base) {
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : base;
}

const VIDEO = { width: { ideal: 640 }, height: { ideal: 480 } };

export class LocalMedia {
  constructor() {
    this.stream = new MediaStream();
    this.screen = null;
    this.audioMuted = false;
    this.videoMuted = false;
    /** Why the camera or microphone is missing: null when it works. */
    this.problems = { camera: null, microphone: null };
    this.chosen = { camera: null, microphone: null };
  }

  get cameraTrack() {
    return this.stream.getVideoTracks()[0] || null;
  }

  get micTrack() {
    return this.stream.getAudioTracks()[0] || null;
  }

  /**
   * Opens camera and microphone (the chosen ones when given; a device that is gone falls back to the default).
   * Failures are kept per device in {@link problems}, so that one missing device does not hide the other.
   */
  async open({ cameraId, microphoneId } = {}) {
    this.stopTracks();
    this.problems = { camera: null, microphone: null };
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      const e = { name: window.isSecureContext ? 'NotSupportedError' : 'SecurityError' };
      this.problems = { camera: problemKind(e), microphone: problemKind(e) };
      this.stream = new MediaStream();
      return this.problems;
    }
    const get = async (c) => navigator.mediaDevices.getUserMedia(c);
    let stream = null;
    try {
      stream = await get({ audio: constraint(microphoneId, {}), video: constraint(cameraId, VIDEO) });
    } catch (first) {
      const [v, a] = await Promise.allSettled([
        get({ video: constraint(cameraId, VIDEO) }).catch((e) => (cameraId && e.name === 'OverconstrainedError' ? get({ video: VIDEO }) : Promise.reject(e))),
        get({ audio: constraint(microphoneId, {}) }).catch((e) => (microphoneId && e.name === 'OverconstrainedError' ? get({ audio: true }) : Promise.reject(e))),
      ]);
      stream = new MediaStream([
        ...(v.status === 'fulfilled' ? v.value.getTracks() : []),
        ...(a.status === 'fulfilled' ? a.value.getTracks() : []),
      ]);
      if (v.status === 'rejected') this.problems.camera = problemKind(v.reason);
      if (a.status === 'rejected') this.problems.microphone = problemKind(a.reason);
      if (!this.problems.camera && !this.problems.microphone) this.problems.camera = problemKind(first);
    }
    this.stream = stream;
    const cam = this.cameraTrack;
    const mic = this.micTrack;
    this.chosen = {
      camera: cam && cam.getSettings ? cam.getSettings().deviceId || null : null,
      microphone: mic && mic.getSettings ? mic.getSettings().deviceId || null : null,
    };
    if (cam) cam.enabled = !this.videoMuted;
    if (mic) mic.enabled = !this.audioMuted;
    return this.problems;
  }

  /** What the others are told when we connect: whether there is a camera and a microphone at all. */
  devices() {
    return { camera: !!this.cameraTrack, microphone: !!this.micTrack };
  }

  setAudioMuted(muted) {
    this.audioMuted = !!muted;
    this.stream.getAudioTracks().forEach((tr) => { tr.enabled = !this.audioMuted; });
  }

  setVideoMuted(muted) {
    this.videoMuted = !!muted;
    const cam = this.cameraTrack;
    if (cam) cam.enabled = !this.videoMuted;
  }

  /** Starts screen capture; resolves with its video track (the caller swaps it into the peers). */
  async startShare(onEnded) {
    this.screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = this.screen.getVideoTracks()[0];
    track.onended = onEnded;
    return track;
  }

  stopShare() {
    if (this.screen) this.screen.getTracks().forEach((tr) => tr.stop());
    this.screen = null;
  }

  stopTracks() {
    this.stream.getTracks().forEach((tr) => tr.stop());
  }

  stop() {
    this.stopTracks();
    this.stopShare();
  }

  static async list() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) return { cameras: [], microphones: [], speakers: [] };
    const all = await navigator.mediaDevices.enumerateDevices();
    return {
      cameras: all.filter((d) => d.kind === 'videoinput' && d.deviceId),
      microphones: all.filter((d) => d.kind === 'audioinput' && d.deviceId),
      speakers: all.filter((d) => d.kind === 'audiooutput' && d.deviceId),
    };
  }
}

/** Which browser's settings to describe when a device is blocked. */
export function browserFamily() {
  const ua = navigator.userAgent;
  if (/Edg\//.test(ua)) return 'edge';
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/iPhone|iPad|iPod/.test(ua)) return 'ios';
  if (/Safari\//.test(ua) && !/Chrom(e|ium)\//.test(ua)) return 'safari';
  return 'chrome';
}
