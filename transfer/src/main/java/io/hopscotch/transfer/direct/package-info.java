/**
 * The direct best-host transfer (transfer name {@code direct}): content announced under its SHA-1
 * through the overlay, downloaded in verified chunks from the holder with the best probed rate.
 */
package io.hopscotch.transfer.direct;
