/**
 * Content transfer strategies. {@code direct} (package {@code direct}) downloads a whole file from
 * the best single holder and suits small content; {@code swarm} (package {@code swarm}) cuts content
 * into SHA-1-verified pieces and exchanges them among all peers over the BitTorrent peer wire
 * protocol, which suits large content and many fetchers. A node runs one transfer strategy, chosen by
 * {@code NodeOptions.setTransfer}: pick {@code swarm} when content is typically larger than a few MiB
 * or fetched by many nodes at once, {@code direct} otherwise.
 */
package io.hopscotch.transfer;
