package io.konsil.signaling.call;

import io.konsil.common.token.Caller;

/** Who is joining on which connection, with the devices they said they have (a patient may join without camera). */
public record Joiner(String conn, Caller caller, boolean camera, boolean microphone) {}
