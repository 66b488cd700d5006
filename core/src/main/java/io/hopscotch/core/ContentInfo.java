package io.hopscotch.core;

import java.util.Objects;

/**
 * What a fetcher needs to download published content: its id, a file name, its size, the transfer
 * strategy that serves it, and that strategy's own metadata (for the swarm, the bencoded info
 * dictionary, or the whole {@code .torrent} when the content names trackers; for the direct transfer,
 * nothing).
 *
 * @param id content id (the SHA-1 of the content for the direct transfer, the info-hash for the swarm)
 * @param name suggested file name, without directories
 * @param size size in bytes
 * @param transfer name of the transfer strategy
 * @param metadata strategy-specific bytes, never null
 */
public record ContentInfo(Key id, String name, long size, String transfer, byte[] metadata) {

  /** Validates the components. */
  public ContentInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(transfer, "transfer");
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("content name must be a plain file name, got '" + name + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("content size must be >= 0, got " + size);
    }
    metadata = metadata == null ? new byte[0] : metadata.clone();
  }

  @Override
  public byte[] metadata() {
    return metadata.clone();
  }
}
