/**
 * The service-provider interfaces: what a routing or transfer strategy implements
 * ({@link io.hopscotch.core.spi.RoutingStrategy}, {@link io.hopscotch.core.spi.TransferStrategy}) and
 * the context core gives it ({@link io.hopscotch.core.spi.StrategyContext}).
 */
package io.hopscotch.core.spi;
