/** Torrent metainfo (BEP 3): info dictionaries, {@code .torrent} files and magnet links. */
package io.hopscotch.transfer.swarm.meta;
