package io.konsil.signaling.media;

/**
 * What a media server can do beyond forwarding media, so that room logic can decide without knowing which it is.
 *
 * @param videoLayers whether {@link MediaServer#selectLayer} can give a subscriber a lower simulcast layer
 * @param recordingFormat what a recording is written as ("mjr" for Janus, "webm" for Kurento)
 */
public record MediaCapabilities(String server, boolean videoLayers, String recordingFormat) {}
