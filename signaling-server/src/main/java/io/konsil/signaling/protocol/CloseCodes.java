package io.konsil.signaling.protocol;

/** WebSocket close codes the server uses (RFC 6455 section 7.4 plus the application range 4000-4999). */
public final class CloseCodes {
  private CloseCodes() {}

  /** The room was ended by a moderator (after an {@code ended} frame). */
  public static final short NORMAL = 1000;
  /** The node is shutting down (after {@code ended} with reason {@code node-shutdown}); reconnect elsewhere. */
  public static final short GOING_AWAY = 1001;
  /** Sustained flood past the rate limit. */
  public static final short POLICY_VIOLATION = 1008;
  /** A frame larger than the frame limit. */
  public static final short TOO_BIG = 1009;
  /** No frame within the idle timeout; the session may be resumed within the grace period. */
  public static final short IDLE_TIMEOUT = 4000;
  /** Removed by a moderator (after {@code kicked}). */
  public static final short KICKED = 4001;
  /** Refused entry by a moderator (after {@code denied}). */
  public static final short DENIED = 4003;
  /** The room was full when joining (after {@code error} room-full). */
  public static final short ROOM_FULL = 4009;
  /**
   * The client stopped reading: more than {@code Connection.MAX_BACKLOG_BYTES} piled up behind a full write queue.
   * The session may be resumed within the grace period.
   */
  public static final short SLOW_CONSUMER = 4008;
  /** The room's state could not be reached at join (store-unavailable); try again shortly (RFC 6455 "Try Again Later"). */
  public static final short TRY_AGAIN_LATER = 1013;
  /** The session was resumed on another connection. */
  public static final short REPLACED = 4010;
}
