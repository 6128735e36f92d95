package io.flushmanager.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What HELP.md says about {@code ${...}} in property values: Spring resolves it as a
 * placeholder, and {@code \$} keeps it literal (Spring Framework 6.2 and later).
 */
class PlaceholderEscapeTest {

	@Test
	void aPlaceholderIsResolvedAndABackslashKeepsItLiteral() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("flush-manager.child.args",
					"--user=${FM_TEST_UNSET:nobody},--literal=\\${HOME},--price=5$")));
		List<String> args = Binder.get(environment)
			.bind("flush-manager.child.args", Bindable.listOf(String.class))
			.get();
		assertThat(args).containsExactly("--user=nobody", "--literal=${HOME}", "--price=5$");
	}

}
