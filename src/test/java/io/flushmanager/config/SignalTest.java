package io.flushmanager.config;

import java.util.List;

import io.flushmanager.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Signal names as people write them (SPEC section 12): with or without SIG, in any case.
 */
class SignalTest {

	@ParameterizedTest
	@ValueSource(strings = { "TERM", "SIGTERM", "sigterm", "term", "SigTerm", " TERM " })
	void everySpellingOfTerm(String text) {
		assertThat(Signal.parse(text)).isEqualTo(Signal.TERM);
	}

	@ParameterizedTest
	@ValueSource(strings = { "KILL", "SIGKILL", "9", "", "SIG", "SIGSIGTERM" })
	void othersAreRefusedWithTheChoices(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Signal.parse(text))
			.withMessageContaining("is not one of TERM, INT, QUIT, HUP, USR1, USR2");
	}

	@Test
	void signalPropertiesAcceptEverySpelling() {
		try (RunningService service = RunningService
			.start(List.of("--server.port=0", "--flush-manager.child.command=sh",
					"--flush-manager.child.args=-c,sleep 600", "--flush-manager.child.stop-signal=sigint",
					"--flush-manager.reload.strategy=signal", "--flush-manager.reload.signal=SIGUSR1"))) {
			FlushManagerProperties properties = service.bean(FlushManagerProperties.class);
			assertThat(properties.child().stopSignal()).isEqualTo(Signal.INT);
			assertThat(properties.reload().signal()).isEqualTo(Signal.USR1);
		}
	}

}
