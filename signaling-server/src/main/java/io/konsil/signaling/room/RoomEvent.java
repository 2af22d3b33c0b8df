package io.konsil.signaling.room;

import java.util.List;

/**
 * A committed change of a room, as it travels to every node with people in the room: the new state (nodes keep it as
 * their view) and the deliveries it causes, each addressed to one connection; each node carries out those of its own
 * connections. {@code ended}: a moderator ended the room, so connections still joining are told too.
 */
public record RoomEvent(RoomState state, List<Delivery> deliveries, boolean ended) {}
