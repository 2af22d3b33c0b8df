package io.konsil.signaling.media;

import io.konsil.signaling.media.MediaLeg.Publication;
import io.konsil.signaling.media.MediaLeg.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an adapter keeps of one room on its media server: each leg with the server's object for it (a Janus handle, a
 * Kurento endpoint), as a future, and the room's outlet for {@link MediaEvent}s, which stays shut once the room has
 * ended. Confined to the adapter's context.
 *
 * @param <H> the media server's object for a leg
 */
public final class RoomLegs<H> {
  private final Map<MediaLeg, Future<H>> legs = new HashMap<>();
  private final MediaEvents events;
  private final Context eventContext;
  private boolean open = true;

  /** @param eventContext where the room logic takes its events (the context that opened the room) */
  public RoomLegs(MediaEvents events, Context eventContext) {
    this.events = events;
    this.eventContext = eventContext;
  }

  public void put(MediaLeg leg, Future<H> value) {
    legs.put(leg, value);
  }

  public boolean has(MediaLeg leg) {
    return legs.containsKey(leg);
  }

  /** The leg's object, or a failure naming the unknown leg. */
  public Future<H> get(MediaLeg leg) {
    Future<H> value = legs.get(leg);
    return value != null ? value : Future.failedFuture(MediaErrors.legUnknown(leg));
  }

  /** Forgets the leg; null when it was not known. */
  public Future<H> remove(MediaLeg leg) {
    return legs.remove(leg);
  }

  /** Every leg the participant holds: its publication and its subscriptions. */
  public List<MediaLeg> of(String participant) {
    List<MediaLeg> found = new ArrayList<>();
    legs.keySet().stream().filter(l -> l.participant().equals(participant)).forEach(found::add);
    return found;
  }

  /** Subscriptions to {@code publisher}'s feed, which end when it leaves. */
  public List<Subscription> subscriptionsTo(String publisher) {
    List<Subscription> found = new ArrayList<>();
    for (MediaLeg leg : legs.keySet()) {
      if (leg instanceof Subscription s && s.publisher().equals(publisher)) {
        found.add(s);
      }
    }
    return found;
  }

  public List<Publication> publications() {
    List<Publication> found = new ArrayList<>();
    legs.keySet().stream().filter(l -> l instanceof Publication).map(l -> (Publication) l).forEach(found::add);
    return found;
  }

  /**
   * A participant leaves: its legs are released, and so are the subscriptions to its feed, which carry nothing any
   * more — the room logic hears of each of those as closed. Failures to release are the media server's business.
   */
  public Future<Void> leave(String participant, Function<MediaLeg, Future<Void>> release) {
    List<Future<Void>> released = new ArrayList<>();
    for (MediaLeg leg : of(participant)) {
      released.add(release.apply(leg));
    }
    for (Subscription s : subscriptionsTo(participant)) {
      released.add(release.apply(s));
      emit(new MediaEvent.LegClosed(s, "publisher left"));
    }
    return Future.join(released).mapEmpty();
  }

  /** Hands the event to the room logic on its own context, unless the room has ended. */
  public void emit(MediaEvent event) {
    if (open) {
      eventContext.runOnContext(v -> events.on(event));
    }
  }

  public boolean isOpen() {
    return open;
  }

  /** The room is gone: no more events, no legs. */
  public void end() {
    open = false;
    legs.clear();
  }
}
