package io.konsil.signaling.protocol;

/** The stable {@code code}s of {@code error} frames and handshake refusals; each is documented in docs/protocol.md. */
public final class ErrorCodes {
  private ErrorCodes() {}

  // error frames: the connection keeps working
  public static final String MALFORMED_JSON = "malformed-json";
  public static final String UNKNOWN_TYPE = "unknown-type";
  public static final String MISSING_FIELD = "missing-field";
  public static final String INVALID_FIELD = "invalid-field";
  public static final String TEXT_TOO_LONG = "text-too-long";
  public static final String PARTICIPANT_UNKNOWN = "participant-unknown";
  public static final String PARTICIPANT_NOT_ADMITTED = "participant-not-admitted";
  public static final String PARTICIPANT_RECONNECTING = "participant-reconnecting";
  public static final String NOT_MODERATOR = "not-moderator";
  public static final String NOT_ADMITTED = "not-admitted";
  public static final String RESUME_INVALID = "resume-invalid";
  public static final String RATE_LIMITED = "rate-limited";
  public static final String INTERNAL = "internal-error";
  /** The call is at its peer-to-peer limit ({@code --mesh-max}) and no media server is configured. */
  public static final String CALL_FULL = "call-full";
  /** An {@code sfu-*} frame in a call whose media is peer to peer. */
  public static final String NOT_VIA_SERVER = "not-via-media-server";
  /** Recording needs the media server: a peer-to-peer call is never recorded. */
  public static final String RECORDING_NEEDS_SFU = "recording-needs-sfu";
  /** Recording was refused: someone present has not consented (the message names them). */
  public static final String RECORDING_CONSENT_MISSING = "recording-consent-missing";
  /**
   * {@code recording-consent-request} again within 30 s of the room's last one: the people without consent were asked
   * a moment ago and are not asked twice (the message says when to ask again).
   */
  public static final String RECORDING_CONSENT_ASKED_RECENTLY = "recording-consent-asked-recently";
  /** The network's shared store (Redis) did not answer; the frame had no effect. */
  public static final String STORE_UNAVAILABLE = "store-unavailable";
  // error frame followed by a close
  public static final String ROOM_FULL = "room-full";
  public static final String MESSAGE_TOO_BIG = "message-too-big";
  public static final String FLOOD = "flood";
  /** Close reason only (close 4008): the client stopped reading and its backlog passed the bound. */
  public static final String SLOW_CONSUMER = "slow-consumer";

  // handshake refusals (HTTP), besides the token-* codes of the token verifier
  public static final String ROOM_INVALID = "room-invalid";
  /** {@code camera} or {@code microphone} on the signal URL is not 0 or 1. */
  public static final String INVALID_QUERY = "invalid-query";
  public static final String ORIGIN_NOT_ALLOWED = "origin-not-allowed";
  public static final String TOO_MANY_CONNECTIONS = "too-many-connections";
  public static final String SHUTTING_DOWN = "shutting-down";
}
