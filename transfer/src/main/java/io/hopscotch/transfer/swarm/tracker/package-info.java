/** The HTTP tracker protocol (BEP 3, compact peer lists BEP 23): requests, responses and tracker state. */
package io.hopscotch.transfer.swarm.tracker;
