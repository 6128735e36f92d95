package io.flushmanager.child;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.support.Processes;
import io.flushmanager.support.ScriptChild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChildConfigurationTest {

	@TempDir
	Path dir;

	@Test
	void theContextStartsTheChildAndItsShutdownStopsIt() {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		List<Long> pids = new CopyOnWriteArrayList<>();
		new ApplicationContextRunner().withUserConfiguration(Base.class, Listener.class)
			.withPropertyValues("flush-manager.child.command=" + script.command(),
					"flush-manager.child.name=spring-test", "flush-manager.child.start-grace=100ms")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChildControl.class).hasSingleBean(ChildSupervisor.class);
				ChildControl child = context.getBean(ChildControl.class);
				// Running, and the script's first line has run: on a busy machine the
				// shell
				// may take longer than the start-grace.
				await().atMost(Harness.WAIT)
					.until(() -> child.status().state() == ChildState.RUNNING
							&& script.pids().contains(child.status().pid()));
				pids.add(child.status().pid());
				assertThat(child.healthy()).isTrue();
				assertThat(context.getBean(ServiceExit.class)).isInstanceOf(SpringServiceExit.class);
				assertThat(context.getBean(Listener.class).events).extracting(ChildEvent::type)
					.containsExactly(Type.STARTED);
			});
		// The runner closed the context: the lifecycle stopped the child.
		assertThat(pids).hasSize(1);
		Processes.assertGone(pids);
		assertThat(script.read("child.pids")).isNotEmpty();
	}

	@Test
	void withRestartPolicyExitTheServiceExitsWithTheChildsCode() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", "sleep 0.5; exit 42");
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				classpath, "-XX:TieredStopAtLevel=1", ExitApp.class.getName(),
				"--flush-manager.child.command=" + script.command(), "--flush-manager.child.restart-policy=exit")
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("jvm.log").toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("the service exited").isTrue();
			assertThat(jvm.exitValue()).as("exit code; log:%n%s", script.read("jvm.log")).isEqualTo(42);
			assertThat(script.read("jvm.log")).contains("restart-policy is exit");
		}
		finally {
			jvm.destroyForcibly();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(FlushManagerProperties.class)
	@Import(ChildConfiguration.class)
	static class Base {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

	static class Listener {

		final List<ChildEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ChildEvent event) {
			this.events.add(event);
		}

	}

	/** A service with only the child part, in a JVM of its own. */
	static final class ExitApp {

		public static void main(String[] args) {
			SpringApplication application = new SpringApplication(Base.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			application.run(args);
		}

	}

}
