package io.flushmanager.reload.stage;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.ChildEnvironment;
import io.flushmanager.child.StartGate;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.config.ReloadProperties;
import io.flushmanager.config.StartupFailureException;
import io.flushmanager.config.VerifyProperties;
import io.flushmanager.reload.AppliedConfig;
import io.flushmanager.reload.ConfigValidator;
import io.flushmanager.reload.ReloaderDecorator;
import io.flushmanager.time.Ticker;

/**
 * The reload transaction (HELP.md, "Reload as a transaction"), present only when
 * {@code flush-manager.reload.stage-dir} or a {@code reload.verify.*} check is set.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(TransactionCondition.class)
public class TransactionConfiguration {

	private static final Log logger = LogFactory.getLog(TransactionConfiguration.class);

	private static final String STAGE_DIR = "flush-manager.reload.stage-dir";

	@Bean
	@ConditionalOnProperty(STAGE_DIR)
	Stage stage(FlushManagerProperties properties) {
		Path dir = properties.reload().stageDir();
		checkNames(properties.watch().files(), dir);
		warnAboutMountedArguments(properties);
		try {
			return new Stage(dir);
		}
		catch (IOException | RuntimeException ex) {
			throw new StartupFailureException("The stage dir " + dir + " cannot be used: " + ex.getMessage(),
					"Point " + STAGE_DIR + " at a writable directory (an emptyDir volume), or leave it unset.");
		}
	}

	@Bean
	@ConditionalOnProperty(STAGE_DIR)
	StartGate stageStart(Stage stage, FlushManagerProperties properties, AppliedConfig applied) {
		return new StageStart(stage, properties.watch().files(), validator(properties), applied,
				properties.watch().maxFileSize().toBytes());
	}

	/**
	 * Also the child's {@link io.flushmanager.child.OutputTap}: it sees every output
	 * line.
	 */
	@Bean
	@ConditionalOnProperty("flush-manager.reload.verify.log-pattern")
	LogLines verifyLogLines(FlushManagerProperties properties) {
		return new LogLines(Pattern.compile(properties.reload().verify().logPattern()));
	}

	@Bean
	ReloaderDecorator reloadTransaction(FlushManagerProperties properties, ChildControl child, Ticker ticker,
			ObjectProvider<Stage> stage, ObjectProvider<LogLines> logLines) {
		ReloadProperties reload = properties.reload();
		VerifyProperties verify = reload.verify();
		Verifier verifier = new Verifier(ticker, Verifier.Pause.SLEEP, verify.stableFor(), verify.timeout());
		HttpClient client = (verify.httpUrl() != null)
				? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build() : null;
		LogLines lines = logLines.getIfAvailable();
		Duration restartTimeout = properties.child().stopTimeout().plus(verify.timeout()).plusSeconds(30);
		return (strategy) -> new ReloadTransaction(stage.getIfAvailable(), reload.rollsBack(),
				!reload.validateCommand().isEmpty(), strategy, child, verifier, (mark) -> {
					List<Verifier.Check> checks = new ArrayList<>();
					if (client != null) {
						checks.add(Checks.http(client, verify.httpUrl()));
					}
					if (verify.tcpPort() != null) {
						checks.add(Checks.tcp(verify.tcpPort()));
					}
					if (lines != null) {
						checks.add(Checks.log(lines, mark));
					}
					return checks;
				}, lines, new RedactedDiff(reload.diff() == ReloadProperties.Diff.REDACTED),
				properties.watch().maxFileSize().toBytes(), restartTimeout);
	}

	@Bean(destroyMethod = "close")
	PodEvents podEvents() {
		return new PodEvents(System.getenv());
	}

	@Bean
	TransactionEvents transactionEvents(PodEvents podEvents) {
		return new TransactionEvents(podEvents);
	}

	private static ConfigValidator validator(FlushManagerProperties properties) {
		ReloadProperties reload = properties.reload();
		return reload.validateCommand().isEmpty() ? null : new ConfigValidator(reload.validateArgv(), reload.timeout(),
				ChildEnvironment.of(properties.child()).variables());
	}

	/**
	 * The child reads {@code <stage-dir>/<file name>}: two files of one name would land
	 * on one copy.
	 */
	static void checkNames(List<Path> files, Path dir) {
		Map<String, Path> seen = new HashMap<>();
		for (Path file : files) {
			Path other = seen.putIfAbsent(file.getFileName().toString(), file);
			if (other != null) {
				throw new StartupFailureException(
						"Watched files " + other + " and " + file + " have the same name, " + "so with " + STAGE_DIR
								+ "=" + dir + " both would be staged as " + dir.resolve(file.getFileName()) + ".",
						"Give the watched files distinct names (mount them under other keys), or leave " + STAGE_DIR
								+ " unset.");
			}
		}
	}

	private static void warnAboutMountedArguments(FlushManagerProperties properties) {
		for (String arg : properties.child().args()) {
			for (Path file : properties.watch().files()) {
				if (arg.equals(file.toString()) || arg.endsWith("=" + file)) {
					logger.warn("The child's argument " + arg + " names the watched file " + file
							+ ": the child reads the " + "mounted file, which staging cannot protect. Point it at "
							+ properties.reload().stageDir().resolve(file.getFileName()) + " (or $FM_STAGE_DIR/"
							+ file.getFileName() + ")");
				}
			}
		}
	}

}
