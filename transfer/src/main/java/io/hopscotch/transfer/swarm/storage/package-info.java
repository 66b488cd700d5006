/** File-backed piece storage for single- and multi-file torrents, with verify-on-start for resume. */
package io.hopscotch.transfer.swarm.storage;
