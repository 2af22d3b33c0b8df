package io.konsil.signaling.media.kurento;

import io.konsil.signaling.media.MediaErrors;
import io.konsil.signaling.media.MediaEvent;
import io.konsil.signaling.media.MediaEvents;
import io.konsil.signaling.media.MediaLeg;
import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.MediaLeg.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
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
  private final MediaEvents events;
  private final Context eventContext;
  /** Each leg's endpoint, as the tail of that leg's queue of KMS calls. */
  private final Map<MediaLeg, Future<WebRtcEndpoint>> legs = new HashMap<>();
  private final Map<String, RecorderEndpoint> recorders = new HashMap<>();
  private String recordingUri;
  private boolean open = true;

  KurentoRoom(String name, MediaPipeline pipeline, KurentoWorkers workers, MediaEvents events, Context eventContext) {
    this.name = name;
    this.pipeline = pipeline;
    this.workers = workers;
    this.events = events;
    this.eventContext = eventContext;
  }

  String name() {
    return name;
  }

  MediaPipeline pipeline() {
    return pipeline;
  }

  boolean has(MediaLeg leg) {
    return legs.containsKey(leg);
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
    Future<WebRtcEndpoint> tail = legs.get(leg);
    if (tail == null) {
      return Future.failedFuture(MediaErrors.legUnknown(leg));
    }
    Future<T> result = tail.compose(ep -> workers.run(what, () -> blocking.apply(ep)));
    // The next call waits for this one, whether it worked or not.
    legs.put(leg, result.transform(ar -> tail));
    return result;
  }

  Future<WebRtcEndpoint> endpoint(MediaLeg leg) {
    Future<WebRtcEndpoint> tail = legs.get(leg);
    return tail != null ? tail : Future.failedFuture(MediaErrors.legUnknown(leg));
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

  List<MediaLeg> legsOf(String participant) {
    List<MediaLeg> found = new ArrayList<>();
    legs.keySet().stream().filter(l -> l.participant().equals(participant)).forEach(found::add);
    return found;
  }

  List<Subscription> subscriptionsTo(String publisher) {
    List<Subscription> found = new ArrayList<>();
    for (MediaLeg leg : legs.keySet()) {
      if (leg instanceof Subscription s && s.publisher().equals(publisher)) {
        found.add(s);
      }
    }
    return found;
  }

  List<Publication> publications() {
    List<Publication> found = new ArrayList<>();
    legs.keySet().stream().filter(l -> l instanceof Publication).map(l -> (Publication) l).forEach(found::add);
    return found;
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
    if (open) {
      eventContext.runOnContext(v -> events.on(event));
    }
  }

  void end() {
    open = false;
    legs.clear();
    recorders.clear();
  }
}
