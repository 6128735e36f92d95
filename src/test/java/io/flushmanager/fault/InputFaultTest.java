package io.flushmanager.fault;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.Processes;
import io.flushmanager.support.RunningService;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.support.ServiceProcess;

import static io.flushmanager.fault.ChildFaultTest.IDLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Fault injection, the input side: every property of SPEC section 2 that can hold a wrong
 * value stops the start with the failure-analysis block (and exit code 1 for a real
 * process), and bad HTTP requests get a 4xx JSON error, never a 500.
 */
@ExtendWith(OutputCaptureExtension.class)
class InputFaultTest {

	@TempDir
	static Path dir;

	static ScriptChild script;

	static RunningService service;

	@BeforeAll
	static void start() {
		script = ScriptChild.create(dir, "child", "trap 'exit 0' TERM\n" + IDLE);
		service = RunningService.start(List.of("--flush-manager.child.command=" + script.command()));
	}

	@AfterAll
	static void stop() {
		service.close();
		Processes.assertGone(script.pids());
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', nullValues = "(unset)", textBlock = """
			flush-manager.watch.files[0]             | /tmp      | is a directory; list the config file itself
			flush-manager.watch.native-events        | sometimes | cannot be read as boolean
			flush-manager.watch.poll-interval        | 50ms      | must be at least 100ms
			flush-manager.watch.poll-interval        | soon      | is not a duration
			flush-manager.watch.debounce             | -1s       | must not be negative
			flush-manager.watch.compare              | sometimes | is not one of: content, metadata
			flush-manager.watch.history-size         | 0         | must be greater than or equal to 1
			flush-manager.watch.history-size         | many      | cannot be read as int
			flush-manager.watch.missing-file         | ignore    | is not one of: wait, fail
			flush-manager.child.command              | /no/such/exporter | is not an executable file
			flush-manager.child.command              | (unset)   | must be set to the executable to supervise
			flush-manager.child.working-dir          | /no/such/dir | is not an existing directory
			flush-manager.child.working-dir          | /etc/hostname | is not an existing directory
			flush-manager.child.stop-signal          | KILL      | is not one of: term, int, quit, hup, usr1, usr2
			flush-manager.child.stop-timeout         | -1s       | must not be negative
			flush-manager.child.restart-policy       | sometimes | is not one of: always, on-failure, never, exit
			flush-manager.child.start-grace          | -1s       | must not be negative
			flush-manager.child.backoff.initial      | -1s       | must not be negative
			flush-manager.child.backoff.max          | -1s       | must not be negative
			flush-manager.child.backoff.multiplier   | 0.5       | must be greater than or equal to 1.0
			flush-manager.child.backoff.reset-after  | -1s       | must not be negative
			flush-manager.reload.strategy            | sometimes | is not one of: restart, signal, http
			flush-manager.reload.strategy            | http      | must be set when flush-manager.reload.strategy=http
			flush-manager.reload.signal              | KILL      | is not one of: term, int, quit, hup, usr1, usr2
			flush-manager.reload.url                 | ftp://x   | must be an http or https URL
			flush-manager.reload.method              | DELETE    | is not one of: post, put, get
			flush-manager.reload.timeout             | 0s        | must be at least 1ms
			flush-manager.reload.retries             | -1        | must be greater than or equal to 0
			flush-manager.reload.validate-command    | /no/such/validator | is not an executable file
			flush-manager.reload.min-interval        | -1s       | must not be negative
			""")
	void everyInvalidPropertyValueIsExplained(String property, String value, String reason, CapturedOutput output) {
		List<String> args = new ArrayList<>();
		if (!property.equals("flush-manager.child.command")) {
			args.add("--flush-manager.child.command=sh");
		}
		if (value != null) {
			args.add("--" + property + "=" + value);
		}
		assertThatException().isThrownBy(() -> RunningService.start(args).close());
		String named = property.equals("flush-manager.reload.strategy") && value.equals("http")
				? "flush-manager.reload.url" : property;
		String text = output.toString();
		String block = text.substring(text.lastIndexOf("APPLICATION FAILED TO START"));
		assertThat(block).contains("Property: " + named, "Reason: " + reason, "Action:");
		if (!named.equals(property)) {
			return;
		}
		assertThat(block).contains((value != null) ? "Value: \"" + value + "\"" : "Value: (not set)");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			--flush-manager.reload.validate-command=/no/such/validator | flush-manager.reload.validate-command
			--flush-manager.child.working-dir=/no/such/dir             | flush-manager.child.working-dir
			--flush-manager.watch.debounce=-1s                         | flush-manager.watch.debounce
			""")
	void aRealProcessExitsWithCodeOneAndTheAnalysisComesFirst(String argument, String property) throws Exception {
		ServiceProcess.Ended ended = ServiceProcess.run(List.of("--flush-manager.child.command=sh", argument));
		assertThat(ended.exitCode()).as(ended.output()).isEqualTo(1);
		assertThat(ended.output()).contains("APPLICATION FAILED TO START", "Property: " + property)
			.doesNotContain("\tat org.springframework");
	}

	@Test
	void theServiceStillRunsAfterTheBadRequestsBelow() {
		assertThat(service.childState()).isIn("STARTING", "RUNNING");
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			DELETE | /api/child/restart          | 405
			GET    | /api/child/restart          | 405
			PUT    | /api/watch                  | 405
			POST   | /api/watch/history          | 405
			TRACE  | /api/child                  | 405
			PATCH  | /actuator/restart           | 405
			GET    | /api/watch/history?path=%zz | 400
			GET    | /api/child?x=%            | 400
			GET    | /api/%zz                    | 400
			GET    | /api/watch/history?path=/not/watched | 404
			GET    | /no/such/page               | 404
			GET    | /actuator/nope              | 404
			""")
	void aBadRequestGetsA4xxJsonError(String method, String target, int status) {
		HttpAnswer answer = service.api().raw(method, target);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
		if (!method.equals("TRACE")) {
			assertThat(answer.contentType()).as(answer.toString()).contains("json");
			assertThat(answer.json().get("status").asInt()).isEqualTo(status);
		}
	}

	@ParameterizedTest(name = "{0} chunked={1}")
	@CsvSource(delimiter = '|', textBlock = """
			/api/child/restart | false
			/api/child/restart | true
			/actuator/restart  | false
			/actuator/restart  | true
			""")
	void aHugeBodyIsRefusedWithA413AndRestartsNothing(String path, boolean chunked) {
		long restarts = service.child().get("restartCount").asLong();
		HttpAnswer answer = service.api().upload("POST", path, 10 * 1024 * 1024, chunked);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
		assertThat(answer.contentType()).contains("json");
		assertThat(service.child().get("restartCount").asLong()).isEqualTo(restarts);
	}

	@ParameterizedTest(name = "{0} chunked={1}")
	@CsvSource(delimiter = '|', textBlock = """
			/api/child/restart | false
			/api/child/restart | true
			/actuator/restart  | false
			/actuator/restart  | true
			""")
	void anyBodyIsRefusedBeforeItIsReadSinceNoCallTakesOne(String path, boolean chunked) {
		long restarts = service.child().get("restartCount").asLong();
		HttpAnswer answer = service.api().upload("POST", path, 16, chunked);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
		assertThat(answer.json().get("message").asString()).contains("curl -X POST");
		assertThat(answer.headers().firstValue("Connection")).hasValue("close");
		assertThat(service.child().get("restartCount").asLong()).isEqualTo(restarts);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/api/child/restart", "/actuator/restart" })
	void aBodylessOrEmptyFormPostRestarts(String path) {
		long restarts = service.child().get("restartCount").asLong();
		// curl -X POST: no Content-Length at all.
		HttpAnswer bodyless = service.api().raw("POST", path);
		assertThat(bodyless.status()).as(bodyless.toString()).isEqualTo(200);
		// curl -d '': an empty form.
		HttpAnswer emptyForm = service.api()
			.send("POST", path, BodyPublishers.ofString(""), "Content-Type", "application/x-www-form-urlencoded");
		assertThat(emptyForm.status()).as(emptyForm.toString()).isEqualTo(200);
		assertThat(service.child().get("restartCount").asLong()).isEqualTo(restarts + 2);
	}

	@Test
	void aHugeHeaderOrQueryIsA4xxJsonErrorToo() {
		HttpAnswer header = service.api().get("/api/watch", "X-Filler", "y".repeat(64 * 1024));
		assertThat(header.status()).as(header.toString()).isBetween(400, 499);
		assertThat(header.contentType()).contains("json");
		HttpAnswer query = service.api().get("/api/watch/history?path=" + "z".repeat(64 * 1024));
		assertThat(query.status()).as(query.toString()).isBetween(400, 499);
		assertThat(query.contentType()).contains("json");
	}

}
