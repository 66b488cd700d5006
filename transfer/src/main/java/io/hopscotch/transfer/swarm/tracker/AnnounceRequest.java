package io.hopscotch.transfer.swarm.tracker;

import io.hopscotch.core.Key;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A BEP 3 tracker announce, parsed from the raw query string (the info-hash and peer id are
 * percent-encoded raw bytes, not text).
 *
 * @param infoHash the torrent
 * @param peerId 20-byte peer id
 * @param host the peer's address (the {@code ip} parameter if given, else the connection's source)
 * @param port the peer's listening port
 * @param left bytes the peer still misses
 * @param event {@code started}, {@code completed}, {@code stopped} or empty
 * @param compact whether a compact peer list (BEP 23) is wanted
 * @param numWant most peers wanted
 */
public record AnnounceRequest(Key infoHash, byte[] peerId, String host, int port, long left, String event, boolean compact,
                              int numWant) {

  /** Default number of peers returned. */
  public static final int DEFAULT_NUMWANT = 50;
  /** Most peers returned. */
  public static final int MAX_NUMWANT = 200;

  /**
   * Parses a query string.
   *
   * @param remoteHost the connection's source address
   * @throws IllegalArgumentException naming the parameter if one is missing or malformed
   */
  public static AnnounceRequest parse(String rawQuery, String remoteHost) {
    Map<String, byte[]> p = new HashMap<>();
    if (rawQuery != null) {
      for (String part : rawQuery.split("&")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          p.put(part.substring(0, eq), percentDecode(part.substring(eq + 1)));
        }
      }
    }
    byte[] hash = require(p, "info_hash");
    if (hash.length != 20) {
      throw new IllegalArgumentException("info_hash must be 20 bytes, got " + hash.length);
    }
    byte[] peerId = require(p, "peer_id");
    if (peerId.length != 20) {
      throw new IllegalArgumentException("peer_id must be 20 bytes, got " + peerId.length);
    }
    int port = (int) number(p, "port", -1);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, got " + port);
    }
    long left = number(p, "left", 0);
    String event = p.containsKey("event") ? text(p.get("event")).toLowerCase(Locale.ROOT) : "";
    boolean compact = !"0".equals(p.containsKey("compact") ? text(p.get("compact")) : "1");
    int numWant = (int) Math.max(0, Math.min(MAX_NUMWANT, number(p, "numwant", DEFAULT_NUMWANT)));
    String host = p.containsKey("ip") ? text(p.get("ip")) : remoteHost;
    return new AnnounceRequest(Key.fromBytes(hash), peerId, host, port, left, event, compact, numWant);
  }

  private static byte[] require(Map<String, byte[]> p, String name) {
    byte[] v = p.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing parameter " + name);
    }
    return v;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static long number(Map<String, byte[]> p, String name, long def) {
    byte[] v = p.get(name);
    if (v == null) {
      if (def < 0) {
        throw new IllegalArgumentException("missing parameter " + name);
      }
      return def;
    }
    try {
      return Long.parseLong(text(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter " + name + " must be an integer, got '" + text(v) + "'");
    }
  }

  /**
   * Decodes %XX escapes and '+' to raw bytes.
   *
   * @throws IllegalArgumentException on a malformed escape
   */
  public static byte[] percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("truncated %-escape in '" + s + "'");
        }
        int v = Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16);
        if (Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
          throw new IllegalArgumentException("malformed %-escape in '" + s + "'");
        }
        out.write(v);
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  /** Percent-encodes raw bytes, leaving unreserved characters as they are. */
  public static String percentEncode(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
