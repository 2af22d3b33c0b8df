package io.konsil.signaling.network;

/** A live node of the network as it announces itself: where clients reach it and which hospital it serves. */
public record NodeInfo(String instance, String nodeId, String url, String hospital) {}
