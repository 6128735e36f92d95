package io.flushmanager.child;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationEventPublisher;

import io.flushmanager.config.BackoffProperties;
import io.flushmanager.config.ChildProperties;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.config.Signal;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.time.Ticker;

import static org.awaitility.Awaitility.await;

/**
 * A supervisor on a script child, built without Spring, that keeps what it published:
 * events, output lines and service-exit codes. Closing it stops the supervisor.
 */
final class Harness implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(30);

	final List<ChildEvent> events = new CopyOnWriteArrayList<>();

	final List<String> lines = new CopyOnWriteArrayList<>();

	final List<Integer> exitCodes = new CopyOnWriteArrayList<>();

	final ScriptChild script;

	final ChildSupervisor supervisor;

	private Harness(Builder builder) {
		this.script = builder.script;
		ChildProperties properties = new ChildProperties("test", builder.script.command(), builder.args,
				builder.workingDir, builder.env, builder.envRemove, builder.inheritEnv, builder.stopSignal,
				builder.stopTimeout, builder.policy, builder.startGrace,
				new BackoffProperties(builder.backoffInitial, Duration.ofSeconds(5), 2.0, Duration.ofMinutes(10)),
				ChildProperties.Output.LOG);
		ChildLauncher launcher = builder.isolated ? ChildLauncher.detect(properties)
				: new ChildLauncher(properties, List.of());
		OutputSink sink = (builder.sink != null) ? builder.sink
				: (pid, stream, line) -> this.lines.add(stream + " " + pid + " " + line);
		ApplicationEventPublisher publisher = (builder.publisher != null) ? builder.publisher : (event) -> {
			if (event instanceof ChildEvent childEvent) {
				this.events.add(childEvent);
			}
		};
		this.supervisor = new ChildSupervisor(properties, launcher, ProcessTree.detect(Ticker.SYSTEM), sink,
				this.exitCodes::add, publisher, Clock.systemUTC(), Ticker.SYSTEM, SupervisorProbe.NONE, StartGate.OPEN);
	}

	static Builder of(ScriptChild script) {
		return new Builder(script);
	}

	Harness start() {
		this.supervisor.start();
		return this;
	}

	/** Wait until the child runs and its script has recorded its PID; returns the PID. */
	long awaitRunning() {
		// One status read decides and gives the PID: two reads could straddle a restart.
		return await().atMost(WAIT)
			.until(this.supervisor::status,
					(status) -> status.state() == ChildState.RUNNING && this.script.pids().contains(status.pid()))
			.pid();
	}

	ChildStatus awaitState(ChildState state) {
		await().atMost(WAIT).until(() -> this.supervisor.status().state() == state);
		return this.supervisor.status();
	}

	List<ChildEvent> events(ChildEvent.Type type) {
		return this.events.stream().filter((event) -> event.type() == type).toList();
	}

	@Override
	public void close() {
		this.supervisor.stop();
	}

	static final class Builder {

		private final ScriptChild script;

		private List<String> args = new ArrayList<>();

		private Path workingDir;

		private Map<String, String> env = Map.of();

		private List<String> envRemove = List.of();

		private boolean inheritEnv = true;

		private Signal stopSignal = Signal.TERM;

		private Duration stopTimeout = Duration.ofSeconds(10);

		private RestartPolicy policy = RestartPolicy.ALWAYS;

		private Duration startGrace = Duration.ofMillis(100);

		private Duration backoffInitial = Duration.ofMillis(100);

		private boolean isolated = true;

		private OutputSink sink;

		private ApplicationEventPublisher publisher;

		private Builder(ScriptChild script) {
			this.script = script;
		}

		Builder args(String... args) {
			this.args = List.of(args);
			return this;
		}

		Builder workingDir(Path workingDir) {
			this.workingDir = workingDir;
			return this;
		}

		Builder env(Map<String, String> env) {
			this.env = env;
			return this;
		}

		Builder envRemove(String... names) {
			this.envRemove = List.of(names);
			return this;
		}

		Builder inheritEnv(boolean inheritEnv) {
			this.inheritEnv = inheritEnv;
			return this;
		}

		Builder stopSignal(Signal stopSignal) {
			this.stopSignal = stopSignal;
			return this;
		}

		Builder stopTimeout(Duration stopTimeout) {
			this.stopTimeout = stopTimeout;
			return this;
		}

		Builder policy(RestartPolicy policy) {
			this.policy = policy;
			return this;
		}

		Builder startGrace(Duration startGrace) {
			this.startGrace = startGrace;
			return this;
		}

		Builder backoffInitial(Duration backoffInitial) {
			this.backoffInitial = backoffInitial;
			return this;
		}

		/** Spawn directly, without setsid/setpriv, as on a machine that lacks them. */
		Builder plainSpawn() {
			this.isolated = false;
			return this;
		}

		Builder sink(OutputSink sink) {
			this.sink = sink;
			return this;
		}

		Builder publisher(ApplicationEventPublisher publisher) {
			this.publisher = publisher;
			return this;
		}

		Harness start() {
			return new Harness(this).start();
		}

	}

}
