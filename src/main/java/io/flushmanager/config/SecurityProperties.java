package io.flushmanager.config;

import org.jspecify.annotations.Nullable;

/**
 * Protection of mutating calls.
 *
 * @param token when set, mutating calls need an Authorization header with this bearer
 * token
 */
public record SecurityProperties(@Nullable String token) {

}
