package io.hopscotch.transfer.swarm.meta;

import io.hopscotch.core.Key;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code magnet:} link naming a torrent by info-hash ({@code xt=urn:btih:}), with an optional display
 * name ({@code dn}) and trackers ({@code tr}).
 *
 * @param infoHash the info-hash
 * @param name display name, or null
 * @param trackers tracker URLs
 */
public record MagnetLink(Key infoHash, String name, List<String> trackers) {

  private static final String PREFIX = "magnet:?";
  private static final String BTIH = "urn:btih:";

  /** Copies the trackers. */
  public MagnetLink {
    java.util.Objects.requireNonNull(infoHash, "infoHash");
    trackers = List.copyOf(trackers);
  }

  /**
   * Parses a magnet link; the info-hash may be 40 hex digits or 32 base32 characters.
   *
   * @throws IllegalArgumentException naming the problem if the text is not a BitTorrent magnet link
   */
  public static MagnetLink parse(String text) {
    if (text == null || !text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new IllegalArgumentException("a magnet link starts with 'magnet:?', got '" + text + "'");
    }
    Key hash = null;
    String name = null;
    List<String> trackers = new ArrayList<>();
    for (String part : text.substring(PREFIX.length()).split("&")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String k = part.substring(0, eq);
      String v = URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      switch (k) {
        case "xt" -> {
          if (v.regionMatches(true, 0, BTIH, 0, BTIH.length())) {
            hash = hashOf(v.substring(BTIH.length()));
          }
        }
        case "dn" -> name = v;
        case "tr" -> trackers.add(v);
        default -> { }
      }
    }
    if (hash == null) {
      throw new IllegalArgumentException("magnet link has no 'xt=urn:btih:' info-hash: '" + text + "'");
    }
    return new MagnetLink(hash, name, trackers);
  }

  private static Key hashOf(String s) {
    if (s.length() == 40) {
      return Key.fromHex(s.toLowerCase(Locale.ROOT));
    }
    if (s.length() == 32) {
      return Key.fromBytes(base32(s.toUpperCase(Locale.ROOT)));
    }
    throw new IllegalArgumentException("a btih info-hash is 40 hex or 32 base32 characters, got '" + s + "'");
  }

  private static byte[] base32(String s) {
    byte[] out = new byte[20];
    long buffer = 0;
    int bits = 0;
    int o = 0;
    for (char c : s.toCharArray()) {
      int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
      if (v < 0) {
        throw new IllegalArgumentException("not a base32 character: '" + c + "'");
      }
      buffer = buffer << 5 | v;
      bits += 5;
      if (bits >= 8) {
        out[o++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }

  /** The link text: {@code magnet:?xt=urn:btih:HEX&dn=NAME&tr=URL…}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(PREFIX).append("xt=").append(BTIH).append(infoHash.toHex());
    if (name != null) {
      sb.append("&dn=").append(URLEncoder.encode(name, StandardCharsets.UTF_8));
    }
    trackers.forEach(t -> sb.append("&tr=").append(URLEncoder.encode(t, StandardCharsets.UTF_8)));
    return sb.toString();
  }
}
