package io.flushmanager.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service given a child but nothing to watch refuses to start, as a real process: exit
 * code 1 and a failure-analysis block that says what to set and where to read on, no
 * stack trace first.
 */
class EmptySetupTest {

	@Test
	void nothingToWatchStopsTheStartWithWhatToSet() throws Exception {
		ServiceProcess.Ended ended = ServiceProcess.run(List.of("--flush-manager.child.command=sh", "--server.port=0"));
		assertThat(ended.exitCode()).as(ended.output()).isEqualTo(1);
		assertThat(ended.output())
			.contains("APPLICATION FAILED TO START", "Nothing to watch", "flush-manager.watch.files", "--watch FILE",
					"HELP.md")
			.doesNotContain("\tat org.springframework")
			.doesNotContain("Child process started");
	}

	@Test
	void aWrongValueIsReportedBeforeTheEmptySetup() throws Exception {
		ServiceProcess.Ended ended = ServiceProcess.run(List.of("--flush-manager.child.command=sh",
				"--flush-manager.watch.compare=sometimes", "--server.port=0"));
		assertThat(ended.exitCode()).isEqualTo(1);
		assertThat(ended.output()).contains("Property: flush-manager.watch.compare").doesNotContain("Nothing to watch");
	}

	@Test
	void everyWayOfGivingWorkNamesItsProperty() {
		assertThat(SetupCheck.SOURCES).extracting(SetupCheck.Source::property)
			.contains("flush-manager.watch.files", "flush-manager.source.kubernetes.enabled",
					"flush-manager.collect.dirs");
	}

}
