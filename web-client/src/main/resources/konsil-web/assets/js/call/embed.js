// The call page's side of the IFrame API: commands from the portal become the same actions as the buttons.

/**
 * @param {object} bridge  from bridge.js
 * @param {object} call  toggleAudio, toggleVideo, toggleShare, hangup, rename, chat, endForAll, state
 */
export function wireBridge(bridge, call) {
  bridge.onCommand((name, args) => {
    switch (name) {
      case 'toggleAudio': return call.toggleAudio();
      case 'toggleVideo': return call.toggleVideo();
      case 'toggleShareScreen': return call.toggleShare();
      case 'hangup': return call.hangup();
      case 'displayName': return call.rename(String(args[0] || '').slice(0, 64));
      case 'sendChatMessage': return call.chat(String(args[0] || ''));
      // The portal's own UI has already asked; a command is a decision.
      case 'endConference': return call.endForAll(false);
      // As Jitsi's: the server still refuses unless everyone present consented (recordingStatusChanged tells).
      case 'startRecording': return call.record(true);
      case 'stopRecording': return call.record(false);
      // Konsil extra: the others without consent see the call page's consent dialog, naming the moderator who asks.
      case 'askRecordingConsent': return call.askConsent();
      default: return undefined;
    }
  });
  bridge.onRequest((name) => {
    const s = call.state();
    if (name === 'isAudioMuted') return s.me.audioMuted;
    if (name === 'isVideoMuted') return s.me.videoMuted;
    if (name === 'getParticipantsInfo') return s.participants.map((p) => ({ participantId: p.id, displayName: p.name, role: p.role }));
    return null;
  });
}
