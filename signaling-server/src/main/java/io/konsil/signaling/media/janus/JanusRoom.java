package io.konsil.signaling.media.janus;

import io.konsil.signaling.media.MediaErrors;
import io.konsil.signaling.media.MediaEvent;
import io.konsil.signaling.media.MediaEvents;
import io.konsil.signaling.media.MediaLeg;
import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.MediaLeg.Subscription;
import io.konsil.signaling.media.RoomLegs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;

/**
 * One room on Janus: its own Janus session (so a room's trouble stays in that room and closing it frees everything
 * at once), a control handle for room-wide requests, and one handle per leg. Legs are kept as futures of their
 * handle so that a browser candidate arriving while the handle is still being attached waits for it instead of
 * being lost. Confined to the adapter's context.
 */
final class JanusRoom {
  private final String name;
  private final JanusSession session;
  private final JanusHandle control;
  private final RoomLegs<JanusHandle> legs;
  private final Map<Subscription, String> videoMids = new HashMap<>();
  /** Publications of this node whose peer connection is not up yet, by publisher. */
  private final Map<String, Promise<Void>> connecting = new HashMap<>();

  JanusRoom(String name, JanusSession session, JanusHandle control, MediaEvents events, Context eventContext) {
    this.name = name;
    this.session = session;
    this.control = control;
    this.legs = new RoomLegs<>(events, eventContext);
  }

  String name() {
    return name;
  }

  JanusSession session() {
    return session;
  }

  JanusHandle control() {
    return control;
  }

  boolean isOpen() {
    return legs.isOpen();
  }

  /** Attaches a new handle for {@code leg}; its events become the room's events. */
  Future<JanusHandle> attach(MediaLeg leg) {
    if (leg instanceof Publication p) {
      connecting.put(p.publisher(), Promise.promise());
    }
    Future<JanusHandle> handle = session.attach(VideoRoomRequests.PLUGIN).map(h -> {
      h.onEvent(e -> JanusEvents.translate(leg, e).ifPresent(event -> {
        if (event instanceof MediaEvent.LegConnected && leg instanceof Publication p) {
          Promise<Void> up = connecting.remove(p.publisher());
          if (up != null) {
            up.tryComplete();
          }
        }
        emit(event);
      }));
      return h;
    });
    legs.put(leg, handle);
    return handle;
  }

  boolean has(MediaLeg leg) {
    return legs.has(leg);
  }

  Future<JanusHandle> handle(MediaLeg leg) {
    return legs.get(leg);
  }

  /**
   * Completes once {@code publisher}'s feed can be subscribed to. Janus lists a feed only after its publisher's peer
   * connection is up; room logic may subscribe right after publish, so a subscription to a publication of this node
   * still connecting waits for it (bounded by {@code timeoutMillis}). Feeds this node does not know are left to Janus.
   */
  Future<Void> feedReady(String publisher, long timeoutMillis, io.vertx.core.Vertx vertx) {
    Promise<Void> up = connecting.get(publisher);
    if (up == null) {
      return Future.succeededFuture();
    }
    long timer = vertx.setTimer(timeoutMillis, t -> up.tryFail(MediaErrors.feedUnknown(name, publisher)));
    return up.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  void rememberVideoMid(Subscription subscription, String mid) {
    videoMids.put(subscription, mid);
  }

  String videoMid(Subscription subscription) {
    return videoMids.get(subscription);
  }

  /** Forgets the leg and detaches its handle (Janus hangs up its peer connection). */
  Future<Void> release(MediaLeg leg) {
    Future<JanusHandle> handle = legs.remove(leg);
    if (leg instanceof Subscription s) {
      videoMids.remove(s);
    } else {
      Promise<Void> up = connecting.remove(leg.participant());
      if (up != null) {
        up.tryFail(MediaErrors.feedUnknown(name, leg.participant()));
      }
    }
    if (handle == null) {
      return Future.succeededFuture();
    }
    if (leg instanceof Subscription) {
      return handle.compose(JanusHandle::detach).recover(err -> Future.succeededFuture());
    }
    // A detach alone removes the publisher from the room only when Janus has torn its peer connection down, some
    // time later; a leave is answered once it is out of the room, so "left" means gone for whoever asks next.
    return handle.compose(h -> h.message(VideoRoomRequests.leave())
            .<Void>mapEmpty()
            .recover(err -> Future.succeededFuture())
            .compose(v -> h.detach()))
        .recover(err -> Future.succeededFuture());
  }

  /** A participant leaves: its legs and the subscriptions to its feed are released ({@link RoomLegs#leave}). */
  Future<Void> leave(String participant) {
    return legs.leave(participant, this::release);
  }

  void emit(MediaEvent event) {
    legs.emit(event);
  }

  /** Marks the room gone; Janus already dropped (or is dropping) everything in it. */
  void end() {
    legs.end();
    videoMids.clear();
    connecting.values().forEach(p -> p.tryFail(MediaErrors.roomUnknown(name)));
    connecting.clear();
  }
}
