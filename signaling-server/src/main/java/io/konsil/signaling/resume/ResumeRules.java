package io.konsil.signaling.resume;

import io.konsil.signaling.call.Joiner;
import io.konsil.signaling.call.Membership;
import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.protocol.CloseCodes;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.protocol.ServerFrames;
import io.konsil.signaling.room.Draft;
import io.konsil.signaling.room.Member;

/**
 * Taking a participant back on a new connection — after a dropped socket, on another node after a node died, or to
 * bring a client back in sync after events were lost — without a second admission.
 */
public final class ResumeRules {
  private ResumeRules() {}

  /**
   * {@code resume} as the first frame of {@code j.conn()}: the member holding that token, if it is the same user, is
   * carried by this connection from now on (same participant id, same admission, a new token). Otherwise the client
   * is told {@code resume-invalid} and joins as a new participant.
   */
  public static void resume(Draft d, Joiner j, ClientMessage.Resume r) {
    String hash = ResumeTokens.hash(r.resumeToken());
    Member m = null;
    for (Member candidate : d.members()) {
      if (hash.equals(candidate.resumeHash())) {
        m = candidate;
      }
    }
    if (m == null || !m.userId().equals(j.caller().id())) {
      d.fail(j.conn(), r, ErrorCodes.RESUME_INVALID, "Unknown or expired resume token; joining as a new participant");
      Membership.join(d, j);
      return;
    }
    if (m.conn() != null && !m.conn().equals(j.conn())) {
      // The old connection is still open as far as anyone knows (half-open TCP): this one takes over.
      d.close(m.conn(), null, CloseCodes.REPLACED, "replaced");
    }
    boolean wasReconnecting = !m.connected();
    rejoin(d, m, j.conn(), wasReconnecting);
  }

  /**
   * The client on {@code conn} may have missed frames (the bus between nodes reconnected): it gets a fresh
   * {@code welcome} or {@code lobby} marked resumed, with everything current, as after a resume.
   */
  public static void resync(Draft d, String conn) {
    Member m = d.memberOnConn(conn);
    if (m != null) {
      rejoin(d, m, conn, false);
    }
  }

  /**
   * The network took this node for dead (its heartbeat lapsed while it was merely slow) and marked member
   * {@code memberId} reconnecting, yet its connection {@code conn} is alive here: it is carried by {@code conn} again
   * and brought back in sync. A member meanwhile resumed elsewhere or gone is left alone.
   */
  public static void reclaim(Draft d, String conn, String memberId) {
    Member m = d.member(memberId);
    if (m == null || (m.conn() != null && !m.conn().equals(conn))) {
      return;
    }
    rejoin(d, m, conn, !m.connected());
  }

  private static void rejoin(Draft d, Member m, String conn, boolean announce) {
    String token = ResumeTokens.newToken();
    Member back = m.connectedTo(conn, ResumeTokens.hash(token));
    d.put(back);
    if (back.inCall()) {
      d.send(back, ServerFrames.welcome(d.next(), back, true, token, d.context().ice().forUser(back.userId()),
          d.context().limits(), d.context().details(), d.context().mediaServer()));
      if (announce) {
        d.broadcast(ServerFrames.participantUpdated(back), back.id());
      }
    } else {
      d.send(back, ServerFrames.lobby(d.next(), back, true, token, d.context().limits(), d.context().details()));
    }
  }
}
