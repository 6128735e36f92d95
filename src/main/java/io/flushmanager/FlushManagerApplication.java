package io.flushmanager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the flush-manager sidecar.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlushManagerApplication {

	public static void main(String[] args) {
		SpringApplication.run(FlushManagerApplication.class, args);
	}

}
