package io.konsil.signaling.media;

import io.konsil.common.error.KonsilException;

/**
 * The stable codes with which {@link MediaServer} futures fail, each a {@link KonsilException} (documented in
 * docs/media.md). The room logic turns them into {@code error} frames like any other; the same code means the same
 * thing whichever server is behind the port.
 */
public final class MediaErrors {
  private MediaErrors() {}

  /** The room was never opened on the media server, was closed, or the server lost it. */
  public static final String ROOM_UNKNOWN = "media-room-unknown";
  /** The publisher asked for is not publishing in that room. */
  public static final String FEED_UNKNOWN = "media-feed-unknown";
  /** No such publication or subscription (a candidate or answer for a leg that does not exist). */
  public static final String LEG_UNKNOWN = "media-leg-unknown";
  /** The participant already publishes (a second publish without leave). */
  public static final String ALREADY_PUBLISHING = "media-already-publishing";
  /** The room's publisher cap on the media server is reached. */
  public static final String ROOM_FULL = "media-room-full";
  /** The media server refused an SDP offer or answer, or an ICE candidate. */
  public static final String SDP_REJECTED = "media-sdp-rejected";
  /** This media server cannot do what was asked (e.g. simulcast layers on Kurento). */
  public static final String UNSUPPORTED = "media-unsupported";
  /** The media server cannot be reached, did not answer in time, or lost our session. Worth retrying. */
  public static final String SERVER_UNAVAILABLE = "media-server-unavailable";
  /** The media server answered with an error this adapter does not expect (see the node log). */
  public static final String SERVER_ERROR = "media-server-error";

  public static KonsilException roomUnknown(String room) {
    return new KonsilException(404, ROOM_UNKNOWN, "room " + room + " is not open on the media server");
  }

  public static KonsilException feedUnknown(String room, String publisher) {
    return new KonsilException(404, FEED_UNKNOWN, publisher + " is not publishing in room " + room);
  }

  public static KonsilException legUnknown(MediaLeg leg) {
    return new KonsilException(404, LEG_UNKNOWN, "no " + describe(leg) + " on the media server");
  }

  public static KonsilException alreadyPublishing(String room, String publisher) {
    return new KonsilException(409, ALREADY_PUBLISHING, publisher + " already publishes in room " + room);
  }

  public static KonsilException roomFull(String room) {
    return new KonsilException(409, ROOM_FULL, "room " + room + " has as many publishers as the media server allows");
  }

  public static KonsilException sdpRejected(String why) {
    return new KonsilException(400, SDP_REJECTED, "the media server refused the session description: " + why);
  }

  public static KonsilException unsupported(String what) {
    return new KonsilException(501, UNSUPPORTED, what);
  }

  public static KonsilException unavailable(String why) {
    return new KonsilException(503, SERVER_UNAVAILABLE, "media server unavailable: " + why);
  }

  public static KonsilException serverError(String why) {
    return new KonsilException(502, SERVER_ERROR, "media server error: " + why);
  }

  private static String describe(MediaLeg leg) {
    if (leg instanceof MediaLeg.Subscription s) {
      return "subscription of " + s.subscriber() + " to " + s.publisher() + " in room " + s.room();
    }
    return "publication of " + leg.participant() + " in room " + leg.room();
  }
}
