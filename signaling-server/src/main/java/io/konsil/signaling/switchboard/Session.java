package io.konsil.signaling.switchboard;

/** A connection this node holds: its ticket, its endpoint once upgraded, and where it is in joining. */
final class Session {
  final Ticket ticket;
  Endpoint endpoint;
  boolean closed;
  /** The same user already had a participant in the room: waiting briefly for a {@code resume} frame. */
  boolean awaitingResume;
  long resumeTimer = -1;
  /** A join or resume was started for this connection, so the room may hold a member on it. */
  boolean joining;
  /** Frames that arrived while the switchboard was still deciding between joining and waiting for a resume. */
  java.util.List<io.konsil.signaling.protocol.ClientMessage> early;
  /** The member this connection carries, as last seen in the room's view (to reclaim it after a false alarm). */
  String memberId;

  Session(Ticket ticket) {
    this.ticket = ticket;
  }

  String conn() {
    return ticket.conn();
  }

  void send(String frame) {
    if (!closed && endpoint != null) {
      endpoint.send(frame);
    }
  }
}
