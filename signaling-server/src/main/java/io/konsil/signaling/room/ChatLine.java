package io.konsil.signaling.room;

/** One chat message kept in the room for late joiners. */
public record ChatLine(String from, String name, String text, long ts) {}
