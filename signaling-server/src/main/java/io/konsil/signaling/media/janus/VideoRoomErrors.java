package io.konsil.signaling.media.janus;

import io.konsil.common.error.KonsilException;
import io.konsil.signaling.media.MediaErrors;
import io.konsil.signaling.media.MediaLeg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns Janus core and VideoRoom error codes into {@link MediaErrors}. */
final class VideoRoomErrors {
  private static final Logger LOG = LoggerFactory.getLogger(VideoRoomErrors.class);

  // VideoRoom plugin (janus_videoroom.c, JANUS_VIDEOROOM_ERROR_*)
  static final int ALREADY_JOINED = 425;
  static final int NO_SUCH_ROOM = 426;
  static final int ROOM_EXISTS = 427;
  static final int NO_SUCH_FEED = 428;
  static final int INVALID_ELEMENT = 430;
  static final int INVALID_SDP_TYPE = 431;
  static final int PUBLISHERS_FULL = 432;
  static final int UNAUTHORIZED = 433;
  static final int ALREADY_PUBLISHED = 434;
  static final int ID_EXISTS = 436;
  static final int INVALID_SDP = 437;
  // Janus core (apierror.h, JANUS_ERROR_*)
  static final int CORE_UNAUTHORIZED = 403;
  static final int CORE_JSEP_UNKNOWN_TYPE = 464;
  static final int CORE_JSEP_INVALID_SDP = 465;
  static final int CORE_TRICKLE_INVALID_STREAM = 466;
  static final int CORE_UNEXPECTED_ANSWER = 469;

  private VideoRoomErrors() {}

  /** The {@link KonsilException} for a failed request about {@code leg} (or room-wide when leg is null). */
  static Throwable translate(Throwable err, String room, MediaLeg leg) {
    if (!(err instanceof JanusFailure f)) {
      return err;
    }
    String feed = leg == null ? "?" : leg.feed();
    if (f.plugin()) {
      switch (f.code()) {
        case NO_SUCH_ROOM:
          return MediaErrors.roomUnknown(room);
        case NO_SUCH_FEED:
          return MediaErrors.feedUnknown(room, feed);
        case PUBLISHERS_FULL:
          return MediaErrors.roomFull(room);
        case ALREADY_JOINED:
        case ALREADY_PUBLISHED:
        case ID_EXISTS:
          return MediaErrors.alreadyPublishing(room, feed);
        case INVALID_SDP:
        case INVALID_SDP_TYPE:
          return MediaErrors.sdpRejected(f.getMessage());
        default:
          break;
      }
    } else {
      switch (f.code()) {
        case JanusFailure.NO_SUCH_SESSION:
          return MediaErrors.unavailable("Janus lost the session of room " + room);
        case JanusFailure.NO_SUCH_HANDLE:
          return leg == null ? MediaErrors.roomUnknown(room) : MediaErrors.legUnknown(leg);
        case CORE_JSEP_UNKNOWN_TYPE:
        case CORE_JSEP_INVALID_SDP:
        case CORE_TRICKLE_INVALID_STREAM:
        case CORE_UNEXPECTED_ANSWER:
          return MediaErrors.sdpRejected(f.getMessage());
        default:
          break;
      }
    }
    LOG.warn("Janus {} error {} in room {}: {}", f.plugin() ? "VideoRoom" : "core", f.code(), room, f.getMessage());
    return MediaErrors.serverError((f.plugin() ? "VideoRoom " : "Janus ") + f.code() + " " + f.getMessage());
  }
}
