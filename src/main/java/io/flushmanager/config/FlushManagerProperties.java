package io.flushmanager.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * All settings of flush-manager, bound from the {@code flush-manager} prefix (HELP.md,
 * "Configuration").
 *
 * @param watch which files to watch and how
 * @param child the supervised child process
 * @param reload how a confirmed change reaches the child
 * @param security protection of the mutating HTTP calls
 * @param heap the service's own Java heap
 */
@ConfigurationProperties("flush-manager")
public record FlushManagerProperties(@NestedConfigurationProperty @DefaultValue WatchProperties watch,
		@NestedConfigurationProperty @DefaultValue ChildProperties child,
		@NestedConfigurationProperty @DefaultValue ReloadProperties reload,
		@NestedConfigurationProperty @DefaultValue SecurityProperties security,
		@NestedConfigurationProperty @DefaultValue HeapProperties heap) {

}
