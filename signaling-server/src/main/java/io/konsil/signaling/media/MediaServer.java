package io.konsil.signaling.media;

import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.MediaLeg.Subscription;
import io.vertx.core.Future;

/**
 * A selective forwarding unit (Janus VideoRoom, Kurento) behind one port, in the words of a call: rooms,
 * participants who publish their camera, and subscribers who receive another participant's feed.
 *
 * <p>Every method returns at once and never blocks the caller's event loop; its future completes on the caller's
 * Vert.x context, and fails with a {@link io.konsil.common.error.KonsilException} whose code is one of
 * {@link MediaErrors}. Events of a room ({@link MediaEvent}) reach the {@link MediaEvents} given to
 * {@link #openRoom} on the context that opened the room, so room logic confined to one context can drive any
 * implementation without locks.
 *
 * <p>A call through the server, per participant: {@link #publish} (browser offer, server answer), then for each other
 * publisher {@link #subscribe} (server offer) and {@link #answer} (browser answer); browser candidates go in through
 * {@link #addCandidate} and {@link #endOfCandidates}, server candidates come out as {@link MediaEvent.LocalCandidate}.
 * {@link #leave} releases everything the participant held.
 */
public interface MediaServer {

  MediaCapabilities capabilities();

  /** Prepares {@code room} on the server (idempotent); its events go to {@code events}. */
  Future<Void> openRoom(String room, MediaEvents events);

  /** Releases the room and every leg in it (idempotent). */
  Future<Void> closeRoom(String room);

  /** Takes the publisher's SDP offer and answers it; the publisher's feed becomes subscribable once connected. */
  Future<Sdp> publish(Publication publication, Sdp offer);

  /** Creates the subscriber's leg for the publisher's feed and returns the server's SDP offer for it. */
  Future<Sdp> subscribe(Subscription subscription);

  /** Completes a subscription with the subscriber's SDP answer; media starts flowing once ICE connects. */
  Future<Void> answer(Subscription subscription, Sdp answer);

  /** A candidate the browser gathered for {@code leg} (trickle ICE). */
  Future<Void> addCandidate(MediaLeg leg, IceCandidate candidate);

  /** The browser has no more candidates for {@code leg}. */
  Future<Void> endOfCandidates(MediaLeg leg);

  /** Ends one subscription (the subscriber no longer shows that feed). */
  Future<Void> unsubscribe(Subscription subscription);

  /** Releases the participant's publication and all its subscriptions (idempotent). */
  Future<Void> leave(String room, String participant);

  /**
   * Asks for a lower (or higher) simulcast layer of the subscription's video, e.g. for a phone. Fails with
   * {@link MediaErrors#UNSUPPORTED} where {@link MediaCapabilities#videoLayers()} is false.
   */
  Future<Void> selectLayer(Subscription subscription, VideoLayer layer);

  /** Starts recording every publisher of the room, present and future; says where the server writes it. */
  Future<Recording> startRecording(String room);

  /** Stops recording the room; what was written stays where {@link Recording#location()} says. */
  Future<Void> stopRecording(String room);

  /** Closes every room this node opened and the connection to the server. */
  Future<Void> close();
}
