package io.flushmanager.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import io.flushmanager.FlushManagerApplication;

/**
 * The whole service started in this JVM on a free port with the given command-line
 * arguments (and any extra beans), for tests that need a different setup each; closing it
 * is the service's own shutdown. Unlike {@code @SpringBootTest}, a plain start would
 * component-scan the test classes too (their nested configurations included), so they are
 * excluded.
 */
public final class RunningService implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpApi api;

	private RunningService(ConfigurableApplicationContext context) {
		this.context = context;
		this.api = new HttpApi(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	/**
	 * Start the service.
	 * @param args arguments as on the command line
	 * ({@code --flush-manager.child.command=...}); short intervals (poll 200ms, debounce
	 * 100ms, start-grace 200ms, stop-timeout 5s, backoff 200ms) and a watched file of its
	 * own ({@link ServiceProcess#defaultWatchedFile()}: a setup with nothing to watch
	 * does not start) unless given
	 * @param beans registers extra beans before the context is refreshed
	 * @return the running service
	 */
	public static RunningService start(List<String> args, Consumer<GenericApplicationContext> beans) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(FlushManagerApplication.class)
			// Defaults, not arguments: a property given twice on the command line is
			// joined ("5s,1s").
			.properties("flush-manager.watch.poll-interval=200ms", "flush-manager.watch.debounce=100ms",
					"flush-manager.child.start-grace=200ms", "flush-manager.child.stop-timeout=5s",
					"flush-manager.child.backoff.initial=200ms",
					"flush-manager.watch.files=" + ServiceProcess.defaultWatchedFile())
			.initializers((context) -> {
				context.getBeanFactory()
					.registerSingleton(TestClassesExcluded.class.getName(), new TestClassesExcluded());
				beans.accept((GenericApplicationContext) context);
			});
		// As an argument: application.yaml's server.port would win over a default, and a
		// fixed port collides
		// with any other service on the machine.
		List<String> all = new ArrayList<>(args);
		if (args.stream().noneMatch((arg) -> arg.startsWith("--server.port="))) {
			all.add("--server.port=0");
		}
		return new RunningService(builder.run(all.toArray(String[]::new)));
	}

	/**
	 * Start the service with its own beans only.
	 * @param args arguments as on the command line
	 * @return the running service
	 */
	public static RunningService start(List<String> args) {
		return start(args, (context) -> {
		});
	}

	public HttpApi api() {
		return this.api;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * {@code GET /api/child}.
	 * @return the body
	 */
	public JsonNode child() {
		return this.api.get("/api/child").json();
	}

	/**
	 * The child's state as {@code GET /api/child} says.
	 * @return such as {@code RUNNING}
	 */
	public String childState() {
		return child().get("state").asString();
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** Keeps classes compiled from {@code src/test} out of component scanning. */
	static final class TestClassesExcluded extends TypeExcludeFilter {

		@Override
		public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
			return reader.getResource().getURL().getPath().contains("/test-classes/");
		}

		@Override
		public boolean equals(Object other) {
			return other != null && other.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}

	}

}
