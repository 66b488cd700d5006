/**
 * The conformance kit: behaviours every routing strategy must show, run on the simulator
 * ({@link io.hopscotch.core.conformance.SimConformanceKit}) and on real loopback TLS
 * ({@link io.hopscotch.core.conformance.NetConformanceKit}). Published in core's test-jar.
 */
package io.hopscotch.core.conformance;
