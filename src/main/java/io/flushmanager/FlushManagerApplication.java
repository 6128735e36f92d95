package io.flushmanager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the flush-manager sidecar.
 */
// spring-cloud-context's own "restart" endpoint (it restarts the whole Spring context) would clash with
// ours by id; excluded here rather than only in application.yaml, where a user's own
// spring.autoconfigure.exclude list would replace it.
@SpringBootApplication(excludeName = "org.springframework.cloud.autoconfigure.RefreshEndpointAutoConfiguration")
@ConfigurationPropertiesScan
public class FlushManagerApplication {

	public static void main(String[] args) {
		SpringApplication.run(FlushManagerApplication.class, args);
	}

}
