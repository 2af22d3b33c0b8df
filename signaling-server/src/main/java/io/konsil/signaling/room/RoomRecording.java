package io.konsil.signaling.room;

/**
 * A recording of the room through the media server: who started it, when, until when (0 while it runs) and where
 * the media server writes it. Only ever started with every participant's consent.
 */
public record RoomRecording(String by, long since, long until, String location) {
  public boolean active() {
    return until == 0;
  }

  public RoomRecording stopped(long at) {
    return new RoomRecording(by, since, at, location);
  }
}
