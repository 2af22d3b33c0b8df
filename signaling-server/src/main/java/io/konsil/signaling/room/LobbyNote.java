package io.konsil.signaling.room;

/** A moderator's message to the people waiting ("running 10 minutes late"), shown until replaced or cleared. */
public record LobbyNote(String text, String from, long ts) {}
