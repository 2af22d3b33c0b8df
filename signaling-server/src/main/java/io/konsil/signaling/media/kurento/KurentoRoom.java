package io.konsil.signaling.media.kurento;

import io.konsil.signaling.media.MediaErrors;
import io.konsil.signaling.media.MediaEvent;
import io.konsil.signaling.media.MediaEvents;
import io.konsil.signaling.media.MediaLeg;
import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.RoomLegs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.kurento.client.MediaPipeline;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.WebRtcEndpoint;

/**
 * One room on KMS: one {@link MediaPipeline}, an outgoing {@link WebRtcEndpoint} per publisher and an incoming one per
 * subscription (connected from the publisher's), and a {@link RecorderEndpoint} per publisher while recording.
 * Calls on one leg run one after the other (an answer before the candidates that follow it); different legs run in
 * parallel on the worker pool. Confined to the adapter's context.
 */
final class KurentoRoom {
  private final String name;
  private final MediaPipeline pipeline;
  private final KurentoWorkers workers;
  /** Each leg's endpoint, as the tail of that leg's queue of KMS calls. */
  private final RoomLegs<WebRtcEndpoint> legs;
  private final Map<String, RecorderEndpoint> recorders = new HashMap<>();
  private String recordingUri;

  KurentoRoom(String name, MediaPipeline pipeline, KurentoWorkers workers, MediaEvents events, Context eventContext) {
    this.name = name;
    this.pipeline = pipeline;
    this.workers = workers;
    this.legs = new RoomLegs<>(events, eventContext);
  }

  String name() {
    return name;
  }

  MediaPipeline pipeline() {
    return pipeline;
  }

  boolean has(MediaLeg leg) {
    return legs.has(leg);
  }

  /** Creates the leg's endpoint (named after its participant, so KMS itself shows who holds what). */
  Future<WebRtcEndpoint> create(MediaLeg leg) {
    Future<WebRtcEndpoint> endpoint = workers.run("create endpoint", () -> {
      WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
      ep.setName(leg.participant());
      KurentoLegEvents.attach(ep, leg, this::emit);
      return ep;
    });
    legs.put(leg, endpoint);
    return endpoint;
  }

  /** Queues a blocking call on the leg's endpoint after the leg's earlier calls. */
  <T> Future<T> onLeg(MediaLeg leg, String what, Function<WebRtcEndpoint, T> blocking) {
    if (!legs.has(leg)) {
      return Future.failedFuture(MediaErrors.legUnknown(leg));
    }
    Future<WebRtcEndpoint> tail = legs.get(leg);
    Future<T> result = tail.compose(ep -> workers.run(what, () -> blocking.apply(ep)));
    // The next call waits for this one, whether it worked or not.
    legs.put(leg, result.transform(ar -> tail));
    return result;
  }

  Future<WebRtcEndpoint> endpoint(MediaLeg leg) {
    return legs.get(leg);
  }

  /** Releases the leg's endpoint (and the publisher's recorder); idempotent. */
  Future<Void> release(MediaLeg leg) {
    Future<WebRtcEndpoint> tail = legs.remove(leg);
    RecorderEndpoint recorder = leg instanceof Publication p ? recorders.remove(p.publisher()) : null;
    if (tail == null) {
      return Future.succeededFuture();
    }
    return tail.compose(ep -> workers.run("release endpoint", () -> {
      if (recorder != null) {
        recorder.stop();
        recorder.release();
      }
      ep.release();
      return null;
    }), err -> Future.succeededFuture()).mapEmpty();
  }

  /** A participant leaves: its legs and the subscriptions to its feed are released ({@link RoomLegs#leave}). */
  Future<Void> leave(String participant) {
    return legs.leave(participant, this::release);
  }

  List<Publication> publications() {
    return legs.publications();
  }

  /** Where the room records to, or null when not recording. */
  String recordingUri() {
    return recordingUri;
  }

  void recordingTo(String uri) {
    this.recordingUri = uri;
  }

  Map<String, RecorderEndpoint> recorders() {
    return recorders;
  }

  void emit(MediaEvent event) {
    legs.emit(event);
  }

  void end() {
    legs.end();
    recorders.clear();
  }
}
