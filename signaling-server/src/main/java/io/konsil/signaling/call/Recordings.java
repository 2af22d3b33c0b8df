package io.konsil.signaling.call;

import io.konsil.common.audit.AuditAction;
import io.konsil.common.token.Role;
import io.konsil.signaling.audit.ConsultationEvent;
import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.protocol.ServerFrames;
import io.konsil.signaling.room.Draft;
import io.konsil.signaling.room.Member;
import io.konsil.signaling.room.RoomRecording;
import java.util.ArrayList;
import java.util.List;

/**
 * Recording, only with everyone's consent: a call is recorded only through the media server, only while every
 * participant in it has consented (who, their role and the wording version are kept with the member, and audited);
 * a joiner without consent or a withdrawal stops it at once, visibly to all.
 */
public final class Recordings {
  /**
   * A moderator's request for consent reaches people at most once in this long (whichever moderator asks, on whichever
   * node): a request is a prompt on the other person's screen, and a second one a moment later is pressure, not news.
   */
  public static final long ASK_AGAIN_AFTER_MS = 30_000;

  private Recordings() {}

  /** A participant gives or withdraws consent (also while waiting, before they are let in). */
  public static void consent(Draft d, Member m, ClientMessage.Consent c) {
    if (c.recording()) {
      d.audit(AuditAction.RECORDING_CONSENT, ConsultationEvent.actor(m), null, code(c.version()));
    } else if (m.consent() != null) {
      d.audit(AuditAction.RECORDING_WITHDRAW, ConsultationEvent.actor(m), null, code(m.consent()));
    }
    d.put(m.consenting(c.recording() ? c.version() : null, d.now()));
    Member updated = d.member(m.id());
    if (updated.inCall()) {
      d.broadcast(ServerFrames.participantUpdated(updated), m.id());
    }
    d.ack(m.conn(), c);
    if (!c.recording() && updated.inCall() && d.recording() != null) {
      stop(d, "consent-withdrawn", updated);
    }
  }

  /**
   * A moderator asks everyone else in the call who has not consented: each of them gets {@code
   * recording-consent-request} (the web client shows the consent dialog, naming who asks). Calls through the media
   * server only, as recording is; not again within {@link #ASK_AGAIN_AFTER_MS}. Nobody to ask: only the ack.
   */
  public static void askConsent(Draft d, Member moderator, ClientMessage.ConsentRequest q) {
    if (!d.viaServer()) {
      d.fail(moderator.conn(), q, ErrorCodes.RECORDING_NEEDS_SFU,
          "Only calls through the media server can be recorded; this call is peer to peer");
      return;
    }
    long since = d.now() - d.consentAskedAt();
    if (d.consentAskedAt() != 0 && since < ASK_AGAIN_AFTER_MS) {
      long wait = (ASK_AGAIN_AFTER_MS - since + 999) / 1000;
      d.fail(moderator.conn(), q, ErrorCodes.RECORDING_CONSENT_ASKED_RECENTLY,
          "Everyone without consent was asked " + (since / 1000) + " s ago; ask again in " + wait + " s");
      return;
    }
    List<Member> asked = new ArrayList<>();
    for (Member m : d.members()) {
      if (m.inCall() && m.consent() == null && !m.id().equals(moderator.id()) && m.connected()) {
        asked.add(m);
      }
    }
    if (!asked.isEmpty()) {
      String frame = ServerFrames.consentRequest(moderator, d.now());
      asked.forEach(m -> d.send(m, frame));
      d.consentAsked(d.now());
      auditAsked(d, moderator, asked);
    }
    d.ack(moderator.conn(), q);
  }

  /**
   * A request for consent is a consultation event: one entry per patient asked (whose trail it belongs to), or one for
   * the room when only clinicians were asked.
   */
  private static void auditAsked(Draft d, Member moderator, List<Member> asked) {
    List<Member> patients = asked.stream().filter(m -> m.role() == Role.PATIENT).toList();
    if (patients.isEmpty()) {
      d.audit(AuditAction.RECORDING_CONSENT_REQUEST, ConsultationEvent.actor(moderator), null);
    }
    patients.forEach(p -> d.audit(AuditAction.RECORDING_CONSENT_REQUEST, ConsultationEvent.actor(moderator), p));
  }

  /** A moderator's {@code recordings}: the room's recordings, with where the media server wrote them. */
  public static void list(Draft d, Member moderator, ClientMessage.RecordingList q) {
    d.sendTo(moderator.conn(), ServerFrames.recordings(d.recordings(), q.id()));
  }

  /**
   * A wording version as the audit trail keeps it: a code ({@code konsil-recording-v1}), never whatever text a client
   * sent in its place (the trail holds no free text); anything else is kept as {@code unrecognised}.
   */
  static String code(String version) {
    return version != null && version.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") ? version : "unrecognised";
  }

  /** Who in the call has not consented; empty when a recording may start. */
  public static List<String> withoutConsent(Draft d) {
    List<String> names = new ArrayList<>();
    for (Member m : d.members()) {
      if (m.inCall() && m.consent() == null) {
        names.add(m.name());
      }
    }
    return names;
  }

  /**
   * Checks a moderator's {@code record on}: media through the server and everyone's consent. Returns true when the
   * recording may start (the node then asks the media server and commits {@link #started}).
   */
  public static boolean mayStart(Draft d, Member moderator, ClientMessage.Record r) {
    if (!d.viaServer()) {
      d.fail(moderator.conn(), r, ErrorCodes.RECORDING_NEEDS_SFU,
          "Only calls through the media server can be recorded; this call is peer to peer");
      return false;
    }
    List<String> missing = withoutConsent(d);
    if (!missing.isEmpty()) {
      d.fail(moderator.conn(), r, ErrorCodes.RECORDING_CONSENT_MISSING,
          "Not everyone has consented to recording: " + String.join(", ", missing));
      return false;
    }
    return d.recording() == null;
  }

  /** The media server is recording: the room says so, to everyone. */
  public static void started(Draft d, Member moderator, String location, ClientMessage.Record r) {
    if (!withoutConsent(d).isEmpty() || d.recording() != null) {
      // Someone without consent came in, or another moderator started it, while the server was asked.
      d.stopMedia();
      return;
    }
    RoomRecording rec = new RoomRecording(moderator.id(), d.now(), 0, location);
    d.audit(AuditAction.RECORDING_START, ConsultationEvent.actor(moderator), null);
    d.recordingStarted(rec);
    d.broadcast(ServerFrames.recording(rec, null), null);
    d.toModerators(ServerFrames.recordings(d.recordings(), null));
    d.ack(moderator.conn(), r);
  }

  /**
   * Stops a running recording ({@code reason}: moderator, consent-withdrawn, participant-without-consent), on {@code
   * by}'s account: the moderator, the one who withdrew, the joiner without consent.
   */
  public static void stop(Draft d, String reason, Member by) {
    RoomRecording running = d.recording();
    if (running == null) {
      return;
    }
    d.audit(AuditAction.RECORDING_STOP, ConsultationEvent.actor(by), null, reason);
    d.recordingStopped();
    d.stopMedia();
    d.broadcast(ServerFrames.recording(running.stopped(d.now()), reason), null);
    // Moderators see the list with the new file at once, not only in their next welcome.
    d.toModerators(ServerFrames.recordings(d.recordings(), null));
  }
}
