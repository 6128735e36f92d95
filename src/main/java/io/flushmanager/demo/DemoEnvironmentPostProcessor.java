package io.flushmanager.demo;

import io.flushmanager.fs.AtomicWriter;
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
 * With the {@code demo} profile, lays out a ConfigMap-style directory and a sample child
 * in a working folder before the properties are bound, so that
 * {@code application-demo.yaml} can point at them. An existing layout is kept, so the
 * demo survives restarts with the config it was last given.
 */
public class DemoEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String DIR_PROPERTY = "flush-manager.demo.dir";

	static final String CONFIG_KEY = "exporter.conf";

	static final String UPDATE_SCRIPT = "update-configmap.sh";

	static final String INITIAL_CONFIG = """
			# demo exporter config (edit with update-configmap.sh; the service's log prints the command)
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
			copy("sample-child.sh", dir);
			copy(UPDATE_SCRIPT, dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lay out the demo in " + dir, ex);
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource("flushManagerDemo", Map.of(DIR_PROPERTY, dir.toString())));
		this.logger.info("Demo ConfigMap directory: " + dir.resolve("conf")
				+ ". Update it the way the kubelet does with: " + updateCommand(dir));
	}

	/**
	 * The command that updates this demo from any directory and shell.
	 * @param dir the demo directory
	 * @return the command line, quoted for sh
	 */
	static String updateCommand(Path dir) {
		return "FLUSH_MANAGER_DEMO_DIR=" + shellQuote(dir.toString()) + " sh "
				+ shellQuote(dir.resolve(UPDATE_SCRIPT).toString()) + " 'new content'";
	}

	private static String shellQuote(String text) {
		return text.matches("[A-Za-z0-9_./:@%+=,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
	}

	private void copy(String name, Path dir) throws IOException {
		try (InputStream script = getClass().getResourceAsStream("/demo/" + name)) {
			Files.copy(script, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
