package io.konsil.signaling.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The fast path for {@code offer}, {@code answer} and {@code candidate}, which are nearly all of a call's frames: one
 * streaming pass validates the JSON and finds {@code type}, {@code to} and {@code id}, and the forwarded frame is
 * spliced from the sender's own text — the members other than {@code id}, {@code to} and {@code from} are copied as
 * they were sent — instead of building a JSON tree and encoding it again (which cost most of the relay's CPU).
 * Frames of other types return null and take the general path in {@link ClientFrames}.
 */
final class RelayFrames {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private RelayFrames() {}

  static ClientMessage.Relay tryRead(String text) {
    String type = null;
    String to = null;
    String id = null;
    boolean toPresent = false;
    boolean toNotString = false;
    boolean sdpPresent = false;
    boolean sdpString = false;
    boolean candidatePresent = false;
    StringBuilder kept = new StringBuilder(text.length() + 8);
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadFrame(ErrorCodes.MALFORMED_JSON, "A frame must be one JSON object", null);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        int start = (int) p.currentTokenLocation().getCharOffset();
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "to" -> {
            toPresent = value != JsonToken.VALUE_NULL;
            if (value == JsonToken.VALUE_STRING) {
              to = p.getText();
            } else {
              toNotString = toPresent;
            }
          }
          case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText()
              : value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT
                  ? p.getNumberValue().toString() : null;
          case "sdp" -> {
            sdpPresent = value != JsonToken.VALUE_NULL;
            sdpString = value == JsonToken.VALUE_STRING;
          }
          case "candidate" -> candidatePresent = true;
          default -> { }
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
        } else {
          p.finishToken();
        }
        if (!name.equals("id") && !name.equals("to") && !name.equals("from")) {
          int end = (int) p.currentLocation().getCharOffset();
          kept.append(',').append(text, start, end);
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new BadFrame(ErrorCodes.MALFORMED_JSON, "A frame must be one JSON object", null);
      }
    } catch (IOException e) {
      throw new BadFrame(ErrorCodes.MALFORMED_JSON, "A frame must be one JSON object", null);
    }
    if (type == null || !(type.equals("offer") || type.equals("answer") || type.equals("candidate"))) {
      return null;
    }
    if (id != null && id.length() > ClientFrames.MAX_ID_CHARS) {
      id = null;
    }
    if (type.equals("candidate")) {
      if (!candidatePresent) {
        throw new BadFrame(ErrorCodes.MISSING_FIELD, "Field 'candidate' is required", id);
      }
    } else if (!sdpPresent) {
      throw new BadFrame(ErrorCodes.MISSING_FIELD, "Field 'sdp' is required", id);
    } else if (!sdpString) {
      throw new BadFrame(ErrorCodes.INVALID_FIELD, "Field 'sdp' must be a string", id);
    }
    if (!toPresent) {
      throw new BadFrame(ErrorCodes.MISSING_FIELD, "Field 'to' is required", id);
    }
    if (toNotString) {
      throw new BadFrame(ErrorCodes.INVALID_FIELD, "Field 'to' must be a string", id);
    }
    if (to.length() > ClientFrames.MAX_ID_CHARS) {
      throw new BadFrame(ErrorCodes.INVALID_FIELD, "Field 'to' is too long", id);
    }
    return new ClientMessage.Relay(id, type, to, kept.toString());
  }
}
