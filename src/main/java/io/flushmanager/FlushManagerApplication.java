package io.flushmanager;

import io.flushmanager.cli.FrontDoor;
import io.flushmanager.cli.ServiceStart;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the flush-manager sidecar.
 */
// spring-cloud-context's own "restart" endpoint (it restarts the whole Spring context)
// would clash with
// ours by id; excluded here rather than only in application.yaml, where a user's own
// spring.autoconfigure.exclude list would replace it.
@SpringBootApplication(excludeName = "org.springframework.cloud.autoconfigure.RefreshEndpointAutoConfiguration")
@ConfigurationPropertiesScan
public class FlushManagerApplication {

	public static void main(String[] args) {
		// --help, --version and usage errors are answered here, before any Spring class
		// is loaded.
		FrontDoor.Outcome outcome = FrontDoor.read(args, System.out, System.err);
		if (outcome.exitCode() != null) {
			System.exit(outcome.exitCode());
		}
		ServiceStart.run(FlushManagerApplication.class, outcome.commandLine());
	}

}
