package io.flushmanager.cli;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options as Spring binds them: first among the property sources, not split on
 * commas, with no placeholder resolved, and a whole list replacing a lower source's list.
 */
class CommandLinePropertiesTest {

	@Test
	void valuesBindVerbatimOverLowerSources() {
		List<String> argv = List.of("sh", "s.sh", "a,b", "${HOME}", "two words", "", "\\${HOME}", "${X:default}",
				"$HOME");
		StandardEnvironment environment = environment(argv, "watched,${HOME}.conf");
		Binder binder = Binder.get(environment);
		assertThat(binder.bind("flush-manager.child.command", String.class).get()).isEqualTo("sh");
		assertThat(binder.bind("flush-manager.child.args", Bindable.listOf(String.class)).get())
			.containsExactlyElementsOf(argv.subList(1, argv.size()));
		assertThat(binder.bind("flush-manager.watch.files", Bindable.listOf(String.class)).get())
			.containsExactly("watched,${HOME}.conf");
		// The environment's own resolution (Environment.getProperty) leaves them alone
		// too.
		assertThat(environment.getProperty("flush-manager.child.args[2]")).isEqualTo("${HOME}");
	}

	@Test
	void aCommandAloneClearsLowerArgs() {
		Binder binder = Binder.get(environment(List.of("exporter"), "f"));
		assertThat(binder.bind("flush-manager.child.args", Bindable.listOf(String.class)).get()).isEmpty();
	}

	private static StandardEnvironment environment(List<String> argv, String file) {
		CommandLine line = ((CommandLineParser.Run) CommandLineParser
			.parse(java.util.stream.Stream.concat(List.of("--watch", file, "--").stream(), argv.stream())
				.toArray(String[]::new)))
			.commandLine();
		StandardEnvironment environment = new StandardEnvironment();
		// What an application.yaml or a Spring-style argument would have said.
		environment.getPropertySources()
			.addFirst(new MapPropertySource("lower",
					Map.of("flush-manager.child.args", "x,y", "flush-manager.child.args[0]", "z",
							"flush-manager.watch.files", "a,b", "flush-manager.child.command", "other", "HOME",
							"/home/x")));
		environment.getPropertySources()
			.addFirst(new MapPropertySource(CommandLine.PROPERTY_SOURCE_NAME, line.properties()));
		return environment;
	}

}
