package io.konsil.signaling.media;

/** The room logic's ear for a room's {@link MediaEvent}s; called on the context that opened the room. */
@FunctionalInterface
public interface MediaEvents {
  void on(MediaEvent event);
}
