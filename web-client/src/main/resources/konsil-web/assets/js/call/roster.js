// Who is in the call and who is knocking, as the server describes them (docs/protocol.md). State only.

const ROLES = ['patient', 'gp', 'specialist', 'nurse', 'interpreter', 'observer', 'admin'];

/** A participant as the server describes it, tolerant of naming. */
export function normalize(p) {
  if (!p) return null;
  const devices = p.devices || {};
  return {
    id: p.participantId || p.id,
    userId: p.userId || (p.user && p.user.id) || null,
    name: p.displayName || p.name || '',
    role: p.role || 'patient',
    moderator: !!p.moderator,
    audioMuted: !!p.audioMuted,
    videoMuted: !!p.videoMuted,
    screenSharing: !!p.screenSharing,
    // What the client said when connecting: false means they joined without it, knowingly.
    camera: devices.camera !== false,
    microphone: devices.microphone !== false,
    // Publishing to the media server (a call beyond the mesh), and whether they consented to recording.
    feed: !!p.feed,
    consent: !!p.consent,
    // The server says connected | reconnecting for people in the call; the lobby is tracked separately.
    state: p.state === 'reconnecting' ? 'reconnecting' : 'in-call',
  };
}

export function isKnownRole(role) {
  return ROLES.includes(role);
}

export class Roster {
  constructor(me) {
    this.me = me;
    this.participants = new Map();
    this.knocking = new Map();
  }

  /** Merges what is known of someone in the call; returns true when they are new. */
  upsert(p) {
    const known = this.participants.has(p.id);
    this.participants.set(p.id, { ...this.participants.get(p.id), ...p });
    return !known;
  }

  get(id) {
    return this.participants.get(id) || this.knocking.get(id);
  }

  remove(id) {
    const wasKnocking = this.knocking.delete(id);
    const wasIn = this.participants.delete(id);
    return { wasKnocking, wasIn };
  }

  knock(p) {
    this.knocking.set(p.id, { ...p, state: 'lobby' });
  }

  /** Everybody in the call including oneself. */
  count() {
    return this.participants.size + 1;
  }
}
