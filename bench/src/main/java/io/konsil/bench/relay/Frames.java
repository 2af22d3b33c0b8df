package io.konsil.bench.relay;

/**
 * Offer- and candidate-sized signaling frames addressed with {@code to}, carrying the send time as {@code kbt=NANOS;}
 * inside the relayed SDP / candidate string (the only part a relay must pass on unchanged), so latency is measured
 * the same way through Konsil (which rewrites {@code to} into {@code from}) and the verbatim baseline.
 *
 * <p>Mix: one offer (~3 KB) per four candidates (~300 B), as in an ICE exchange with a handful of candidates.
 */
final class Frames {
  static final String MARK = "kbt=";
  static final int OFFER_EVERY = 5;

  private final String candidateHead;
  private final String candidateTail;
  private final String offerHead;
  private final String offerTail;

  Frames(String to) {
    candidateHead = "{\"type\":\"candidate\",\"to\":\"" + to + "\",\"candidate\":{\"candidate\":\"candidate:" + MARK;
    candidateTail = "; 842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.7 rport 46154"
        + " generation 0 ufrag EsQm network-id 1 network-cost 10\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,"
        + "\"usernameFragment\":\"EsQm\"}}";
    offerHead = "{\"type\":\"offer\",\"to\":\"" + to + "\",\"sdp\":\"v=0\\r\\no=- " + MARK;
    offerTail = "; 2 IN IP4 127.0.0.1\\r\\n" + SDP_BODY + "\"}";
  }

  /** Frame number {@code seq} of a lane, stamped with {@code nanos}. */
  String frame(long seq, long nanos) {
    return seq % OFFER_EVERY == 0
        ? offerHead + nanos + offerTail
        : candidateHead + nanos + candidateTail;
  }

  /** The send time stamped into a relayed frame, or -1 when the frame is not one of ours. */
  static long stamp(String text) {
    int i = text.indexOf(MARK);
    if (i < 0) {
      return -1;
    }
    long v = 0;
    for (int p = i + MARK.length(); p < text.length(); p++) {
      char c = text.charAt(p);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static int candidateBytes() {
    return new Frames("p123456789").frame(1, System.nanoTime()).length();
  }

  static int offerBytes() {
    return new Frames("p123456789").frame(0, System.nanoTime()).length();
  }

  /** A browser-shaped audio+video offer body (JSON-escaped line ends), ~3 KB with the head. */
  private static final String SDP_BODY = String.join("\\r\\n",
      "s=-", "t=0 0", "a=group:BUNDLE 0 1", "a=extmap-allow-mixed", "a=msid-semantic: WMS 5c1a2b3c",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
      "a=ice-ufrag:EsQm", "a=ice-pwd:Jq0cEmhJ6QxYc5pYfJ3Xb0vL", "a=ice-options:trickle",
      "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
      "a=setup:actpass", "a=mid:0", "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
      "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
      "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
      "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=sendrecv", "a=msid:5c1a2b3c 7d8e9f00-audio",
      "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc", "a=fmtp:111 minptime=10;useinbandfec=1",
      "a=rtpmap:63 red/48000/2", "a=fmtp:63 111/111", "a=rtpmap:9 G722/8000", "a=rtpmap:0 PCMU/8000",
      "a=rtpmap:8 PCMA/8000", "a=rtpmap:13 CN/8000", "a=rtpmap:110 telephone-event/48000",
      "a=rtpmap:126 telephone-event/8000", "a=ssrc:1001 cname:bench", "a=ssrc:1001 msid:5c1a2b3c 7d8e9f00-audio",
      "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46 98 99 100 101 112 113",
      "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:EsQm", "a=ice-pwd:Jq0cEmhJ6QxYc5pYfJ3Xb0vL",
      "a=ice-options:trickle",
      "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
      "a=setup:actpass", "a=mid:1", "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
      "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "a=extmap:13 urn:3gpp:video-orientation",
      "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
      "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
      "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
      "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
      "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
      "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
      "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "a=sendrecv",
      "a=msid:5c1a2b3c 1a2b3c4d-video", "a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:96 VP8/90000",
      "a=rtcp-fb:96 goog-remb", "a=rtcp-fb:96 transport-cc", "a=rtcp-fb:96 ccm fir", "a=rtcp-fb:96 nack",
      "a=rtcp-fb:96 nack pli", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96", "a=rtpmap:102 H264/90000",
      "a=rtcp-fb:102 goog-remb", "a=rtcp-fb:102 transport-cc", "a=rtcp-fb:102 ccm fir", "a=rtcp-fb:102 nack",
      "a=rtcp-fb:102 nack pli", "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
      "a=rtpmap:103 rtx/90000", "a=fmtp:103 apt=102", "a=rtpmap:104 H264/90000",
      "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f", "a=rtpmap:105 rtx/90000",
      "a=fmtp:105 apt=104", "a=rtpmap:45 AV1/90000", "a=fmtp:45 level-idx=5;profile=0;tier=0",
      "a=rtpmap:98 VP9/90000", "a=fmtp:98 profile-id=0", "a=rtpmap:99 rtx/90000", "a=fmtp:99 apt=98",
      "a=rtpmap:112 red/90000", "a=rtpmap:113 ulpfec/90000", "a=ssrc-group:FID 2001 2002",
      "a=ssrc:2001 cname:bench", "a=ssrc:2001 msid:5c1a2b3c 1a2b3c4d-video", "a=ssrc:2002 cname:bench",
      "a=ssrc:2002 msid:5c1a2b3c 1a2b3c4d-video", "");
}
