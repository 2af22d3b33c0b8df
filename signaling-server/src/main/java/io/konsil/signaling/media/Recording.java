package io.konsil.signaling.media;

import java.time.Instant;

/**
 * A room being recorded.
 *
 * @param location where the media server writes it, on the media server's host (a directory for Janus, a file URI
 *     for Kurento)
 */
public record Recording(String room, String location, Instant startedAt) {}
