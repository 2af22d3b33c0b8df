package io.konsil.signaling.switchboard;

import io.konsil.common.token.Caller;

/**
 * One authenticated connection as the rooms see it, from the handshake on: a value the transport holds and hands
 * back. {@code conn} names it across the network ({@code <node instance>/<sequence>}); {@code wouldWait} says whether,
 * at the handshake, this caller would have waited in the lobby (for the preflight's answer).
 */
public record Ticket(String conn, String room, String roomKey, Caller caller, String tokenKey, boolean wouldWait,
                     boolean camera, boolean microphone) {}
