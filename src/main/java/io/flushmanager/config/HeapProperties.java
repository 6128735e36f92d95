package io.flushmanager.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own Java heap.
 *
 * @param compactAfterStart whether to run one full garbage collection once the service
 * has started, so that the heap the start-up garbage grew shrinks back (with the free
 * ratios of the image's JVM options) and its pages go back to the system
 */
public record HeapProperties(@DefaultValue("true") boolean compactAfterStart) {

}
