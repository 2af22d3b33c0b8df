package io.konsil.signaling.media.kurento;

import io.konsil.signaling.media.CallerContext;
import io.konsil.signaling.media.IceCandidate;
import io.konsil.signaling.media.MediaCapabilities;
import io.konsil.signaling.media.MediaErrors;
import io.konsil.signaling.media.MediaEvent;
import io.konsil.signaling.media.MediaEvents;
import io.konsil.signaling.media.MediaLeg;
import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.MediaLeg.Subscription;
import io.konsil.signaling.media.MediaServer;
import io.konsil.signaling.media.Recording;
import io.konsil.signaling.media.Sdp;
import io.konsil.signaling.media.VideoLayer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.WebRtcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MediaServer} on a Kurento Media Server through kurento-client: one {@link MediaPipeline} per room, per
 * participant an outgoing {@link WebRtcEndpoint} and one incoming endpoint per sender, recordings as WEBM through
 * {@link RecorderEndpoint}s. kurento-client blocks on every call, so all of them run on {@link KurentoWorkers};
 * state stays on this adapter's context.
 *
 * <p>KMS has no simulcast forwarding: {@link #selectLayer} fails with {@link MediaErrors#UNSUPPORTED} (what a phone
 * gets instead is in docs/media.md). When the connection to KMS is lost every room gets {@link MediaEvent.RoomLost}:
 * a restarted KMS has no pipelines left.
 */
public final class KurentoMediaServer implements MediaServer {
  private static final Logger LOG = LoggerFactory.getLogger(KurentoMediaServer.class);

  private final Context home;
  private final KurentoSettings settings;
  private final KurentoWorkers workers;
  private final Clock clock;
  private final Map<String, Future<KurentoRoom>> rooms = new HashMap<>();
  private Future<KurentoClient> client;

  private KurentoMediaServer(Vertx vertx, KurentoSettings settings, Clock clock) {
    this.home = vertx.getOrCreateContext();
    this.settings = settings;
    this.workers = new KurentoWorkers(vertx, settings.workers());
    this.clock = clock;
  }

  public static KurentoMediaServer create(Vertx vertx, KurentoSettings settings, Clock clock) {
    return new KurentoMediaServer(vertx, settings, clock);
  }

  @Override
  public MediaCapabilities capabilities() {
    return new MediaCapabilities("kurento", false, "webm");
  }

  @Override
  public Future<Void> openRoom(String room, MediaEvents events) {
    Context eventContext = Vertx.currentContext() != null ? Vertx.currentContext() : home;
    return onHome(() -> {
      Future<KurentoRoom> existing = rooms.get(room);
      if (existing != null) {
        return existing.mapEmpty();
      }
      Future<KurentoRoom> opening = connect()
          .compose(kurento -> workers.run("create pipeline", () -> {
            MediaPipeline pipeline = kurento.createMediaPipeline();
            pipeline.setName(room);
            return pipeline;
          }))
          .map(pipeline -> new KurentoRoom(room, pipeline, workers, events, eventContext));
      rooms.put(room, opening);
      opening.onFailure(err -> rooms.remove(room, opening));
      return opening.mapEmpty();
    });
  }

  @Override
  public Future<Void> closeRoom(String room) {
    return onHome(() -> {
      Future<KurentoRoom> removed = rooms.remove(room);
      if (removed == null) {
        return Future.succeededFuture();
      }
      return removed.compose(r -> {
        r.end();
        // Releasing the pipeline releases every endpoint and recorder in it.
        return workers.run("release pipeline", () -> {
          r.pipeline().release();
          return null;
        }).<Void>mapEmpty().recover(err -> Future.succeededFuture());
      }, err -> Future.succeededFuture());
    });
  }

  @Override
  public Future<Sdp> publish(Publication publication, Sdp offer) {
    return inRoom(publication.room(), r -> {
      if (r.has(publication)) {
        return Future.failedFuture(MediaErrors.alreadyPublishing(r.name(), publication.publisher()));
      }
      r.create(publication);
      Future<Sdp> answer = r.onLeg(publication, "process offer", ep -> {
        String sdp = ep.processOffer(offer.text());
        ep.gatherCandidates();
        return new Sdp(sdp);
      });
      answer.onFailure(err -> r.release(publication));
      return answer.compose(a -> r.recordingUri() == null ? Future.succeededFuture(a)
          : record(r, publication).map(a));
    });
  }

  @Override
  public Future<Sdp> subscribe(Subscription subscription) {
    return inRoom(subscription.room(), r -> {
      Publication feed = new Publication(r.name(), subscription.publisher());
      if (!r.has(feed)) {
        return Future.failedFuture(MediaErrors.feedUnknown(r.name(), subscription.publisher()));
      }
      return r.release(subscription).compose(v -> {
        r.create(subscription);
        return r.endpoint(feed).compose(source -> r.onLeg(subscription, "generate offer", ep -> {
          source.connect(ep);
          return new Sdp(ep.generateOffer());
        }));
      }).onFailure(err -> r.release(subscription));
    });
  }

  @Override
  public Future<Void> answer(Subscription subscription, Sdp answer) {
    return inRoom(subscription.room(), r -> r.onLeg(subscription, "process answer", ep -> {
      ep.processAnswer(answer.text());
      ep.gatherCandidates();
      return null;
    }));
  }

  @Override
  public Future<Void> addCandidate(MediaLeg leg, IceCandidate candidate) {
    return inRoom(leg.room(), r -> r.onLeg(leg, "add candidate", ep -> {
      ep.addIceCandidate(new org.kurento.client.IceCandidate(candidate.candidate(), candidate.sdpMid(),
          Math.max(candidate.mLineIndex(), 0)));
      return null;
    }));
  }

  @Override
  public Future<Void> endOfCandidates(MediaLeg leg) {
    // KMS takes no end-of-candidates; ICE completes on the candidates it has.
    return inRoom(leg.room(), r -> r.endpoint(leg).mapEmpty());
  }

  @Override
  public Future<Void> unsubscribe(Subscription subscription) {
    return inRoom(subscription.room(), r -> r.release(subscription));
  }

  @Override
  public Future<Void> leave(String room, String participant) {
    return onHome(() -> {
      Future<KurentoRoom> found = rooms.get(room);
      if (found == null) {
        return Future.succeededFuture();
      }
      return found.compose(r -> r.leave(participant), err -> Future.succeededFuture());
    });
  }

  @Override
  public Future<Void> selectLayer(Subscription subscription, VideoLayer layer) {
    return inRoom(subscription.room(), r -> r.endpoint(subscription).compose(ep -> Future.failedFuture(
        MediaErrors.unsupported("Kurento forwards one video layer; it has no simulcast layers to choose from"))));
  }

  @Override
  public Future<Recording> startRecording(String room) {
    return inRoom(room, r -> {
      Instant now = clock.instant();
      if (r.recordingUri() == null) {
        r.recordingTo(settings.recordingUri() + "/" + room + "-" + now.toEpochMilli());
      }
      List<Future<Void>> started = new ArrayList<>();
      for (Publication p : r.publications()) {
        started.add(record(r, p));
      }
      return Future.all(started).map(v -> new Recording(room, r.recordingUri(), now));
    });
  }

  @Override
  public Future<Void> stopRecording(String room) {
    return inRoom(room, r -> {
      r.recordingTo(null);
      List<RecorderEndpoint> stopping = new ArrayList<>(r.recorders().values());
      r.recorders().clear();
      return workers.run("stop recording", () -> {
        for (RecorderEndpoint recorder : stopping) {
          recorder.stopAndWait();
          recorder.release();
        }
        return null;
      }).mapEmpty();
    });
  }

  @Override
  public Future<Void> close() {
    return onHome(() -> {
      List<Future<Void>> closing = new ArrayList<>();
      for (String room : List.copyOf(rooms.keySet())) {
        closing.add(closeRoom(room));
      }
      return Future.join(closing).compose(v -> {
        Future<KurentoClient> c = client;
        client = null;
        Future<Void> destroyed = c == null ? Future.succeededFuture()
            : c.compose(k -> workers.run("disconnect", () -> {
              k.destroy();
              return null;
            }), err -> Future.succeededFuture()).mapEmpty();
        return destroyed.recover(err -> Future.succeededFuture()).compose(x -> workers.close());
      });
    });
  }

  /** One WEBM file per publisher in the room's recording folder; blocking parts on a worker. */
  private Future<Void> record(KurentoRoom r, Publication p) {
    if (r.recorders().containsKey(p.publisher())) {
      return Future.succeededFuture();
    }
    String uri = r.recordingUri() + "/" + p.publisher() + ".webm";
    return r.onLeg(p, "start recording", ep -> {
      RecorderEndpoint recorder = new RecorderEndpoint.Builder(r.pipeline(), uri)
          .withMediaProfile(MediaProfileSpecType.WEBM).build();
      ep.connect(recorder);
      recorder.record();
      return recorder;
    }).map(recorder -> {
      r.recorders().put(p.publisher(), recorder);
      return null;
    });
  }

  private <T> Future<T> onHome(Supplier<Future<T>> work) {
    return CallerContext.hop(home, work);
  }

  private <T> Future<T> inRoom(String room, Function<KurentoRoom, Future<T>> work) {
    return onHome(() -> {
      Future<KurentoRoom> found = rooms.get(room);
      return found == null ? Future.failedFuture(MediaErrors.roomUnknown(room)) : found.compose(work);
    });
  }

  private Future<KurentoClient> connect() {
    if (client != null) {
      return client;
    }
    Future<KurentoClient> connecting = workers.run("connect", () ->
        KurentoClient.create(settings.uri().toString(), new KurentoConnectionListener() {
          @Override
          public void connected() {}

          @Override
          public void connectionFailed() {
            home.runOnContext(v -> lost("cannot reach Kurento"));
          }

          @Override
          public void disconnected() {
            home.runOnContext(v -> lost("the connection to Kurento closed"));
          }

          @Override
          public void reconnected(boolean sameServer) {
            if (!sameServer) {
              home.runOnContext(v -> lost("Kurento restarted"));
            }
          }
        }));
    client = connecting;
    connecting.onFailure(err -> {
      if (client == connecting) {
        client = null;
      }
    });
    return connecting;
  }

  /** KMS keeps no pipeline across a restart: every room is gone. */
  private void lost(String why) {
    LOG.warn("Lost Kurento: {}; its rooms are gone", why);
    Future<KurentoClient> old = client;
    client = null;
    for (Map.Entry<String, Future<KurentoRoom>> e : Map.copyOf(rooms).entrySet()) {
      rooms.remove(e.getKey());
      e.getValue().onSuccess(r -> {
        r.emit(new MediaEvent.RoomLost(r.name(), why));
        r.end();
      });
    }
    if (old != null) {
      old.onSuccess(k -> workers.run("drop client", () -> {
        k.destroy();
        return null;
      }));
    }
  }
}
