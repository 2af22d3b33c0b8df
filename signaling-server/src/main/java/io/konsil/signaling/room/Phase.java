package io.konsil.signaling.room;

/** Where a member of a room is: waiting to be let in, or in the call. */
public enum Phase { LOBBY, CALL }
