package io.flushmanager.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * With the {@code demo} profile, lays out a ConfigMap-style directory and a sample child in a working
 * folder before the properties are bound, so that {@code application-demo.yaml} can point at them.
 * An existing layout is kept, so the demo survives restarts with the config it was last given.
 */
public class DemoEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String DIR_PROPERTY = "flush-manager.demo.dir";

	static final String CONFIG_KEY = "exporter.conf";

	static final String INITIAL_CONFIG = """
			# demo exporter config (edit with demo/update-configmap.sh)
			redis.addr=redis://127.0.0.1:6379
			scrape.interval=15s
			""";

	private final Log logger;

	public DemoEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DemoEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.acceptsProfiles(Profiles.of("demo"))) {
			return;
		}
		Path dir = Path.of(environment.getProperty(DIR_PROPERTY, "demo-work")).toAbsolutePath().normalize();
		try {
			Path conf = dir.resolve("conf");
			if (!Files.isSymbolicLink(conf.resolve(AtomicWriter.DATA_DIR))) {
				new AtomicWriter(conf).writeText(Map.of(CONFIG_KEY, INITIAL_CONFIG));
			}
			try (InputStream script = getClass().getResourceAsStream("/demo/sample-child.sh")) {
				Files.copy(script, dir.resolve("sample-child.sh"), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lay out the demo in " + dir, ex);
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource("flushManagerDemo", Map.of(DIR_PROPERTY, dir.toString())));
		this.logger.info("Demo ConfigMap directory: " + dir.resolve("conf") + " (update it with demo/update-configmap.sh)");
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
