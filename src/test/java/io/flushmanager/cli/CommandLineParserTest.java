package io.flushmanager.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * The front-door options (SPEC section 12): each option, {@code --} handling, and every
 * usage error.
 */
class CommandLineParserTest {

	@Test
	void everyOptionMapsOntoItsProperty() {
		CommandLine line = run("--watch", "/etc/a.conf", "--watch=/etc/b.conf", "--debounce", "100ms", "--reload",
				"signal:sigusr1", "--port", "9090", "--", "exporter", "--config", "/etc/a.conf");
		assertThat(line.properties()).containsExactly(entry("flush-manager.watch.files[0]", "/etc/a.conf"),
				entry("flush-manager.watch.files[1]", "/etc/b.conf"), entry("flush-manager.watch.debounce", "100ms"),
				entry("flush-manager.reload.strategy", "signal"), entry("flush-manager.reload.signal", "USR1"),
				entry("server.port", "9090"), entry("flush-manager.child.command", "exporter"),
				entry("flush-manager.child.args[0]", "--config"), entry("flush-manager.child.args[1]", "/etc/a.conf"));
		assertThat(line.springArgs()).isEmpty();
	}

	@Test
	void everythingAfterTheSeparatorIsTheChildsArgvUntouched() {
		CommandLine line = run("--watch", "f", "--", "sh", "s.sh", "a,b", "${HOME}", "two words", "", "--watch", "--",
				"--help", "\\${X}");
		assertThat(line.command()).containsExactly("sh", "s.sh", "a,b", "${HOME}", "two words", "", "--watch", "--",
				"--help", "\\${X}");
		assertThat(line.watch()).containsExactly("f");
		// Escaped for Spring's placeholders: a backslash before each "${", which the
		// binder removes again.
		assertThat(line.properties()).contains(entry("flush-manager.child.args[2]", "\\${HOME}"),
				entry("flush-manager.child.args[8]", "\\\\${X}"), entry("flush-manager.child.args[1]", "a,b"),
				entry("flush-manager.child.args[4]", ""));
	}

	@Test
	void aCommandWithoutArgumentsClearsTheArgsOfLowerSources() {
		assertThat(run("--", "exporter").properties()).containsExactly(entry("flush-manager.child.command", "exporter"),
				entry("flush-manager.child.args", ""));
	}

	@Test
	void springStyleArgumentsAreKeptForSpringAndSetNoProperty() {
		CommandLine line = run("--spring.profiles.active=demo", "--debug", "--flush-manager.child.stop-timeout=3s",
				"--logging.level.io.flushmanager=DEBUG");
		assertThat(line.springArgs()).containsExactly("--spring.profiles.active=demo", "--debug",
				"--flush-manager.child.stop-timeout=3s", "--logging.level.io.flushmanager=DEBUG");
		assertThat(line.properties()).isEmpty();
		assertThat(run().properties()).isEmpty();
	}

	@ParameterizedTest(name = "--reload {0}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			restart                           | restart | -    | -
			RESTART                           | restart | -    | -
			signal                            | signal  | -    | -
			signal:HUP                        | signal  | HUP  | -
			signal:SIGTERM                    | signal  | TERM | -
			signal:sigterm                    | signal  | TERM | -
			signal:term                       | signal  | TERM | -
			http:http://127.0.0.1:9121/reload | http    | -    | http://127.0.0.1:9121/reload
			http:https://exporter/-/reload    | http    | -    | https://exporter/-/reload
			http://127.0.0.1:9121/reload      | http    | -    | http://127.0.0.1:9121/reload
			""")
	void reloadChoices(String value, String strategy, String signal, String url) {
		assertThat(run("--reload", value).reload()).isEqualTo(new CommandLine.Reload(strategy, signal, url));
	}

	@Test
	void helpAndVersionWinOverMistakesBesideThem() {
		assertThat(CommandLineParser.parse("--help")).isInstanceOf(CommandLineParser.Help.class);
		assertThat(CommandLineParser.parse("-h")).isInstanceOf(CommandLineParser.Help.class);
		assertThat(CommandLineParser.parse("--bogus", "--help")).isInstanceOf(CommandLineParser.Help.class);
		assertThat(CommandLineParser.parse("--version")).isInstanceOf(CommandLineParser.Version.class);
		// After "--" they are the child's.
		assertThat(CommandLineParser.parse("--", "tool", "--help")).isInstanceOf(CommandLineParser.Run.class);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			textBlock = """
					--bogus                          | unknown option --bogus
					--wacth=a.conf                   | unknown option --wacth
					-x                               | unknown option -x
					stray                            | unexpected argument 'stray': the child's command goes after --
					--watch                          | --watch needs a value
					--watch --                       | --watch needs a value
					--watch --debounce 1s -- x       | --watch needs a value
					--watch=                         | --watch needs a value
					--watch a.conf                   | --watch needs the child's command after --
					--reload bogus -- x              | --reload 'bogus' is not one of restart, signal:SIG (such as signal:HUP) or http:URL
					--reload signal:KILL -- x        | --reload signal:KILL: 'KILL' is not one of TERM, INT, QUIT, HUP, USR1, USR2
					--reload http:ftp://x -- x       | --reload http:ftp://x: the URL must start with http:// or https://
					--reload http:// -- x            | the URL has no host
					--reload                         | --reload needs a value: restart, signal:HUP or http:URL
					--debounce soon -- x             | --debounce 'soon' is not a duration
					--port 70000 -- x                | --port '70000' is not a port number (0-65535)
					--port http -- x                 | --port 'http' is not a port number
					--watch a.conf --                | no command after --
					""")
	void badUsageIsOneClearLine(String args, String message) {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLineParser.parse(args.split(" ")))
			.withMessageContaining(message);
	}

	@Test
	void anEmptyCommandIsRefused() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLineParser.parse("--", ""))
			.withMessage("the command after -- is empty");
	}

	@Test
	void frontDoorExitCodesAndStreams() {
		Printed help = frontDoor("--help");
		assertThat(help.outcome()).isEqualTo(new FrontDoor.Outcome(0, null));
		assertThat(help.out()).startsWith("Usage: flush-manager --watch FILE")
			.contains("win over every other property source");
		assertThat(help.err()).isEmpty();

		Printed version = frontDoor("--version");
		assertThat(version.outcome().exitCode()).isZero();
		assertThat(version.out()).isEqualTo("flush-manager dev\n");

		Printed bad = frontDoor("--watch");
		assertThat(bad.outcome()).isEqualTo(new FrontDoor.Outcome(2, null));
		assertThat(bad.out()).isEmpty();
		assertThat(bad.err())
			.isEqualTo("flush-manager: --watch needs a value, such as --watch /etc/app/app.conf (see --help)\n");

		Printed start = frontDoor("--port", "0", "--", "x");
		assertThat(start.outcome().exitCode()).isNull();
		assertThat(start.outcome().commandLine().properties()).containsEntry("server.port", "0");
	}

	@Test
	void theUsageNamesEveryPropertyItSets() {
		Map<String, Object> all = run("--watch", "a", "--debounce", "1s", "--reload", "http:http://h/", "--port", "1",
				"--", "c", "arg")
			.properties();
		for (String name : all.keySet()) {
			String property = name.replaceAll("\\[\\d+]$", "")
				.replace("flush-manager.reload.url", ".url")
				.replace("flush-manager.child.args", ".args");
			assertThat(Usage.text()).contains(property);
		}
	}

	private static CommandLine run(String... args) {
		return ((CommandLineParser.Run) CommandLineParser.parse(args)).commandLine();
	}

	private static Printed frontDoor(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		FrontDoor.Outcome outcome = FrontDoor.read(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Printed(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Printed(FrontDoor.Outcome outcome, String out, String err) {

	}

}
