/**
 * Content transfer strategies: the direct best-host download, and (later) the BitTorrent-style swarm.
 */
package io.hopscotch.transfer;
