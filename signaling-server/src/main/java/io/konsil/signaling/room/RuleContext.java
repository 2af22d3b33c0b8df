package io.konsil.signaling.room;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.room.RoomDetails;
import io.konsil.signaling.ice.IceServers;
import java.time.Clock;

/** What rules need besides the room: the time, the limits, ICE servers for welcomes, the consultation's details. */
public record RuleContext(Clock clock, KonsilConfig.Signaling limits, IceServers ice, RoomDetails details) {
  public long now() {
    return clock.millis();
  }
}
