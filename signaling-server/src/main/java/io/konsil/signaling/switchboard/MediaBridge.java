package io.konsil.signaling.switchboard;

import io.konsil.common.error.KonsilException;
import io.konsil.signaling.media.IceCandidate;
import io.konsil.signaling.media.MediaErrors;
import io.konsil.signaling.media.MediaEvent;
import io.konsil.signaling.media.MediaLeg;
import io.konsil.signaling.media.MediaServer;
import io.konsil.signaling.media.Recording;
import io.konsil.signaling.media.Sdp;
import io.konsil.signaling.media.VideoLayer;
import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.protocol.ServerFrames;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of calls through the media server: it carries its own participants' {@code sfu-*} frames to the
 * {@link MediaServer} and the server's candidates and events back to them. The browsers speak only Konsil signaling;
 * tokens, the lobby and roles stay enforced by the switchboard, which only lets members in the call through here.
 * Each node drives the server for the participants it holds; all nodes of a network use the same media server, so
 * a room's publishers see each other whichever node they are on. Runs on the switchboard's context.
 */
final class MediaBridge {
  private static final Logger LOG = LoggerFactory.getLogger(MediaBridge.class);

  /** What the bridge needs of the switchboard. */
  interface Host {
    /** Sends a frame to the local connection carrying {@code member} in {@code room}, if this node holds it. */
    void toMember(String roomKey, String memberId, String frame);

    /** Marks {@code member} as publishing (or not) in the room's state, for everyone to subscribe. */
    void publishing(String roomKey, String memberId, boolean publishes);

    /** The media server lost the room: everyone of this node in it must publish and subscribe again. */
    void mediaLost(String roomKey, String reason);
  }

  private final MediaServer server;
  private final Host host;
  private final Map<String, Future<Void>> open = new HashMap<>();
  private final Map<String, Set<String>> publishing = new HashMap<>();

  MediaBridge(MediaServer server, Host host) {
    this.server = server;
    this.host = host;
  }

  /** The kind of media server (for clients and the rules), or null when this node has none. */
  String kind() {
    return server == null ? null : server.capabilities().server();
  }

  boolean present() {
    return server != null;
  }

  private Future<Void> opened(String room) {
    return open.computeIfAbsent(room, r -> server.openRoom(r, event -> onEvent(r, event))
        .onFailure(err -> open.remove(r)));
  }

  /** Handles one {@code sfu-*} frame of {@code member} (in the call, in a room whose media goes through the server). */
  void handle(String room, String member, ClientMessage m, Session s) {
    Future<?> done;
    if (m instanceof ClientMessage.SfuPublish p) {
      MediaLeg.Publication leg = new MediaLeg.Publication(room, member);
      // A second publish (a reloaded page) replaces the first: the server allows one publication per participant.
      Future<Void> before = published(room).contains(member) ? server.leave(room, member).otherwiseEmpty()
          : Future.succeededFuture();
      done = opened(room).compose(v -> before).compose(v -> server.publish(leg, new Sdp(p.sdp()))).onSuccess(answer -> {
        published(room).add(member);
        s.send(ServerFrames.sfuAnswer(answer.text(), p.id()));
        host.publishing(room, member, true);
      });
    } else if (m instanceof ClientMessage.SfuSubscribe sub) {
      MediaLeg.Subscription leg = new MediaLeg.Subscription(room, member, sub.feed());
      done = opened(room).compose(v -> server.subscribe(leg))
          .onSuccess(offer -> s.send(ServerFrames.sfuOffer(sub.feed(), offer.text(), sub.id())));
    } else if (m instanceof ClientMessage.SfuAnswer a) {
      done = server.answer(new MediaLeg.Subscription(room, member, a.feed()), new Sdp(a.sdp())).onSuccess(v -> ack(s, m));
    } else if (m instanceof ClientMessage.SfuCandidate c) {
      MediaLeg leg = "publish".equals(c.leg()) ? new MediaLeg.Publication(room, member)
          : new MediaLeg.Subscription(room, member, c.leg());
      done = (c.candidate() == null ? server.endOfCandidates(leg)
          : server.addCandidate(leg, new IceCandidate(c.candidate(), c.sdpMid(), c.sdpMLineIndex())))
          .onSuccess(v -> ack(s, m));
    } else if (m instanceof ClientMessage.SfuUnsubscribe u) {
      done = server.unsubscribe(new MediaLeg.Subscription(room, member, u.feed())).onSuccess(v -> ack(s, m));
    } else if (m instanceof ClientMessage.SfuLayer l) {
      done = server.selectLayer(new MediaLeg.Subscription(room, member, l.feed()),
          VideoLayer.valueOf(l.layer().toUpperCase(Locale.ROOT))).onSuccess(v -> ack(s, m));
    } else {
      return;
    }
    done.onFailure(err -> {
      // A browser may still trickle to a leg the server has just closed (its publisher left): nothing to report.
      if (!(m instanceof ClientMessage.SfuCandidate && MediaErrors.LEG_UNKNOWN.equals(code(err)))) {
        s.send(ServerFrames.error(code(err), message(err), m.id()));
      }
    });
  }

  private Set<String> published(String room) {
    return publishing.computeIfAbsent(room, r -> new HashSet<>());
  }

  /** Starts recording the room on the media server; completes with where it writes. */
  Future<Recording> startRecording(String room) {
    return opened(room).compose(v -> server.startRecording(room));
  }

  void stopRecording(String room) {
    opened(room).compose(v -> server.stopRecording(room))
        .onFailure(err -> LOG.warn("could not stop recording room={}: {}", room, err.getMessage()));
  }

  /** {@code member} left the room, or is now carried by another node: release what it held on the server. */
  void left(String room, String member) {
    if (!open.containsKey(room)) {
      return;
    }
    published(room).remove(member);
    server.leave(room, member).onFailure(err -> LOG.debug("leave on the media server: {}", err.getMessage()));
  }

  /** Nobody is left in the room: the media server can let it go. */
  void vacant(String room) {
    if (open.remove(room) != null) {
      publishing.remove(room);
      server.closeRoom(room).onFailure(err -> LOG.debug("closing a room on the media server: {}", err.getMessage()));
    }
  }

  private void onEvent(String room, MediaEvent event) {
    if (event instanceof MediaEvent.LocalCandidate c) {
      host.toMember(room, c.leg().participant(), ServerFrames.sfuCandidate(legName(c.leg()), c.candidate().candidate(),
          c.candidate().sdpMid(), c.candidate().mLineIndex()));
    } else if (event instanceof MediaEvent.LocalCandidatesComplete c) {
      host.toMember(room, c.leg().participant(), ServerFrames.sfuCandidate(legName(c.leg()), null, null, -1));
    } else if (event instanceof MediaEvent.LegClosed c) {
      if (c.leg() instanceof MediaLeg.Publication) {
        published(room).remove(c.leg().participant());
      }
      host.toMember(room, c.leg().participant(), ServerFrames.sfuLegClosed(legName(c.leg()), c.reason()));
    } else if (event instanceof MediaEvent.RoomLost lost) {
      LOG.warn("media server lost room={}: {}", room, lost.reason());
      open.remove(room);
      publishing.remove(room);
      host.mediaLost(room, lost.reason());
    }
  }

  private static String legName(MediaLeg leg) {
    return leg instanceof MediaLeg.Publication ? "publish" : leg.feed();
  }

  private static void ack(Session s, ClientMessage m) {
    if (m.id() != null) {
      s.send(ServerFrames.ack(m.id(), m.type()));
    }
  }

  private static String code(Throwable err) {
    return err instanceof KonsilException k ? k.code() : ErrorCodes.INTERNAL;
  }

  private static String message(Throwable err) {
    return err instanceof KonsilException ? err.getMessage() : "The media server failed";
  }
}
