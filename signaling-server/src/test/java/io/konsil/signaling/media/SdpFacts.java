package io.konsil.signaling.media;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a test checks in an SDP: fingerprints, ICE credentials, m-lines and their mids. */
record SdpFacts(Set<String> fingerprints, Set<String> iceUfrags, Set<String> icePwds, List<String> media,
    List<String> mids) {
  private static final Pattern FINGERPRINT = Pattern.compile("(?m)^a=fingerprint:sha-256 ([0-9A-Fa-f:]+)\\s*$");
  private static final Pattern UFRAG = Pattern.compile("(?m)^a=ice-ufrag:(\\S+)\\s*$");
  private static final Pattern PWD = Pattern.compile("(?m)^a=ice-pwd:(\\S+)\\s*$");
  private static final Pattern M_LINE = Pattern.compile("(?m)^m=(\\w+) ");
  private static final Pattern MID = Pattern.compile("(?m)^a=mid:(\\S+)\\s*$");

  static SdpFacts of(Sdp sdp) {
    String text = sdp.text();
    return new SdpFacts(all(FINGERPRINT, text, true), all(UFRAG, text, false), all(PWD, text, false),
        list(M_LINE, text), list(MID, text));
  }

  private static Set<String> all(Pattern p, String text, boolean upper) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(upper ? m.group(1).toUpperCase() : m.group(1));
    }
    return found;
  }

  private static List<String> list(Pattern p, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
