package io.konsil.signaling.room;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.room.RoomDetails;
import io.konsil.signaling.ice.IceServers;
import java.time.Clock;

/**
 * What rules need besides the room: the time, the limits, ICE servers for welcomes, the consultation's details, and
 * how many a call keeps peer to peer ({@code meshMax}) before it needs the media server ({@code mediaServer}: its
 * kind, e.g. janus; null when none is configured).
 */
public record RuleContext(Clock clock, KonsilConfig.Signaling limits, IceServers ice, RoomDetails details, int meshMax,
                          String mediaServer) {
  public long now() {
    return clock.millis();
  }
}
