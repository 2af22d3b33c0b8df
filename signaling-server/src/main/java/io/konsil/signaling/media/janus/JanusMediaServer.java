package io.konsil.signaling.media.janus;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MediaServer} on Janus's VideoRoom plugin over Janus's WebSocket transport. One connection per node, opened
 * on first use; one Janus session per room; one handle per publication and per subscription.
 *
 * <p>When Janus restarts or the connection breaks, every room gets {@link MediaEvent.RoomLost} at once and is
 * forgotten; the next {@link #openRoom} connects again. Nothing is replayed behind the room logic's back: it knows
 * which participants are in the call and re-publishes them (see docs/media.md).
 */
public final class JanusMediaServer implements MediaServer {
  private static final Logger LOG = LoggerFactory.getLogger(JanusMediaServer.class);

  private final Vertx vertx;
  private final Context home;
  private final JanusSettings settings;
  private final Clock clock;
  private final Map<String, Future<JanusRoom>> rooms = new HashMap<>();
  private Future<JanusConnection> connection;

  private JanusMediaServer(Vertx vertx, Context home, JanusSettings settings, Clock clock) {
    this.vertx = vertx;
    this.home = home;
    this.settings = settings;
    this.clock = clock;
  }

  public static JanusMediaServer create(Vertx vertx, JanusSettings settings, Clock clock) {
    return new JanusMediaServer(vertx, vertx.getOrCreateContext(), settings, clock);
  }

  @Override
  public MediaCapabilities capabilities() {
    return new MediaCapabilities("janus", true, "mjr");
  }

  @Override
  public Future<Void> openRoom(String room, MediaEvents events) {
    Context eventContext = Vertx.currentContext() != null ? Vertx.currentContext() : home;
    return onHome(() -> {
      Future<JanusRoom> existing = rooms.get(room);
      if (existing != null) {
        return existing.mapEmpty();
      }
      Future<JanusRoom> opening = connect()
          .compose(c -> JanusSession.create(vertx, c, settings))
          .compose(session -> session.attach(VideoRoomRequests.PLUGIN)
              .compose(control -> control.message(VideoRoomRequests.create(room, settings))
                  .recover(err -> roomExists(err) ? Future.succeededFuture() : Future.failedFuture(err))
                  .map(created -> new JanusRoom(room, session, control, events, eventContext)))
              .onFailure(err -> session.destroy())
              .onSuccess(r -> session.onLost(why -> lost(r, why))))
          .recover(err -> Future.failedFuture(VideoRoomErrors.translate(err, room, null)));
      rooms.put(room, opening);
      opening.onFailure(err -> rooms.remove(room, opening));
      return opening.mapEmpty();
    });
  }

  @Override
  public Future<Void> closeRoom(String room) {
    return onHome(() -> {
      Future<JanusRoom> removed = rooms.remove(room);
      if (removed == null) {
        return Future.succeededFuture();
      }
      return removed.compose(r -> {
        r.end();
        return r.control().message(VideoRoomRequests.destroy(room))
            .<Void>mapEmpty()
            .recover(err -> Future.succeededFuture())
            .compose(v -> r.session().destroy());
      }, err -> Future.succeededFuture());
    });
  }

  @Override
  public Future<Sdp> publish(Publication publication, Sdp offer) {
    return inRoom(publication.room(), publication, r -> {
      if (r.has(publication)) {
        return Future.failedFuture(MediaErrors.alreadyPublishing(r.name(), publication.publisher()));
      }
      return r.attach(publication)
          .compose(h -> h.message(VideoRoomRequests.joinAsPublisher(r.name(), publication.publisher()))
              .compose(joined -> h.message(VideoRoomRequests.publish(), "offer", offer)))
          .compose(reply -> reply.jsep() != null ? Future.succeededFuture(reply.jsep())
              : Future.<Sdp>failedFuture(MediaErrors.serverError("Janus published without an SDP answer")))
          .onFailure(err -> r.release(publication));
    });
  }

  @Override
  public Future<Sdp> subscribe(Subscription subscription) {
    return inRoom(subscription.room(), subscription, r -> r.release(subscription)
        .compose(v -> r.feedReady(subscription.publisher(), settings.requestTimeout().toMillis(), vertx))
        .compose(v -> r.attach(subscription))
        .compose(h -> h.message(VideoRoomRequests.joinAsSubscriber(r.name(), subscription.publisher())))
        .compose(reply -> {
          if (reply.jsep() == null) {
            return Future.<Sdp>failedFuture(MediaErrors.feedUnknown(r.name(), subscription.publisher()));
          }
          String videoMid = videoMid(reply.data());
          if (videoMid != null) {
            r.rememberVideoMid(subscription, videoMid);
          }
          return Future.succeededFuture(reply.jsep());
        })
        .onFailure(err -> r.release(subscription)));
  }

  @Override
  public Future<Void> answer(Subscription subscription, Sdp answer) {
    return inRoom(subscription.room(), subscription, r -> r.handle(subscription)
        .compose(h -> h.message(VideoRoomRequests.start(), "answer", answer))
        .mapEmpty());
  }

  @Override
  public Future<Void> addCandidate(MediaLeg leg, IceCandidate candidate) {
    return inRoom(leg.room(), leg, r -> r.handle(leg).compose(h -> h.trickle(candidate)));
  }

  @Override
  public Future<Void> endOfCandidates(MediaLeg leg) {
    return inRoom(leg.room(), leg, r -> r.handle(leg).compose(JanusHandle::trickleCompleted));
  }

  @Override
  public Future<Void> unsubscribe(Subscription subscription) {
    return inRoom(subscription.room(), subscription, r -> r.release(subscription));
  }

  @Override
  public Future<Void> leave(String room, String participant) {
    return onHome(() -> {
      Future<JanusRoom> found = rooms.get(room);
      if (found == null) {
        return Future.succeededFuture();
      }
      return found.compose(r -> r.leave(participant), err -> Future.succeededFuture());
    });
  }

  @Override
  public Future<Void> selectLayer(Subscription subscription, VideoLayer layer) {
    return inRoom(subscription.room(), subscription, r -> {
      String mid = r.videoMid(subscription);
      if (mid == null) {
        return r.handle(subscription).compose(h ->
            Future.failedFuture(MediaErrors.unsupported("the subscription carries no video")));
      }
      return r.handle(subscription)
          .compose(h -> h.message(VideoRoomRequests.selectSubstream(mid, layer)))
          .mapEmpty();
    });
  }

  @Override
  public Future<Recording> startRecording(String room) {
    return inRoom(room, null, r -> r.control().message(VideoRoomRequests.enableRecording(room, true))
        .map(reply -> new Recording(room, settings.recordingDir(), clock.instant())));
  }

  @Override
  public Future<Void> stopRecording(String room) {
    return inRoom(room, null, r -> r.control().message(VideoRoomRequests.enableRecording(room, false)).mapEmpty());
  }

  @Override
  public Future<Void> close() {
    return onHome(() -> {
      List<Future<Void>> closing = new ArrayList<>();
      for (String room : List.copyOf(rooms.keySet())) {
        closing.add(closeRoom(room));
      }
      return Future.join(closing).compose(v -> {
        Future<JanusConnection> c = connection;
        connection = null;
        return c == null ? Future.succeededFuture() : c.compose(JanusConnection::close, err -> Future.succeededFuture());
      });
    });
  }

  private <T> Future<T> onHome(Supplier<Future<T>> work) {
    return CallerContext.hop(home, work);
  }

  /** Runs {@code work} on the open room, and maps Janus failures to the port's codes for {@code leg}. */
  private <T> Future<T> inRoom(String room, MediaLeg leg, java.util.function.Function<JanusRoom, Future<T>> work) {
    return onHome(() -> {
      Future<JanusRoom> found = rooms.get(room);
      if (found == null) {
        return Future.failedFuture(MediaErrors.roomUnknown(room));
      }
      return found.compose(work::apply)
          .recover(err -> Future.failedFuture(VideoRoomErrors.translate(err, room, leg)));
    });
  }

  private Future<JanusConnection> connect() {
    if (connection != null && (!connection.isComplete() || connection.succeeded() && connection.result().isOpen())) {
      return connection;
    }
    Future<JanusConnection> opening = JanusConnection.open(vertx, settings).onSuccess(c -> c.onLost(why -> {
      LOG.warn("Lost Janus: {}; rooms on it are gone and reconnect on their next open", why);
      if (connection != null && connection.succeeded() && connection.result() == c) {
        connection = null;
      }
    }));
    connection = opening;
    opening.onFailure(err -> {
      if (connection == opening) {
        connection = null;
      }
    });
    return opening;
  }

  private void lost(JanusRoom room, String why) {
    Future<JanusRoom> current = rooms.get(room.name());
    if (current != null && current.succeeded() && current.result() == room) {
      rooms.remove(room.name());
    }
    room.emit(new MediaEvent.RoomLost(room.name(), why));
    room.end();
  }

  private static boolean roomExists(Throwable err) {
    return err instanceof JanusFailure f && f.plugin() && f.code() == VideoRoomErrors.ROOM_EXISTS;
  }

  /** The subscription's video m-line, from the {@code attached} reply's stream list. */
  private static String videoMid(JsonObject attached) {
    JsonArray streams = attached.getJsonArray("streams", new JsonArray());
    for (int i = 0; i < streams.size(); i++) {
      JsonObject s = streams.getJsonObject(i);
      if ("video".equals(s.getString("type"))) {
        return s.getString("mid");
      }
    }
    return null;
  }
}
