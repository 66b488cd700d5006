package io.hopscotch.transfer.swarm.meta;

import java.util.List;

/**
 * One file of a torrent, in the order the info dictionary lists it.
 *
 * @param path path components below the torrent's directory (the single file's name for single-file
 *     content); each checked to be a plain name
 * @param length bytes
 * @param offset byte offset of this file within the concatenated content
 */
public record FileEntry(List<String> path, long length, long offset) {

  /** Copies the path. */
  public FileEntry {
    path = List.copyOf(path);
  }
}
